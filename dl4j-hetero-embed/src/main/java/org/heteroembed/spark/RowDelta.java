package org.heteroembed.spark;

import java.io.Serializable;

/**
 * What one task of a fast-engine round returns: for each row it changed (sorted global indices), the change of
 * its input and output vectors ({@code [rows, d]}), with the round's counts. {@code foreignRows} of the changed
 * rows belong to another partition than the task's (by the ownership partition).
 *
 * <p>A class, not a record: Kryo (Spark's usual serializer) cannot build records.
 */
final class RowDelta implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int partition;
    private final int[] rows;
    private final float[] dIn;
    private final float[] dOut;
    private final long tokens;
    private final long pairs;
    private final int foreignRows;
    private final long foreignTokens;
    private final long shippedBytes;

    RowDelta(int partition, int[] rows, float[] dIn, float[] dOut, long tokens, long pairs, int foreignRows, long foreignTokens, long shippedBytes) {
        this.partition = partition;
        this.rows = rows;
        this.dIn = dIn;
        this.dOut = dOut;
        this.tokens = tokens;
        this.pairs = pairs;
        this.foreignRows = foreignRows;
        this.foreignTokens = foreignTokens;
        this.shippedBytes = shippedBytes;
    }

    int partition() {
        return partition;
    }

    int[] rows() {
        return rows;
    }

    float[] dIn() {
        return dIn;
    }

    float[] dOut() {
        return dOut;
    }

    long tokens() {
        return tokens;
    }

    long pairs() {
        return pairs;
    }

    int foreignRows() {
        return foreignRows;
    }

    long foreignTokens() {
        return foreignTokens;
    }

    long shippedBytes() {
        return shippedBytes;
    }

    long bytes() {
        return 4L * rows.length + 4L * dIn.length + 4L * dOut.length;
    }
}
