package org.heteroembed.graph;

import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Statistical tests of O(1) neighbour sampling: observed frequencies against the exact distribution
 * (uniform over entries, or proportional to weight), with a chi-square test; each test also checks that the
 * same test rejects a plausible wrong distribution, so it has the power to catch a biased sampler.
 */
class NeighbourSamplingTest {
    private static final int DRAWS = 200_000;
    private final ChiSquareTest chi = new ChiSquareTest();

    /** user u0 with 5 items (one listed twice) and 3 tags, weights 1..; returns the graph. */
    private static HeteroGraph star(boolean weighted) {
        HeteroGraphBuilder b = HeteroGraph.builder();
        if (weighted) {
            b.weighted();
        }
        int user = b.nodeType("user"), item = b.nodeType("item"), tag = b.nodeType("tag");
        int buys = b.relation("buys", user, item, false);
        int tagged = b.relation("tagged", user, tag, false);
        int u = b.node(user, "u0");
        float[] itemWeights = {1, 2, 3, 4, 10};
        for (int i = 0; i < itemWeights.length; i++) {
            b.addEdge(buys, u, b.node(item, "i" + i), weighted ? itemWeights[i] : 1f);
        }
        b.addEdge(buys, u, b.node(item, "i0"), weighted ? 5f : 1f); // duplicate edge: i0 twice
        for (int i = 0; i < 3; i++) {
            b.addEdge(tagged, u, b.node(tag, "t" + i), weighted ? 0.5f * (i + 1) : 1f);
        }
        return b.build();
    }

    /** Expected probability of each neighbour of v (indexed by global id) among the given entry range. */
    private static double[] expected(HeteroGraph g, long start, long end, boolean weighted) {
        double[] p = new double[g.numNodes()];
        double total = 0;
        for (long i = start; i < end; i++) {
            double w = weighted ? g.weight(i) : 1;
            p[g.neighbour(i)] += w;
            total += w;
        }
        for (int k = 0; k < p.length; k++) {
            p[k] /= total;
        }
        return p;
    }

    private void assertMatches(double[] p, long[] observed, double[] wrong) {
        int n = 0;
        for (double x : p) {
            if (x > 0) {
                n++;
            }
        }
        double[] e = new double[n], w = new double[n];
        long[] o = new long[n];
        int k = 0;
        long total = 0;
        for (int v = 0; v < p.length; v++) {
            if (p[v] > 0) {
                e[k] = p[v];
                w[k] = wrong[v];
                o[k++] = observed[v];
                total += observed[v];
            } else {
                assertEquals(0, observed[v], "sampled a node that is not a neighbour: " + v);
            }
        }
        assertEquals(DRAWS, total);
        double pValue = chi.chiSquareTest(e, o);
        assertTrue(pValue > 1e-3, "observed frequencies do not match the distribution: p = " + pValue);
        assertTrue(chi.chiSquareTest(w, o) < 1e-6, "the test cannot tell the wrong distribution apart");
    }

    private static double[] uniformOver(double[] p) {
        double[] u = p.clone();
        int n = 0;
        for (double x : p) {
            if (x > 0) {
                n++;
            }
        }
        for (int k = 0; k < u.length; k++) {
            u[k] = p[k] > 0 ? 1.0 / n : 0;
        }
        return u;
    }

    @Test
    void typedSamplingUniformCountsDuplicateEdgesTwice() {
        HeteroGraph g = star(false);
        int u = g.node("user", "u0"), item = g.schema().nodeType("item");
        SplittableRandom rng = new SplittableRandom(11);
        long[] counts = new long[g.numNodes()];
        for (int k = 0; k < DRAWS; k++) {
            counts[g.sampleNeighbour(u, item, rng)]++;
        }
        double[] p = expected(g, g.neighbourStart(u, item), g.neighbourEnd(u, item), false);
        assertEquals(2.0 / 6, p[g.node("item", "i0")], 1e-12);
        assertMatches(p, counts, uniformOver(p)); // "distinct neighbours uniformly" is the wrong answer
    }

    @Test
    void typedSamplingWeighted() {
        HeteroGraph g = star(true);
        int u = g.node("user", "u0"), item = g.schema().nodeType("item");
        SplittableRandom rng = new SplittableRandom(12);
        long[] counts = new long[g.numNodes()];
        for (int k = 0; k < DRAWS; k++) {
            counts[g.sampleNeighbour(u, item, rng)]++;
        }
        double[] p = expected(g, g.neighbourStart(u, item), g.neighbourEnd(u, item), true);
        assertEquals(6.0 / 25, p[g.node("item", "i0")], 1e-6);
        assertMatches(p, counts, uniformOver(p));
    }

    @Test
    void untypedSamplingAcrossNeighbourTypes() {
        for (boolean weighted : new boolean[]{false, true}) {
            HeteroGraph g = star(weighted);
            int u = g.node("user", "u0");
            SplittableRandom rng = new SplittableRandom(13);
            long[] counts = new long[g.numNodes()];
            for (int k = 0; k < DRAWS; k++) {
                counts[g.sampleNeighbour(u, rng)]++;
            }
            double[] p = expected(g, g.neighbourStart(u), g.neighbourEnd(u), weighted);
            double[] wrong = weighted ? expected(g, g.neighbourStart(u), g.neighbourEnd(u), false) : uniformOver(p);
            assertMatches(p, counts, wrong);
        }
    }

    @Test
    void noNeighbourGivesMinusOne() {
        HeteroGraph g = star(true);
        SplittableRandom rng = new SplittableRandom(1);
        int item = g.node("item", "i1");
        assertEquals(-1, g.sampleNeighbour(item, g.schema().nodeType("tag"), rng), "items have no tags");
        assertEquals(g.node("user", "u0"), g.sampleNeighbour(item, rng));
    }

    @Test
    void aliasMethodMatchesSkewedWeights() {
        float[] w = {0.001f, 5, 0, 1, 1, 30, 0.5f, 2};
        int n = w.length;
        float[] prob = new float[n];
        int[] alias = new int[n], small = new int[n], large = new int[n];
        AliasMethod.build(w, n, prob, alias, small, large);
        SplittableRandom rng = new SplittableRandom(5);
        long[] counts = new long[n];
        for (int k = 0; k < DRAWS; k++) {
            counts[AliasMethod.sample(prob, alias, n, rng)]++;
        }
        assertEquals(0, counts[2], "zero weight is never drawn");
        double sum = 0;
        for (float x : w) {
            sum += x;
        }
        double[] p = new double[n], wrong = new double[n];
        long[] obs = new long[n];
        for (int i = 0; i < n; i++) {
            p[i] = w[i] / sum;
            wrong[i] = Math.sqrt(w[i]);
            obs[i] = counts[i];
        }
        assertMatches(p, obs, wrong);
    }
}
