package org.heteroembed.train.partitioned;

import org.heteroembed.walk.SplitMix64;

/** The starting values of a node's input and output rows. */
@FunctionalInterface
public interface RowInitializer {
    /** Fills {@code in} and {@code out} (length d) for node {@code node} (global index). */
    void init(int node, float[] in, float[] out);

    /**
     * word2vec's start, as the in-memory layer's initializer: input rows uniform in {@code [-0.5/d, 0.5/d)}, output
     * rows zero. Each node draws from its own seeded stream, so the start does not depend on the partitioning.
     */
    static RowInitializer word2vec(long seed) {
        return (node, in, out) -> {
            SplitMix64 rng = new SplitMix64(SplitMix64.seedFor(seed, 0x696e6974L /* "init" */, node));
            float bound = 0.5f / in.length;
            for (int x = 0; x < in.length; x++) {
                in[x] = (rng.nextFloat() * 2 - 1) * bound;
                out[x] = 0f;
            }
        };
    }
}
