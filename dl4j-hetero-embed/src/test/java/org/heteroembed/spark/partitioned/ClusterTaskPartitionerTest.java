package org.heteroembed.spark.partitioned;

import org.heteroembed.train.partitioned.BucketOrder;
import org.heteroembed.train.partitioned.ClusterSchedule;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every bucket's segments land in the RDD partition of the task that trains it. */
class ClusterTaskPartitionerTest {

    @Test
    void bucketsGoToTheirTasksPartition() {
        int p = 12, e = 3;
        ClusterTaskPartitioner partitioner = new ClusterTaskPartitioner(p, e);
        assertEquals(9, partitioner.numPartitions());
        int[] perPartition = new int[partitioner.numPartitions()];
        for (ClusterSchedule.Round round : ClusterSchedule.plan(p, e, 1, 0).rounds()) {
            for (ClusterSchedule.Task task : round.tasks()) {
                for (BucketOrder.Bucket b : task.buckets()) {
                    int at = partitioner.getPartition(partitioner.key(b.in(), b.out()));
                    assertEquals(round.index() * e + task.executor(), at, b.toString());
                    perPartition[at]++;
                }
            }
        }
        for (int n : perPartition) {
            assertEquals((p / e) * (p / e), n, "each task's partition holds its buckets");
        }
        assertThrows(IllegalArgumentException.class, () -> partitioner.getPartition(p * p));
        assertThrows(IllegalArgumentException.class, () -> new ClusterTaskPartitioner(5, 2));
        assertEquals(new ClusterTaskPartitioner(12, 3), partitioner);
        assertEquals(new ClusterTaskPartitioner(12, 3).hashCode(), partitioner.hashCode());
        assertNotEquals(new ClusterTaskPartitioner(12, 4), partitioner);
    }
}
