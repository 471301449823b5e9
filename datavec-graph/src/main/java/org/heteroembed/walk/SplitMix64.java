package org.heteroembed.walk;

import java.util.random.RandomGenerator;

/**
 * SplitMix64 (Steele, Lea and Flood 2014; the generator behind {@link java.util.SplittableRandom}) as a
 * re-seedable {@link RandomGenerator}: walkers re-seed one instance per walk from (seed, walk index), which
 * is what makes walks identical whatever the number of threads, without allocating a generator per walk.
 * Bounded draws use Lemire's multiply-shift method. Not thread-safe: one per thread.
 */
public final class SplitMix64 implements RandomGenerator {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private long state;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    /** Restarts the sequence from {@code seed}. */
    public void reseed(long seed) {
        this.state = seed;
    }

    /** A well-mixed 64-bit value of its argument (the SplitMix64 finaliser); used to derive seeds. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A seed for item {@code index} of stream {@code stream} under a base seed: independent streams. */
    public static long seedFor(long seed, long stream, long index) {
        return mix(mix(seed + GOLDEN * (stream + 1)) + GOLDEN * (index + 1));
    }

    @Override
    public long nextLong() {
        return mix(state += GOLDEN);
    }

    @Override
    public int nextInt() {
        return (int) (nextLong() >>> 32);
    }

    /** Uniform in [0, bound), bound > 0 (Lemire's method with its rejection step: exactly uniform). */
    @Override
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x100000000L - bound) % bound;
            while (low < threshold) {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** Uniform in [0, bound), bound > 0. */
    @Override
    public long nextLong(long bound) {
        if (bound <= Integer.MAX_VALUE) {
            return nextInt((int) bound);
        }
        return RandomGenerator.super.nextLong(bound);
    }

    @Override
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    @Override
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }
}
