package org.heteroembed.train.fast;

/**
 * The fast engine's SIMD kernels for code outside this package (node classification's classifier, k-means, the
 * approximate nearest-neighbour index's distance): the JDK Vector API when the JVM has
 * {@code --add-modules jdk.incubator.vector}, plain Java otherwise ({@link Kernels}).
 */
public final class VectorMath {
    private VectorMath() {
    }

    /** Sum of {@code a[i] * b[i]} over {@code i < n}, in float arithmetic. */
    public static float dot(float[] a, float[] b, int n) {
        return Kernels.INSTANCE.dot(a, b, n);
    }

    /** For {@code i < n}: {@code y[i] += a * x[i]}. */
    public static void axpy(float a, float[] x, float[] y, int n) {
        Kernels.INSTANCE.axpy(a, x, y, n);
    }

    /**
     * Which implementation runs in this JVM ({@code vector-256}, {@code vector-512} or {@code scalar}), for logs and
     * benchmarks.
     */
    public static String implementation() {
        return Kernels.INSTANCE.name();
    }
}
