package org.heteroembed.graph;

import java.util.random.RandomGenerator;

/**
 * Walker's alias method (Vose's O(n) construction): after building, one uniform draw samples index i with
 * probability {@code w[i] / sum(w)} in O(1). Shared by the graph's weighted neighbour sampling, the
 * generators and the negative samplers.
 */
public final class AliasMethod {
    private AliasMethod() {
    }

    /**
     * Builds the table for {@code w[0..n)} into {@code prob[0..n)} and {@code alias[0..n)}. {@code small} and
     * {@code large} are scratch arrays of length at least n. Weights must be finite and non-negative with a
     * positive sum; otherwise the table is uniform.
     */
    public static void build(float[] w, int n, float[] prob, int[] alias, int[] small, int[] large) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += w[i];
        }
        if (!(sum > 0) || Double.isInfinite(sum)) {
            for (int i = 0; i < n; i++) {
                prob[i] = 1f;
                alias[i] = i;
            }
            return;
        }
        double[] scaled = new double[n];
        int ns = 0, nl = 0;
        for (int i = 0; i < n; i++) {
            scaled[i] = w[i] * n / sum;
            if (scaled[i] < 1.0) {
                small[ns++] = i;
            } else {
                large[nl++] = i;
            }
        }
        while (ns > 0 && nl > 0) {
            int s = small[--ns];
            int l = large[--nl];
            prob[s] = (float) scaled[s];
            alias[s] = l;
            scaled[l] = (scaled[l] + scaled[s]) - 1.0;
            if (scaled[l] < 1.0) {
                small[ns++] = l;
            } else {
                large[nl++] = l;
            }
        }
        // Leftovers are 1 up to rounding.
        while (nl > 0) {
            int l = large[--nl];
            prob[l] = 1f;
            alias[l] = l;
        }
        while (ns > 0) {
            int s = small[--ns];
            prob[s] = 1f;
            alias[s] = s;
        }
    }

    /** Draws an index in [0, n) from a table built by {@link #build}, with a single uniform draw. */
    public static int sample(float[] prob, int[] alias, int n, RandomGenerator rng) {
        double x = rng.nextDouble() * n;
        int i = (int) x;
        return (x - i) < prob[i] ? i : alias[i];
    }
}
