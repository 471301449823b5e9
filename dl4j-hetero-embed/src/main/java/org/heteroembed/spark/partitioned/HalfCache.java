package org.heteroembed.spark.partitioned;

import org.bytedeco.javacpp.FloatPointer;
import org.heteroembed.tables.PartitionFile;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rows an executor JVM keeps between the tasks of a partitioned run: each table of a partition (a half) at the
 * generation a task wrote, so that the next task on this executor that needs that generation takes it from memory
 * instead of reading its file. Keyed by (run, partition, table, generation): a generation is immutable once written,
 * so an entry is either exactly the file's rows or absent, and a task that finds nothing reads the file (slower, the
 * same result). A task takes an entry out (it trains the rows in place and offers the next generation back), so no
 * entry is ever shared. Bounded in bytes: the least recently offered entries, and any of another run, are freed first.
 * JVM-wide, thread-safe.
 */
final class HalfCache {
    record Key(long runId, int part, PartitionFile.Table table, long generation) {
    }

    private static final LinkedHashMap<Key, FloatPointer> ENTRIES = new LinkedHashMap<>();
    private static long bytes;

    private HalfCache() {
    }

    /** The rows of {@code key}, removed from the cache (the caller owns them), or null. */
    static synchronized FloatPointer take(Key key) {
        FloatPointer p = ENTRIES.remove(key);
        if (p != null) {
            bytes -= p.capacity() * Float.BYTES;
        }
        return p;
    }

    /**
     * Keeps {@code rows} (the caller gives up ownership) as {@code key}, dropping older generations of the same half
     * and entries of other runs, then the oldest entries until at most {@code capacity} bytes are kept (possibly this
     * one: a capacity below one half keeps nothing).
     */
    static synchronized void offer(Key key, FloatPointer rows, long capacity) {
        for (Iterator<Map.Entry<Key, FloatPointer>> it = ENTRIES.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, FloatPointer> e = it.next();
            Key k = e.getKey();
            if (k.runId() != key.runId() || k.part() == key.part() && k.table() == key.table()) {
                free(e.getValue());
                it.remove();
            }
        }
        ENTRIES.put(key, rows);
        bytes += rows.capacity() * Float.BYTES;
        for (Iterator<Map.Entry<Key, FloatPointer>> it = ENTRIES.entrySet().iterator(); bytes > capacity && it.hasNext(); ) {
            free(it.next().getValue());
            it.remove();
        }
    }

    /** Frees every entry of run {@code runId} (the end of a run). */
    static synchronized void clear(long runId) {
        for (Iterator<Map.Entry<Key, FloatPointer>> it = ENTRIES.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, FloatPointer> e = it.next();
            if (e.getKey().runId() == runId) {
                free(e.getValue());
                it.remove();
            }
        }
    }

    /** Bytes of rows kept. */
    static synchronized long bytes() {
        return bytes;
    }

    private static void free(FloatPointer p) {
        bytes -= p.capacity() * Float.BYTES;
        p.deallocate();
    }
}
