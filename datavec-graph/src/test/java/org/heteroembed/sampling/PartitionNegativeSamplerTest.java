package org.heteroembed.sampling;

import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.heteroembed.graph.partition.NodePartition;
import org.heteroembed.graph.partition.PartitionLayout;
import org.heteroembed.walk.SplitMix64;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.function.IntToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The restricted sampler against the global one: exact equality with one partition, chi-square goodness of fit
 * (commons-math3) at fixed seeds for the restricted draws, and for the overall negative distribution of simulated
 * training (targets drawn in proportion to count, negatives from the target's partition). Each fit is paired with a
 * rejection of a wrong distribution on the same draws, so the tests have the power to fail.
 */
class PartitionNegativeSamplerTest {
    private static final double EXPONENT = 0.75;
    private final ChiSquareTest chi = new ChiSquareTest();

    private static PartitionLayout layout(int[] owners, int parts, int[] typeOffsets) {
        return PartitionLayout.of(NodePartition.of(parts, owners, "test"), typeOffsets);
    }

    private static int typeOf(int[] typeOffsets, int v) {
        int t = 0;
        while (v >= typeOffsets[t + 1]) {
            t++;
        }
        return t;
    }

    /** Counts in {@code [1, max]}, a {@code zeros} fraction of them 0 (nodes absent from the walks). */
    private static long[] counts(int n, int max, double zeros, long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        long[] c = new long[n];
        for (int v = 0; v < n; v++) {
            c[v] = rng.nextDouble() < zeros ? 0 : 1 + rng.nextInt(max);
        }
        return c;
    }

    private static double w(long count, double exponent) {
        return count == 0 ? 0 : Math.pow(count, exponent);
    }

    /** Chi-square p-value of observed counts per node against {@code expected(v)}, over nodes expected above 0. */
    private double fit(long[] observed, IntToDoubleFunction expected) {
        int cells = 0;
        double[] e = new double[observed.length];
        long[] o = new long[observed.length];
        for (int v = 0; v < observed.length; v++) {
            double x = expected.applyAsDouble(v);
            if (x > 0) {
                e[cells] = x;
                o[cells++] = observed[v];
            } else {
                assertEquals(0, observed[v], "a node of probability 0 was drawn: " + v);
            }
        }
        return chi.chiSquareTest(Arrays.copyOf(e, cells), Arrays.copyOf(o, cells));
    }

    @Test
    void withOnePartitionEveryDrawEqualsTheGlobalSamplers() {
        int[] typeOffsets = {0, 300, 500, 520};
        NodeFrequencies f = new NodeFrequencies(counts(520, 1000, 0.1, 1));
        PartitionLayout one = layout(new int[520], 1, typeOffsets);
        for (boolean typeAware : new boolean[]{false, true}) {
            NegativeSampler global = new NegativeSampler(typeOffsets, f, EXPONENT, typeAware);
            PartitionNegativeSampler restricted = new PartitionNegativeSampler(one, f, EXPONENT, typeAware);
            SplitMix64 a = new SplitMix64(99), b = new SplitMix64(99), targets = new SplitMix64(5);
            for (int i = 0; i < 200_000; i++) {
                int target = targets.nextInt(520);
                assertEquals(one.localRow(target), target, "one partition: local row == global index");
                int expected = global.sample(target, a);
                int actual = restricted.sample(0, target, b);
                if (expected != actual) {
                    assertEquals(expected, actual, "draw " + i + " type-aware " + typeAware);
                }
            }
            for (int t = 0; t < 3; t++) {
                assertEquals(1.0, restricted.negativeWeight(0, t), 1e-12, "one partition needs no correction");
            }
        }
    }

    @Test
    void eachPartitionsDrawsFitItsRestrictedDistribution() {
        int[] typeOffsets = {0, 240, 360};
        long[] c = counts(360, 40, 0.1, 2);
        NodeFrequencies f = new NodeFrequencies(c);
        PartitionLayout l = PartitionLayout.of(NodePartition.hash(360, 3, 7), typeOffsets);
        for (boolean typeAware : new boolean[]{true, false}) {
            PartitionNegativeSampler s = new PartitionNegativeSampler(l, f, EXPONENT, typeAware);
            SplitMix64 rng = new SplitMix64(3);
            for (int p = 0; p < 3; p++) {
                for (int t = 0; t < 2; t++) {
                    int first = l.typeStart(p, t), end = l.typeStart(p, t + 1);
                    assertTrue(end - first > 20, "enough nodes of each type in each partition");
                    long[] obs = new long[l.rows(p)];
                    for (int i = 0; i < 60_000; i++) {
                        int r = s.sample(p, first, rng);
                        if (typeAware && (r < first || r >= end)) {
                            assertTrue(false, "type-aware negative of another type: row " + r + " of partition " + p);
                        }
                        obs[r]++;
                    }
                    int part = p;
                    boolean ta = typeAware;
                    IntToDoubleFunction inSet = r -> !ta || (r >= first && r < end) ? 1 : 0;
                    double pFit = fit(obs, r -> inSet.applyAsDouble(r) * w(c[l.node(part, r)], EXPONENT));
                    assertTrue(pFit > 1e-3, "partition " + p + " type " + t + " type-aware " + typeAware + ": p=" + pFit);
                    double pWrong = fit(obs, r -> inSet.applyAsDouble(r) * w(c[l.node(part, r)], 1.0));
                    assertTrue(pWrong < 1e-6, "the test tells count^1 apart: p=" + pWrong);
                    if (!typeAware) {
                        break; // one set per partition: the target's type does not matter
                    }
                }
            }
        }
    }

    /**
     * Training's draws: a target drawn in proportion to its count (a global sampler with exponent 1), its negative
     * from the target's partition. Returns how often each global node was a negative; with {@code thin}, each
     * negative is kept with probability {@code negativeWeight / maxWeight} (below).
     */
    private static long[] simulate(PartitionLayout l, NodeFrequencies f, PartitionNegativeSampler s, int draws,
                                   boolean thin, long seed) {
        int[] typeOffsets = l.typeOffsets();
        NegativeSampler targets = new NegativeSampler(typeOffsets, f, 1.0, false);
        double maxWeight = 0;
        for (int p = 0; p < l.parts(); p++) {
            for (int t = 0; t < l.numTypes(); t++) {
                maxWeight = Math.max(maxWeight, s.negativeWeight(p, t));
            }
        }
        SplitMix64 rng = new SplitMix64(seed);
        long[] obs = new long[l.numNodes()];
        for (int i = 0; i < draws; i++) {
            int target = targets.sample(0, rng);
            int part = l.partOf(target);
            int negative = l.node(part, s.sample(part, l.localRow(target), rng));
            if (!thin || rng.nextDouble() * maxWeight < s.negativeWeight(part, typeOf(typeOffsets, target))) {
                obs[negative]++;
            }
        }
        return obs;
    }

    /** The global type-aware target: P(type) * count^e / (the type's count^e mass). */
    private static IntToDoubleFunction globalTypeAware(long[] c, int[] typeOffsets, double exponent) {
        int types = typeOffsets.length - 1;
        double[] count = new double[types], mass = new double[types];
        double total = 0;
        for (int v = 0; v < c.length; v++) {
            int t = typeOf(typeOffsets, v);
            count[t] += c[v];
            mass[t] += w(c[v], exponent);
            total += c[v];
        }
        double all = total;
        return v -> {
            int t = typeOf(typeOffsets, v);
            return count[t] / all * w(c[v], exponent) / mass[t];
        };
    }

    @Test
    void underHashPartitioningTheOverallNegativesFollowTheGlobalDistribution() {
        int[] typeOffsets = {0, 3000, 4000};
        long[] c = counts(4000, 20, 0.05, 3);
        NodeFrequencies f = new NodeFrequencies(c);
        PartitionLayout l = PartitionLayout.of(NodePartition.hash(4000, 8, 11), typeOffsets);
        PartitionNegativeSampler s = new PartitionNegativeSampler(l, f, EXPONENT, true);
        for (int p = 0; p < 8; p++) {
            for (int t = 0; t < 2; t++) {
                double weight = s.negativeWeight(p, t);
                assertTrue(Math.abs(weight - 1) < 0.05, "hash partitions need almost no correction: " + weight);
            }
        }
        long[] obs = simulate(l, f, s, 600_000, false, 4);
        double pFit = fit(obs, globalTypeAware(c, typeOffsets, EXPONENT));
        assertTrue(pFit > 1e-3, "overall negatives fit count^0.75 per type: p=" + pFit);
        double pWrong = fit(obs, globalTypeAware(c, typeOffsets, 1.0));
        assertTrue(pWrong < 1e-6, "the test tells count^1 apart: p=" + pWrong);
    }

    /**
     * Heavy nodes all in partition 0 (as label propagation can gather them): their targets draw most negatives from
     * partition 0, so unweighted draws over-sample its light nodes and under-sample everyone else's, and the test
     * rejects them. The weights correct the expected gradient: a weighted count is not multinomial, so chi-square
     * does not apply to it; instead each negative is kept with probability {@code weight / maxWeight} (thinning).
     * The kept negatives are independent draws from the distribution proportional to the expected weighted counts,
     * which is exactly the expected negative gradient's distribution, so chi-square applies to them.
     */
    @Test
    void aSkewedPartitionIsRejectedUnweightedAndMatchesOnceWeighted() {
        int[] typeOffsets = {0, 400, 600};
        int parts = 4;
        long[] c = new long[600];
        int[] owners = new int[600];
        SplitMix64 rng = new SplitMix64(8);
        for (int v = 0; v < 600; v++) {
            boolean heavy = v < 40;
            c[v] = heavy ? 2000 : v < 400 ? 1 + rng.nextInt(10) : 50 + rng.nextInt(100);
            owners[v] = heavy ? 0 : v % parts;
        }
        NodeFrequencies f = new NodeFrequencies(c);
        PartitionLayout l = layout(owners, parts, typeOffsets);
        PartitionNegativeSampler s = new PartitionNegativeSampler(l, f, EXPONENT, true);

        // The weights against an independent computation of (W[j,t] / W[t]) / (C[j,t] / C[t]).
        double[][] cm = new double[parts][2], wm = new double[parts][2];
        double[] ct = new double[2], wt = new double[2];
        for (int v = 0; v < 600; v++) {
            int t = typeOf(typeOffsets, v);
            cm[owners[v]][t] += c[v];
            wm[owners[v]][t] += w(c[v], EXPONENT);
            ct[t] += c[v];
            wt[t] += w(c[v], EXPONENT);
        }
        for (int p = 0; p < parts; p++) {
            for (int t = 0; t < 2; t++) {
                assertEquals((wm[p][t] / wt[t]) / (cm[p][t] / ct[t]), s.negativeWeight(p, t), 1e-9);
            }
        }
        assertTrue(s.negativeWeight(0, 0) < 0.97 && s.negativeWeight(1, 0) > 2, "the skew needs a correction");

        IntToDoubleFunction global = globalTypeAware(c, typeOffsets, EXPONENT);
        double pUnweighted = fit(simulate(l, f, s, 1_000_000, false, 9), global);
        assertTrue(pUnweighted < 1e-6, "unweighted restricted draws are off the global distribution: p=" + pUnweighted);
        long[] kept = simulate(l, f, s, 1_000_000, true, 10);
        assertTrue(Arrays.stream(kept).sum() > 200_000, "enough negatives kept: " + Arrays.stream(kept).sum());
        double pWeighted = fit(kept, global);
        assertTrue(pWeighted > 1e-3, "weighted restricted draws match the global distribution: p=" + pWeighted);
    }

    @Test
    void aPartitionWithoutCountsOfTheTargetsTypeRefusesToDraw() {
        // Type 0: nodes 0..5, type 1: nodes 6..9. Partition 1 holds nodes 3..5 and 8..9; its type-1 nodes never occur.
        int[] typeOffsets = {0, 6, 10};
        int[] owners = {0, 0, 0, 1, 1, 1, 0, 0, 1, 1};
        long[] c = {5, 0, 7, 3, 0, 9, 4, 6, 0, 0};
        PartitionLayout l = layout(owners, 2, typeOffsets);
        NodeFrequencies f = new NodeFrequencies(c);
        PartitionNegativeSampler s = new PartitionNegativeSampler(l, f, EXPONENT, true);
        assertFalse(s.hasNegatives(1, 1));
        assertTrue(s.hasNegatives(1, 0) && s.hasNegatives(0, 1));
        assertEquals(0.0, s.negativeWeight(1, 1), "no target of type 1 lies in partition 1");
        SplitMix64 rng = new SplitMix64(1);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> s.sample(1, l.localRow(8), rng));
        assertTrue(e.getMessage().contains("type 1") && e.getMessage().contains("partition 1"), e.getMessage());
        for (int i = 0; i < 1000; i++) {
            int negative = l.node(1, s.sample(1, l.localRow(3), rng));
            assertTrue(negative == 3 || negative == 5, "only counted type-0 nodes of partition 1: " + negative);
        }
        // Not type-aware: a partition refuses only when none of its nodes occurs.
        long[] none = {5, 0, 7, 0, 0, 0, 4, 6, 0, 0};
        PartitionNegativeSampler pooled = new PartitionNegativeSampler(l, new NodeFrequencies(none), EXPONENT, false);
        assertThrows(IllegalStateException.class, () -> pooled.sample(1, l.localRow(3), rng));
        PartitionNegativeSampler mixed = new PartitionNegativeSampler(l, f, EXPONENT, false);
        for (int i = 0; i < 1000; i++) {
            int negative = l.node(1, mixed.sample(1, l.localRow(8), rng));
            assertTrue(negative == 3 || negative == 5, "pooled: any counted node of partition 1: " + negative);
        }
    }

    @Test
    void badArgumentsAreRefused() {
        PartitionLayout l = layout(new int[10], 1, new int[]{0, 10});
        NodeFrequencies f = new NodeFrequencies(new long[10]);
        assertThrows(IllegalArgumentException.class,
                () -> new PartitionNegativeSampler(l, new NodeFrequencies(new long[9]), EXPONENT, true));
        assertThrows(IllegalArgumentException.class, () -> new PartitionNegativeSampler(l, f, -0.5, true));
        assertThrows(IllegalArgumentException.class, () -> new PartitionNegativeSampler(l, f, Double.NaN, true));
    }
}
