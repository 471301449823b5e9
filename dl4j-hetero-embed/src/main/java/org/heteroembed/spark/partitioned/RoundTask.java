package org.heteroembed.spark.partitioned;

import java.io.Serializable;

/**
 * What the driver tells the tasks of one round: the generation (and checksum) of every partition's input and output
 * table to read, the learning rates at the round's start and end, each task's tokens (its rate moves linearly over
 * them), and the window grouping of the epoch. Shipped in the round's closure (small: four longs per partition).
 */
final class RoundTask implements Serializable {
    private static final long serialVersionUID = 1L;
    final int epoch;
    final int round;
    final long[] inGeneration, inChecksum, outGeneration, outChecksum;
    final float lrStart, lrEnd;
    /** Tokens of each executor's task in this round. */
    final long[] taskTokens;
    /** Sub-windows trained together with shared negatives (see {@code PartitionedTrainer}). */
    final int group;

    RoundTask(int epoch, int round, long[] inGeneration, long[] inChecksum, long[] outGeneration, long[] outChecksum,
              float lrStart, float lrEnd, long[] taskTokens, int group) {
        this.epoch = epoch;
        this.round = round;
        this.inGeneration = inGeneration.clone();
        this.inChecksum = inChecksum.clone();
        this.outGeneration = outGeneration.clone();
        this.outChecksum = outChecksum.clone();
        this.lrStart = lrStart;
        this.lrEnd = lrEnd;
        this.taskTokens = taskTokens.clone();
        this.group = group;
    }
}
