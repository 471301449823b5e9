package org.heteroembed.train.partitioned;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import org.heteroembed.graph.partition.PartitionLayout;
import org.heteroembed.sampling.SkipGramWindows;
import org.heteroembed.train.fast.WindowTrainer;
import org.heteroembed.walk.SplitMix64;
import org.heteroembed.walk.WalkChunk;

/**
 * Cuts a chunk's skip-gram windows into bucket segments. A window (center, contexts) goes to bucket
 * {@code (i, j)} for each partition {@code i} its contexts lie in, with {@code j} the center's partition: one
 * sub-window per input partition, all sharing the center (and, when trained, the window's negatives, drawn from
 * partition {@code j}). The windows are drawn exactly as the in-memory engine draws them ({@link WindowTrainer}'s
 * window stream), so with one partition the segments hold the in-memory engine's windows in its order.
 *
 * <p>Tokens: each walk position is counted once, in the bucket of its first sub-window; positions without a window
 * (subsampled, or no context) are counted in the chunk's first non-empty bucket (bucket 0 if it has none), so the
 * segments of a chunk account for all its positions, as the in-memory engine counts them. One per thread.
 */
public final class WindowSplitter {
    private final PartitionLayout layout;
    private final SkipGramWindows windows;
    private final long epochSalt;
    private final int parts;
    private final SplitMix64 rng = new SplitMix64(0);
    private final IntArrayList[] payload;
    private final int[] tokens, pairs, records;
    private final int[] firstContextOfPart; // per partition: scratch
    private int windowsSeen;
    private int firstBucket;

    /** A chunk's segments, indexed by bucket {@code i * P + j} (null where empty), and its windows before cutting. */
    public record Split(Segment[] segments, int windows) {
    }

    public WindowSplitter(PartitionLayout layout, SkipGramWindows windows, long epochSalt) {
        this.layout = layout;
        this.windows = windows;
        this.epochSalt = epochSalt;
        this.parts = layout.parts();
        int buckets = parts * parts;
        payload = new IntArrayList[buckets];
        tokens = new int[buckets];
        pairs = new int[buckets];
        records = new int[buckets];
        firstContextOfPart = new int[parts];
    }

    /** Cuts the chunk's windows into bucket segments. */
    public Split split(WalkChunk chunk) {
        rng.reseed(WindowTrainer.windowSeed(epochSalt, chunk.firstWalk()));
        windowsSeen = 0;
        firstBucket = -1;
        for (int w = 0; w < chunk.size(); w++) {
            windows.forEachWindow(chunk, w, rng, this::window);
        }
        int leftover = chunk.totalNodes() - windowsSeen;
        int home = firstBucket < 0 ? 0 : firstBucket;
        tokens[home] += leftover;
        Segment[] out = new Segment[parts * parts];
        for (int b = 0; b < out.length; b++) {
            if (records[b] > 0 || tokens[b] > 0) {
                IntArrayList p = payload[b];
                int[] data = p == null ? new int[0] : p.toIntArray();
                out[b] = new Segment(chunk.firstWalk(), tokens[b], pairs[b], records[b], data, data.length);
                if (p != null) {
                    p.clear();
                }
                tokens[b] = pairs[b] = records[b] = 0;
            }
        }
        return new Split(out, windowsSeen);
    }

    private void window(int center, int[] contexts, int c) {
        windowsSeen++;
        int j = layout.partOf(center);
        int centerRow = layout.localRow(center);
        // Sub-windows in the order their partitions first occur among the contexts (one partition: the window as is).
        java.util.Arrays.fill(firstContextOfPart, -1);
        boolean first = true;
        for (int x = 0; x < c; x++) {
            int i = layout.partOf(contexts[x]);
            if (firstContextOfPart[i] >= 0) {
                continue;
            }
            firstContextOfPart[i] = x;
            int b = i * parts + j;
            IntArrayList p = payload[b];
            if (p == null) {
                p = payload[b] = new IntArrayList();
            }
            p.add(centerRow);
            int countAt = p.size();
            p.add(0);
            int n = 0;
            for (int y = x; y < c; y++) {
                if (layout.partOf(contexts[y]) == i) {
                    p.add(layout.localRow(contexts[y]));
                    n++;
                }
            }
            p.set(countAt, n);
            pairs[b] += n;
            records[b]++;
            if (first) {
                tokens[b]++;
                first = false;
                if (firstBucket < 0) {
                    firstBucket = b;
                }
            }
        }
    }
}
