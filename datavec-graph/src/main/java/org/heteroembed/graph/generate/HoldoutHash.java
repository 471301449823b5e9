package org.heteroembed.graph.generate;

/**
 * Decides which user-article pairs are held out, as a pure function of (seed, user, article).
 *
 * <p>Why a hash and not a coin flip per click: a pair clicked several times must land on one side only,
 * otherwise a held-out pair would also be a training edge and link prediction would be trivially leaked.
 * A hash gives that without remembering any pair.
 */
final class HoldoutHash {
    private HoldoutHash() {
    }

    /** Whether the pair is held out; true for a fraction {@code holdout} of pairs. */
    static boolean isHeldOut(long seed, int user, int article, double holdout) {
        if (holdout <= 0) {
            return false;
        }
        long key = ((long) user << 32) | (article & 0xffffffffL);
        long h = mix64(mix64(seed) ^ key);
        return (h >>> 11) * 0x1.0p-53 < holdout;
    }

    /** SplitMix64's finalizer (Stafford variant 13): a bijection on longs with full avalanche. */
    static long mix64(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
