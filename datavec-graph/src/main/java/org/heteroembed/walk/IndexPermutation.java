package org.heteroembed.walk;

/**
 * A keyed pseudo-random permutation of {@code [0, n)} computed in O(1) memory: a 4-round Feistel network
 * on the smallest even-bit-width power-of-two domain that holds n, with cycle-walking back into range.
 * Walks visit their start nodes in this order (a new key each round), which decorrelates training order
 * from id order without storing a shuffled array of all start nodes.
 */
public final class IndexPermutation {
    private final long n;
    private final int halfBits;
    private final long halfMask;
    private final long[] keys = new long[4];

    public IndexPermutation(long n, long key) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1");
        }
        this.n = n;
        int bits = Math.max(2, 64 - Long.numberOfLeadingZeros(n - 1));
        this.halfBits = (bits + 1) / 2;
        this.halfMask = (1L << halfBits) - 1;
        for (int r = 0; r < 4; r++) {
            keys[r] = SplitMix64.seedFor(key, 7, r);
        }
    }

    /** The image of {@code i} in {@code [0, n)}. */
    public long apply(long i) {
        long x = i;
        do {
            long left = x >>> halfBits, right = x & halfMask;
            for (int r = 0; r < 4; r++) {
                long f = SplitMix64.mix(right ^ keys[r]) & halfMask;
                long newRight = left ^ f;
                left = right;
                right = newRight;
            }
            x = (left << halfBits) | right;
        } while (x >= n);
        return x;
    }
}
