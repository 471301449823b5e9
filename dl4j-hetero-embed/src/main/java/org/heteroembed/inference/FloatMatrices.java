package org.heteroembed.inference;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/** Copies between ND4J matrices and Java float arrays. */
public final class FloatMatrices {
    private FloatMatrices() {
    }

    /**
     * The rows of a matrix as float arrays. {@link INDArray#toFloatMatrix()} builds an ND4J view (and its shape
     * information) per row, which dominated evaluation's vector lookups; this copies the buffer once, in row-major
     * order, and splits it.
     *
     * @throws IllegalArgumentException if {@code m} is not a matrix
     */
    public static float[][] rows(INDArray m) {
        if (m.rank() != 2) {
            throw new IllegalArgumentException("expected a matrix, got shape " + Arrays.toString(m.shape()));
        }
        int rows = (int) m.rows(), cols = (int) m.columns();
        float[] flat = flat(m);
        float[][] out = new float[rows][];
        for (int i = 0; i < rows; i++) {
            out[i] = Arrays.copyOfRange(flat, i * cols, (i + 1) * cols);
        }
        return out;
    }

    /** The elements of {@code m} as floats in row-major order: one bulk copy of a (possibly strided) view. */
    public static float[] flat(INDArray m) {
        return m.isEmpty() ? new float[0] : m.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }
}
