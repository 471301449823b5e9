package org.heteroembed.sampling;

import org.heteroembed.walk.WalkChunk;

import java.util.random.RandomGenerator;

/**
 * word2vec's context windows over a walk, in one place for every trainer: subsampling first (a node of
 * corpus frequency f is kept with probability {@code min(1, (sqrt(f/t)+1) t/f)}), then for each kept position a
 * window {@code b} drawn uniformly from 1..window, and the kept nodes within b positions as its contexts.
 * One instance per thread (it keeps buffers); no allocation per walk once the buffers have grown.
 */
public final class SkipGramWindows {
    /** Receives one center and its contexts ({@code contexts[0..count)}; the array is reused). */
    @FunctionalInterface
    public interface WindowConsumer {
        void window(int center, int[] contexts, int count);
    }

    private final int window;
    private final float[] keep; // null: no subsampling
    private int[] kept = new int[0];
    private final int[] contexts;

    /**
     * @param keep per node index, the probability that an occurrence survives subsampling
     *             ({@link SkipGramPairGenerator#keepProbabilities}); null for no subsampling
     */
    public SkipGramWindows(int window, float[] keep) {
        this.window = window;
        this.keep = keep;
        this.contexts = new int[2 * window];
    }

    /** Calls {@code consumer} for every kept position of walk {@code w} of the chunk that has contexts. */
    public void forEachWindow(WalkChunk chunk, int w, RandomGenerator rng, WindowConsumer consumer) {
        int len = chunk.length(w);
        if (kept.length < len) {
            kept = new int[len];
        }
        int n = 0;
        for (int s = 0; s < len; s++) {
            int node = chunk.node(w, s);
            if (keep == null || keep[node] >= 1f || rng.nextFloat() < keep[node]) {
                kept[n++] = node;
            }
        }
        for (int i = 0; i < n; i++) {
            int b = 1 + rng.nextInt(window);
            int c = 0;
            for (int j = Math.max(0, i - b), end = Math.min(n - 1, i + b); j <= end; j++) {
                if (j != i) {
                    contexts[c++] = kept[j];
                }
            }
            if (c > 0) {
                consumer.window(kept[i], contexts, c);
            }
        }
    }
}
