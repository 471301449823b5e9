package org.heteroembed.train.fast;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SIMD kernels compute what the scalar ones do (up to float rounding), for any length, tails included. */
class KernelsTest {

    @Test
    void theTestJvmUsesTheVectorKernels() {
        assertTrue(Kernels.INSTANCE.name().startsWith("vector"), "surefire runs with jdk.incubator.vector: " + Kernels.INSTANCE.name());
    }

    @Test
    void vectorMatchesScalar() {
        Kernels scalar = new ScalarKernels(), vector = new VectorKernels();
        SplittableRandom rng = new SplittableRandom(1);
        for (int n : new int[]{1, 7, 8, 15, 16, 33, 128, 131}) {
            float[] a = new float[n], b = new float[n];
            for (int i = 0; i < n; i++) {
                a[i] = (float) rng.nextDouble(-1, 1);
                b[i] = (float) rng.nextDouble(-1, 1);
            }
            assertEquals(scalar.dot(a, b, n), vector.dot(a, b, n), 1e-5, "dot, n=" + n);

            float[] cd1 = a.clone(), td1 = b.clone(), cd2 = a.clone(), td2 = b.clone();
            float[] target = b.clone(), context = a.clone();
            scalar.crossUpdate(0.3f, target, cd1, context, td1, n);
            vector.crossUpdate(0.3f, target, cd2, context, td2, n);
            assertArrayEquals(cd1, cd2, 1e-6f, "context delta, n=" + n);
            assertArrayEquals(td1, td2, 1e-6f, "target delta, n=" + n);

            float[] s1 = a.clone(), s2 = a.clone();
            scalar.addTo(s1, b, n);
            vector.addTo(s2, b, n);
            assertArrayEquals(s1, s2, 0f, "add, n=" + n);

            float[] y1 = a.clone(), y2 = a.clone();
            scalar.axpy(-0.7f, b, y1, n);
            vector.axpy(-0.7f, b, y2, n);
            assertArrayEquals(y1, y2, 1e-6f, "axpy, n=" + n);
            assertEquals(a[n - 1] - 0.7f * b[n - 1], y1[n - 1], 1e-6f, "axpy tail, n=" + n);
        }
    }
}
