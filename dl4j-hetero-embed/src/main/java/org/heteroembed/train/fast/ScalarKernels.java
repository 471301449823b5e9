package org.heteroembed.train.fast;

/** Plain-Java kernels: an eight-way unrolled dot product (the JIT does not vectorise float reductions). */
final class ScalarKernels implements Kernels {
    @Override
    public float dot(float[] a, float[] b, int n) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int x = 0;
        for (; x + 7 < n; x += 8) {
            s0 += a[x] * b[x];
            s1 += a[x + 1] * b[x + 1];
            s2 += a[x + 2] * b[x + 2];
            s3 += a[x + 3] * b[x + 3];
            s4 += a[x + 4] * b[x + 4];
            s5 += a[x + 5] * b[x + 5];
            s6 += a[x + 6] * b[x + 6];
            s7 += a[x + 7] * b[x + 7];
        }
        for (; x < n; x++) {
            s0 += a[x] * b[x];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    @Override
    public void crossUpdate(float g, float[] target, float[] contextDelta, float[] context, float[] targetDelta, int n) {
        for (int x = 0; x < n; x++) {
            contextDelta[x] += g * target[x];
            targetDelta[x] += g * context[x];
        }
    }

    @Override
    public void axpy(float a, float[] x, float[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] += a * x[i];
        }
    }

    @Override
    public void addTo(float[] a, float[] b, int n) {
        for (int x = 0; x < n; x++) {
            a[x] += b[x];
        }
    }

    @Override
    public String name() {
        return "scalar";
    }
}
