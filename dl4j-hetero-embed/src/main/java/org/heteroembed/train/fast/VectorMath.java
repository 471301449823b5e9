package org.heteroembed.train.fast;

/**
 * The fast engine's SIMD kernels for other packages' float-array arithmetic (node classification's classifier):
 * the Vector API when the JVM has {@code jdk.incubator.vector}, plain Java otherwise, as in {@link Kernels}.
 */
public final class VectorMath {
    private VectorMath() {
    }

    /** Sum of {@code a[i] * b[i]} over {@code i < n}. */
    public static float dot(float[] a, float[] b, int n) {
        return Kernels.INSTANCE.dot(a, b, n);
    }

    /** For {@code i < n}: {@code y[i] += a * x[i]}. */
    public static void axpy(float a, float[] x, float[] y, int n) {
        Kernels.INSTANCE.axpy(a, x, y, n);
    }
}
