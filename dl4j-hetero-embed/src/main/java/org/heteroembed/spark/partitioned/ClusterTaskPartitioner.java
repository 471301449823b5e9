package org.heteroembed.spark.partitioned;

import org.apache.spark.Partitioner;
import org.heteroembed.train.partitioned.ClusterSchedule;

/**
 * Groups an epoch's bucket segments by the task of {@link ClusterSchedule} that trains them: RDD partition
 * {@code round * E + executor}. Keys are bucket ids {@code in * P + out} (an {@code Integer}), or segment keys
 * ({@link #segmentKey}: the bucket and the segment's first walk in a {@code Long}, so that sorting by key within a
 * partition orders a task's segments by bucket and walk, the same on every run), so one shuffle of the
 * cut windows gives each round's job exactly its tasks' partitions (a job over partitions {@code [round * E,
 * (round + 1) * E)}), and a lost partition is recomputed from the deterministic walks. Equal for equal (P, E), so
 * Spark does not shuffle again an RDD already partitioned this way.
 */
public final class ClusterTaskPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int partitions;
    private final int executors;

    /**
     * @param partitions P, a multiple of {@code executors}
     * @param executors  E
     */
    public ClusterTaskPartitioner(int partitions, int executors) {
        if (executors < 1 || partitions < executors || partitions % executors != 0) {
            throw new IllegalArgumentException("partitions (" + partitions + ") must be a positive multiple of the executors ("
                    + executors + ")");
        }
        this.partitions = partitions;
        this.executors = executors;
    }

    /** The key of bucket {@code (in, out)}. */
    public int key(int in, int out) {
        return in * partitions + out;
    }

    /** Bits of a segment key that hold the first walk: walks up to 2^40 (a trillion), buckets up to 2^23. */
    static final int WALK_BITS = 40;

    /** The key of a segment of bucket {@code bucket} whose chunk starts at walk {@code firstWalk}. */
    public static long segmentKey(int bucket, long firstWalk) {
        if (firstWalk < 0 || firstWalk >= 1L << WALK_BITS) {
            throw new IllegalArgumentException("walk index " + firstWalk + " does not fit a segment key");
        }
        return (long) bucket << WALK_BITS | firstWalk;
    }

    /** The bucket of a {@link #segmentKey}. */
    public static int bucketOf(long segmentKey) {
        return (int) (segmentKey >>> WALK_BITS);
    }

    /** The first walk of a {@link #segmentKey}. */
    public static long firstWalkOf(long segmentKey) {
        return segmentKey & ((1L << WALK_BITS) - 1);
    }

    @Override
    public int numPartitions() {
        return executors * executors;
    }

    @Override
    public int getPartition(Object key) {
        int bucket = key instanceof Long segment ? bucketOf(segment) : (Integer) key;
        int in = bucket / partitions, out = bucket % partitions;
        if (in >= partitions || bucket < 0) {
            throw new IllegalArgumentException("bucket id " + bucket + " is not in [0, " + partitions * partitions + ")");
        }
        return ClusterSchedule.roundOf(in, out, executors) * executors + ClusterSchedule.executorOf(in, executors);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterTaskPartitioner c && c.partitions == partitions && c.executors == executors;
    }

    @Override
    public int hashCode() {
        return 31 * partitions + executors;
    }
}
