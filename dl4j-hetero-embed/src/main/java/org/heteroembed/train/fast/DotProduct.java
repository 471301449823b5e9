package org.heteroembed.train.fast;

/**
 * The fast engine's dot product for code outside this package (the approximate nearest-neighbour index's distance):
 * SIMD on the JDK Vector API when the JVM has {@code --add-modules jdk.incubator.vector}, plain Java otherwise
 * ({@link Kernels}).
 */
public final class DotProduct {
    private DotProduct() {
    }

    /**
     * The sum of {@code a[i] * b[i]} over {@code i < n}, in float arithmetic.
     *
     * @param a first vector, at least {@code n} long
     * @param b second vector, at least {@code n} long
     * @param n number of leading components to multiply
     * @return the dot product of the first {@code n} components
     */
    public static float dot(float[] a, float[] b, int n) {
        return Kernels.INSTANCE.dot(a, b, n);
    }

    /**
     * Which implementation runs in this JVM ({@code vector-256}, {@code vector-512} or {@code scalar}), for logs and
     * benchmarks.
     *
     * @return the implementation's name
     */
    public static String implementation() {
        return Kernels.INSTANCE.name();
    }
}
