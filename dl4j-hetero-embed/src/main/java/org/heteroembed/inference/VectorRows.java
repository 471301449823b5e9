package org.heteroembed.inference;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where a model's vectors are read from: the rows {@code [all nodes, d]} (global order: types in order, ids in order
 * within a type) of one whole table in memory ({@link InMemoryRows}) or of a partitioned model's memory-mapped
 * partition files ({@link PartitionedRows}). Everything {@link HeteroEmbeddings} answers goes through these three
 * reads, so both kinds of model answer alike. Implementations are safe for concurrent reads.
 */
interface VectorRows {
    long rows();

    int dim();

    /** Copies row {@code row} into a new array. */
    float[] row(long row);

    /**
     * Rows {@code [from, to)} as a FLOAT {@code [to - from, d]} row-major matrix: a view of an in-memory table, a copy
     * for a partitioned one. Callers must not modify it.
     */
    INDArray block(long from, long to);

    /** Copies of the given rows, in order, as a FLOAT {@code [rows.length, d]} matrix. */
    INDArray gather(long[] rows);

    /** Whether the rows are in memory already (a whole type is then a view, not a copy). */
    boolean inMemory();
}
