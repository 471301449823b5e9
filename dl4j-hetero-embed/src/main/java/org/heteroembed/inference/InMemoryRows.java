package org.heteroembed.inference;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The rows of one FLOAT {@code [all nodes, d]} row-major matrix in memory (a model file's input tables). */
final class InMemoryRows implements VectorRows {
    private final INDArray vectors;

    InMemoryRows(INDArray vectors) {
        if (vectors.dataType() != DataType.FLOAT || vectors.rank() != 2 || vectors.ordering() != 'c') {
            throw new IllegalArgumentException("need a row-major FLOAT [n, d] matrix, got " + vectors.shapeInfoToString());
        }
        this.vectors = vectors;
    }

    @Override
    public long rows() {
        return vectors.rows();
    }

    @Override
    public int dim() {
        return Math.toIntExact(vectors.columns());
    }

    @Override
    public float[] row(long row) {
        return vectors.getRow(row).toFloatVector();
    }

    @Override
    public INDArray block(long from, long to) {
        return vectors.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
    }

    @Override
    public INDArray gather(long[] rows) {
        int[] r = new int[rows.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = Math.toIntExact(rows[i]);
        }
        return Nd4j.pullRows(vectors, 1, r);
    }

    @Override
    public boolean inMemory() {
        return true;
    }
}
