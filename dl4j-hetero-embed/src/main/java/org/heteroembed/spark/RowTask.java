package org.heteroembed.spark;

import java.io.Serializable;

/**
 * What the driver ships to one task of a fast-engine round: the rows the task may update (sorted global
 * indices: its walks' nodes plus a sample of global negatives), their corpus counts, their current input and
 * output vectors (row-major {@code [rows, d]}), and the learning rate at the round's start and end.
 * Its size is proportional to the rows the task touches, not to the tables.
 *
 * <p>A class, not a record: Kryo (Spark's usual serializer) cannot build records.
 */
final class RowTask implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int partition;
    private final int epoch;
    private final int round;
    private final int[] rows;
    private final long[] counts;
    private final float[] in;
    private final float[] out;
    private final float lrStart;
    private final float lrEnd;

    RowTask(int partition, int epoch, int round, int[] rows, long[] counts, float[] in, float[] out, float lrStart, float lrEnd) {
        this.partition = partition;
        this.epoch = epoch;
        this.round = round;
        this.rows = rows;
        this.counts = counts;
        this.in = in;
        this.out = out;
        this.lrStart = lrStart;
        this.lrEnd = lrEnd;
    }

    int partition() {
        return partition;
    }

    int epoch() {
        return epoch;
    }

    int round() {
        return round;
    }

    int[] rows() {
        return rows;
    }

    long[] counts() {
        return counts;
    }

    float[] in() {
        return in;
    }

    float[] out() {
        return out;
    }

    float lrStart() {
        return lrStart;
    }

    float lrEnd() {
        return lrEnd;
    }

    long bytes() {
        return 4L * rows.length + 8L * counts.length + 4L * in.length + 4L * out.length;
    }
}
