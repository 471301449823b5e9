package org.heteroembed.train.fast;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Kernels on the JDK Vector API (SIMD of the machine's preferred width; AVX2/AVX-512 on x86). */
final class VectorKernels implements Kernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    @Override
    public float dot(float[] a, float[] b, int n) {
        FloatVector acc = FloatVector.zero(SPECIES);
        int x = 0;
        for (int bound = SPECIES.loopBound(n); x < bound; x += SPECIES.length()) {
            acc = FloatVector.fromArray(SPECIES, a, x).fma(FloatVector.fromArray(SPECIES, b, x), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; x < n; x++) {
            s += a[x] * b[x];
        }
        return s;
    }

    @Override
    public void crossUpdate(float g, float[] target, float[] contextDelta, float[] context, float[] targetDelta, int n) {
        int x = 0;
        FloatVector gv = FloatVector.broadcast(SPECIES, g);
        for (int bound = SPECIES.loopBound(n); x < bound; x += SPECIES.length()) {
            FloatVector.fromArray(SPECIES, target, x).fma(gv, FloatVector.fromArray(SPECIES, contextDelta, x))
                    .intoArray(contextDelta, x);
            FloatVector.fromArray(SPECIES, context, x).fma(gv, FloatVector.fromArray(SPECIES, targetDelta, x))
                    .intoArray(targetDelta, x);
        }
        for (; x < n; x++) {
            contextDelta[x] += g * target[x];
            targetDelta[x] += g * context[x];
        }
    }

    @Override
    public void axpy(float a, float[] x, float[] y, int n) {
        int i = 0;
        FloatVector av = FloatVector.broadcast(SPECIES, a);
        for (int bound = SPECIES.loopBound(n); i < bound; i += SPECIES.length()) {
            FloatVector.fromArray(SPECIES, x, i).fma(av, FloatVector.fromArray(SPECIES, y, i)).intoArray(y, i);
        }
        for (; i < n; i++) {
            y[i] += a * x[i];
        }
    }

    @Override
    public void addTo(float[] a, float[] b, int n) {
        int x = 0;
        for (int bound = SPECIES.loopBound(n); x < bound; x += SPECIES.length()) {
            FloatVector.fromArray(SPECIES, a, x).add(FloatVector.fromArray(SPECIES, b, x)).intoArray(a, x);
        }
        for (; x < n; x++) {
            a[x] += b[x];
        }
    }

    @Override
    public String name() {
        return "vector-" + SPECIES.vectorBitSize();
    }
}
