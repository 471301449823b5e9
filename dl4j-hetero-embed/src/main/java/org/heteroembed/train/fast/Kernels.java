package org.heteroembed.train.fast;

/**
 * The arithmetic of the fast engine's inner loop, in two implementations: {@link ScalarKernels} (plain Java,
 * always available) and {@link VectorKernels} (the JDK Vector API, used when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}, as {@code bin/hetero-embed} and the tests do). Exactly one is
 * loaded per JVM, so the call sites stay monomorphic and inline.
 */
interface Kernels {
    Kernels INSTANCE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            ? VectorKernelsLoader.load() : new ScalarKernels();

    /** Sum of a[i] * b[i] over i < n. */
    float dot(float[] a, float[] b, int n);

    /** For i < n: {@code contextDelta[i] += g * target[i]} and {@code targetDelta[i] += g * context[i]}. */
    void crossUpdate(float g, float[] target, float[] contextDelta, float[] context, float[] targetDelta, int n);

    /** For i < n: {@code y[i] += a * x[i]}. */
    void axpy(float a, float[] x, float[] y, int n);

    /** For i < n: {@code a[i] += b[i]}. */
    void addTo(float[] a, float[] b, int n);

    /** The name of the implementation (for logs and benchmarks). */
    String name();

    /** Loads the Vector API implementation by name, so this interface does not link against the incubator module. */
    final class VectorKernelsLoader {
        private VectorKernelsLoader() {
        }

        static Kernels load() {
            try {
                return (Kernels) Class.forName("org.heteroembed.train.fast.VectorKernels").getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return new ScalarKernels();
            }
        }
    }
}
