package org.heteroembed.graph;

import org.heteroembed.graph.store.BigFloatArray;
import org.heteroembed.graph.store.BigIntArray;
import org.heteroembed.graph.store.BigLongArray;

import java.util.Arrays;
import java.util.stream.LongStream;

/**
 * Sorts every CSR slot by neighbour index (weights move with their neighbours), in parallel over slots.
 * Sorted slots make {@link HeteroGraph#hasEdge} a binary search, which node2vec's second-order walks need
 * on every step, and make the stored graph independent of input line order within a node.
 */
final class CsrSorter {
    private static final long SLOTS_PER_TASK = 1 << 14;

    private CsrSorter() {
    }

    static void sort(BigLongArray offsets, BigIntArray neighbours, BigFloatArray weights) {
        long numSlots = offsets.length() - 1;
        long tasks = (numSlots + SLOTS_PER_TASK - 1) / SLOTS_PER_TASK;
        LongStream.range(0, tasks).parallel().forEach(task -> {
            long[] keys = new long[64];
            int[] ints = new int[64];
            long end = Math.min(numSlots, (task + 1) * SLOTS_PER_TASK);
            for (long slot = task * SLOTS_PER_TASK; slot < end; slot++) {
                long start = offsets.get(slot);
                int n = (int) (offsets.get(slot + 1) - start);
                if (n < 2) {
                    continue;
                }
                if (weights == null) {
                    if (ints.length < n) {
                        ints = new int[n];
                    }
                    neighbours.get(start, ints, n);
                    Arrays.sort(ints, 0, n);
                    for (int k = 0; k < n; k++) {
                        neighbours.set(start + k, ints[k]);
                    }
                } else {
                    if (keys.length < n) {
                        keys = new long[n];
                    }
                    for (int k = 0; k < n; k++) {
                        // neighbour ids are non-negative, so the packed longs sort by neighbour first
                        keys[k] = ((long) neighbours.get(start + k) << 32) | (Float.floatToRawIntBits(weights.get(start + k)) & 0xFFFFFFFFL);
                    }
                    Arrays.sort(keys, 0, n);
                    for (int k = 0; k < n; k++) {
                        neighbours.set(start + k, (int) (keys[k] >>> 32));
                        weights.set(start + k, Float.intBitsToFloat((int) keys[k]));
                    }
                }
            }
        });
    }
}
