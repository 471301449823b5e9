package org.heteroembed.spark.partitioned;

import java.io.Serializable;

/**
 * What a task of a partitioned round returns to the driver: the checksums of the generations it wrote (the driver
 * names them in the next round), where it ran (the next round asks for the same executor), and counts. No rows.
 * A class, not a record: task results go through Kryo.
 */
final class TaskReport implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The executor slot: the input class the task trained. */
    int slot;
    /** Spark's task location of the executor it ran on ({@code executor_HOST_ID}). */
    String location;
    /** The partitions whose input (output) table it wrote, and the checksums of the new generations. */
    int[] inParts, outParts;
    long[] inChecksums, outChecksums;
    long tokens, pairs, buckets;
    double lossSum;
    long lossCount;
    /** Bytes of rows read from files, taken from this executor's cache, and written. */
    long bytesRead, bytesCached, bytesWritten;
    double seconds;
}
