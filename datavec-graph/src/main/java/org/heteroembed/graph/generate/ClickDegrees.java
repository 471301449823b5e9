package org.heteroembed.graph.generate;

import org.heteroembed.graph.AliasMethod;

import java.util.random.RandomGenerator;

/**
 * The per-user click count distribution: a shifted discrete power law
 * {@code P(k) ~ (k + k0)^-exponent} on {@code k = 1..cap}.
 *
 * <p>Why shifted: a plain power law with exponent ~2.1 and minimum 1 has a mean of only ~3.7 whatever the
 * target, and raising the minimum would forbid the many light users real click logs have. The shift
 * {@code k0 > -1} keeps the tail exponent and the minimum of 1 while moving the mean continuously from 1
 * ({@code k0 -> -1}) to the uniform {@code (cap+1)/2} ({@code k0 -> infinity}), so a bisection on
 * {@code k0} hits any reachable mean. Sampling is O(1) through an alias table over the {@code cap} values.
 */
final class ClickDegrees {
    private final int cap;
    private final double[] pmf; // pmf[k-1] = P(k)
    private final double mean;

    private ClickDegrees(int cap, double exponent, double shift) {
        this.cap = cap;
        this.pmf = pmf(cap, exponent, shift);
        double m = 0;
        for (int k = 1; k <= cap; k++) {
            m += k * pmf[k - 1];
        }
        this.mean = m;
    }

    /** The distribution of a configuration: its exponent, its cap, and a mean of {@code clicksPerUser}. */
    static ClickDegrees forConfig(PlantedGraphConfig c) {
        return calibrated(c.clickCap(), c.degreeExponent(), c.clicksPerUser());
    }

    /**
     * The distribution on {@code 1..cap} with tail exponent {@code exponent} whose mean is {@code targetMean},
     * or as close as the cap allows (the most uniform one when the target is above {@code (cap+1)/2}).
     */
    static ClickDegrees calibrated(int cap, double exponent, double targetMean) {
        double lo = -1 + 1e-9, hi = 1;
        while (new ClickDegrees(cap, exponent, hi).mean < targetMean && hi < 1e9) {
            lo = hi;
            hi *= 4;
        }
        for (int i = 0; i < 60 && hi - lo > 1e-9 * Math.max(1, hi); i++) {
            double mid = 0.5 * (lo + hi);
            if (new ClickDegrees(cap, exponent, mid).mean < targetMean) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return new ClickDegrees(cap, exponent, hi);
    }

    private static double[] pmf(int cap, double exponent, double shift) {
        double[] p = new double[cap];
        // Weights relative to k = 1 (the largest), computed in log space so no term overflows.
        double logFirst = StrictMath.log(1 + shift);
        double sum = 0;
        for (int k = 1; k <= cap; k++) {
            p[k - 1] = StrictMath.exp(-exponent * (StrictMath.log(k + shift) - logFirst));
            sum += p[k - 1];
        }
        for (int k = 0; k < cap; k++) {
            p[k] /= sum;
        }
        return p;
    }

    double mean() {
        return mean;
    }

    int cap() {
        return cap;
    }

    /** An O(1) sampler of this distribution. */
    Sampler sampler() {
        return new Sampler(pmf);
    }

    /** Alias-table sampler of click counts. */
    static final class Sampler {
        private final float[] prob;
        private final int[] alias;

        private Sampler(double[] pmf) {
            int n = pmf.length;
            float[] w = new float[n];
            for (int i = 0; i < n; i++) {
                w[i] = (float) pmf[i];
            }
            prob = new float[n];
            alias = new int[n];
            AliasMethod.build(w, n, prob, alias, new int[n], new int[n]);
        }

        /** A click count in {@code 1..cap}. */
        int sample(RandomGenerator rng) {
            return 1 + AliasMethod.sample(prob, alias, prob.length, rng);
        }
    }
}
