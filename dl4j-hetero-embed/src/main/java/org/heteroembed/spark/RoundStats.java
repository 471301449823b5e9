package org.heteroembed.spark;

import java.io.Serializable;

/**
 * One round of {@link SparkFastTrainer}: the rows and bytes it moved ({@code bytesFromExecutors}: the changes
 * the tasks emitted; {@code bytesToDriver}: the same after merging rows on the executors), and how much the tasks' row updates
 * overlapped. {@code crossPartitionFraction}: of the row updates made by walk tokens (each token in a task's
 * walks updates its row), the fraction on rows another partition owns; {@code foreignRowFraction}: of the
 * (task, changed row) pairs, the fraction whose row another partition owns; {@code sharedRowFraction}: the fraction whose row was also changed by another
 * task in the same round (the updates the merge has to combine).
 */
public record RoundStats(int epoch, int round, int tasks, long rowsShipped, long rowsChanged, long bytesToExecutors,
                         long bytesFromExecutors, long bytesToDriver, double crossPartitionFraction, double foreignRowFraction,
                         double sharedRowFraction,
                         long tokens, long pairs, double seconds) implements Serializable {
    /** Rows shipped to the tasks plus the changes the tasks sent (merged on the executors before the driver). */
    public long bytesExchanged() {
        return bytesToExecutors + bytesFromExecutors;
    }
}
