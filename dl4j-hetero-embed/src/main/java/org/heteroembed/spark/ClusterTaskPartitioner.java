package org.heteroembed.spark;

import org.apache.spark.Partitioner;
import org.heteroembed.train.partitioned.ClusterSchedule;

/**
 * Groups an epoch's bucket segments by the task of {@link ClusterSchedule} that trains them: RDD partition
 * {@code round * E + executor}. Keys are bucket ids {@code in * P + out} (an {@code Integer}), so one shuffle of the
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

    @Override
    public int numPartitions() {
        return executors * executors;
    }

    @Override
    public int getPartition(Object key) {
        int bucket = (Integer) key;
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
