package org.heteroembed.sampling;

import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.HeteroGraphBuilder;
import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
import org.heteroembed.walk.OrderedPipeline;
import org.heteroembed.walk.SplitMix64;
import org.heteroembed.walk.WalkChunk;
import org.heteroembed.walk.WalkConfig;
import org.heteroembed.walk.WalkGenerator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SkipGramSamplingTest {
    private final ChiSquareTest chi = new ChiSquareTest();

    /** Two types, a: 4 nodes, b: 3 nodes, all connected; counts set by hand. */
    private static HeteroGraph twoTypes() {
        HeteroGraphBuilder b = HeteroGraph.builder();
        int a = b.nodeType("a"), bt = b.nodeType("b");
        int r = b.relation("ab", a, bt, false);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
                b.addEdge(r, b.node(a, "a" + i), b.node(bt, "b" + j), 1f);
            }
        }
        return b.build();
    }

    private static final long[] COUNTS = {1, 10, 100, 0, 5, 50, 500};

    @Test
    void globalNegativesFollowUnigramToThePower() {
        HeteroGraph g = twoTypes();
        for (double exponent : new double[]{0.75, 1.0, 0.0}) {
            NegativeSampler s = new NegativeSampler(g, new NodeFrequencies(COUNTS), exponent, false);
            SplitMix64 rng = new SplitMix64(3);
            long[] obs = new long[7];
            for (int i = 0; i < 300_000; i++) {
                obs[s.sample(0, rng)]++;
            }
            assertEquals(0, obs[3], "a node absent from the walks is never a negative");
            double[] exp = new double[6];
            double[] flat = new double[6];
            long[] o = new long[6];
            int k = 0;
            for (int v = 0; v < 7; v++) {
                if (COUNTS[v] > 0) {
                    exp[k] = Math.pow(COUNTS[v], exponent);
                    flat[k] = Math.pow(COUNTS[v], exponent == 1.0 ? 0.75 : 1.0);
                    o[k++] = obs[v];
                }
            }
            assertTrue(chi.chiSquareTest(exp, o) > 1e-3, "exponent " + exponent + ": " + java.util.Arrays.toString(obs));
            assertTrue(chi.chiSquareTest(flat, o) < 1e-6, "the test tells another exponent apart");
        }
    }

    @Test
    void degreesStandInForCounts() {
        HeteroGraph g = twoTypes();
        NodeFrequencies f = NodeFrequencies.ofDegrees(g);
        for (int v = 0; v < g.numNodes(); v++) {
            assertEquals(g.degree(v), f.count(v));
        }
        assertEquals(2 * g.numEdges(), f.total());
    }

    @Test
    void typeAwareNegativesComeFromTheTargetType() {
        HeteroGraph g = twoTypes();
        NegativeSampler s = new NegativeSampler(g, new NodeFrequencies(COUNTS), 0.75, true);
        SplitMix64 rng = new SplitMix64(4);
        long[] obs = new long[7];
        int targetB = g.node("b", "b0");
        for (int i = 0; i < 200_000; i++) {
            obs[s.sample(targetB, rng)]++;
        }
        for (int v = 0; v < 4; v++) {
            assertEquals(0, obs[v], "no negative of type a for a target of type b");
        }
        double[] exp = {Math.pow(5, 0.75), Math.pow(50, 0.75), Math.pow(500, 0.75)};
        assertTrue(chi.chiSquareTest(exp, new long[]{obs[4], obs[5], obs[6]}) > 1e-3);
    }

    private static List<WalkChunk> walks(WalkGenerator gen) throws InterruptedException {
        List<WalkChunk> out = new ArrayList<>();
        try (OrderedPipeline<WalkChunk> p = gen.start()) {
            for (WalkChunk c = p.next(); c != null; c = p.next()) {
                out.add(c);
            }
        }
        return out;
    }

    private static List<PairChunk> pairs(WalkGenerator gen, SkipGramPairGenerator pg) throws InterruptedException {
        List<PairChunk> out = new ArrayList<>();
        try (OrderedPipeline<PairChunk> p = pg.start(gen)) {
            for (PairChunk c = p.next(); c != null; c = p.next()) {
                out.add(c);
            }
        }
        return out;
    }

    @Test
    void windowOneWithoutSubsamplingGivesExactlyTheAdjacentPairs() throws InterruptedException {
        HeteroGraph g = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(3000, 1)).graph();
        WalkGenerator gen = new WalkGenerator(g, WalkConfig.builder().walksPerNode(2).walkLength(6).threads(2).build());
        SkipGramConfig cfg = SkipGramConfig.builder().window(1).subsample(0).negatives(2).build();
        SkipGramPairGenerator pg = SkipGramPairGenerator.forWalks(gen, cfg);
        Map<Long, Integer> expected = new HashMap<>();
        for (WalkChunk c : walks(gen)) {
            for (int w = 0; w < c.size(); w++) {
                for (int s = 1; s < c.length(w); s++) {
                    expected.merge(((long) c.node(w, s - 1) << 32) | c.node(w, s), 1, Integer::sum);
                    expected.merge(((long) c.node(w, s) << 32) | c.node(w, s - 1), 1, Integer::sum);
                }
            }
        }
        Map<Long, Integer> actual = new HashMap<>();
        for (PairChunk c : pairs(gen, pg)) {
            for (int i = 0; i < c.size(); i++) {
                actual.merge(((long) c.center(i) << 32) | c.context(i), 1, Integer::sum);
                for (int j = 0; j < 2; j++) {
                    assertNotEquals(c.context(i), c.negative(i, j), "negatives avoid the context");
                }
            }
        }
        assertEquals(expected, actual);
    }

    @Test
    void randomWindowShrinkGivesWordToVecsPairCount() throws InterruptedException {
        HeteroGraph g = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(5000, 2)).graph();
        WalkGenerator gen = new WalkGenerator(g, WalkConfig.builder().walksPerNode(4).walkLength(40).threads(2).build());
        int window = 5;
        SkipGramPairGenerator pg = SkipGramPairGenerator.forWalks(gen, SkipGramConfig.builder().window(window).subsample(0).negatives(0).build());
        // Exact expectation: position i of a walk of length L with window b has min(b, i) + min(b, L-1-i) contexts.
        double expected = 0;
        long tokens = 0;
        for (WalkChunk c : walks(gen)) {
            for (int w = 0; w < c.size(); w++) {
                int len = c.length(w);
                tokens += len;
                for (int i = 0; i < len; i++) {
                    for (int b = 1; b <= window; b++) {
                        expected += (Math.min(b, i) + Math.min(b, len - 1 - i)) / (double) window;
                    }
                }
            }
        }
        long actual = pairs(gen, pg).stream().mapToLong(PairChunk::size).sum();
        // The count is a sum of `tokens` independent bounded draws (variance < window^2 each): 6 sigma.
        double tolerance = 6 * window * Math.sqrt(tokens);
        assertEquals(expected, actual, tolerance, "pairs: " + actual + " expected " + expected);
    }

    @Test
    void subsamplingKeepsFrequentNodesAtWordToVecsRate() throws InterruptedException {
        HeteroGraph g = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(5000, 5)).graph();
        WalkGenerator gen = new WalkGenerator(g, WalkConfig.builder().walksPerNode(3).walkLength(20).threads(2).build());
        NodeFrequencies f = NodeFrequencies.count(gen);
        int hub = 0;
        for (int v = 0; v < g.numNodes(); v++) {
            if (f.count(v) > f.count(hub)) {
                hub = v;
            }
        }
        double t = 1e-3;
        SkipGramPairGenerator pg = new SkipGramPairGenerator(g, SkipGramConfig.builder().window(1).subsample(t).negatives(0).build(), f);
        double freq = (double) f.count(hub) / f.total();
        double keep = Math.min(1, (Math.sqrt(freq / t) + 1) * t / freq);
        assertEquals(keep, pg.keepProbability(hub), 1e-6);
        assertTrue(keep < 0.9, "the hub is frequent enough to be subsampled: " + keep);
        // A window-1 pair has the hub as center once per kept hub occurrence next to a kept neighbour: just
        // check the hub's share of centers drops by about the keep rate relative to no subsampling.
        SkipGramPairGenerator none = new SkipGramPairGenerator(g, SkipGramConfig.builder().window(1).subsample(0).negatives(0).build(), f);
        long withSub = countCenter(pairs(gen, pg), hub), without = countCenter(pairs(gen, none), hub);
        double ratio = (double) withSub / without;
        assertTrue(ratio < keep * 1.15 && ratio > keep * 0.5, "hub centers kept " + ratio + " vs keep probability " + keep);
    }

    private static long countCenter(List<PairChunk> chunks, int node) {
        long n = 0;
        for (PairChunk c : chunks) {
            for (int i = 0; i < c.size(); i++) {
                if (c.center(i) == node) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void pairsAreDeterministicAcrossThreads() throws InterruptedException {
        HeteroGraph g = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(3000, 7)).graph();
        SkipGramConfig cfg = SkipGramConfig.builder().typeAwareNegatives(true).build();
        WalkConfig.Builder wb = WalkConfig.builder().metapaths("user-article-topic-article-user").walksPerNode(2).walkLength(12);
        WalkGenerator one = new WalkGenerator(g, wb.threads(1).build()), three = new WalkGenerator(g, wb.threads(3).chunkSize(5).build());
        List<PairChunk> a = pairs(one, SkipGramPairGenerator.forWalks(one, cfg));
        List<PairChunk> b = pairs(three, SkipGramPairGenerator.forWalks(three, cfg));
        long[] fa = flatten(a), fb = flatten(b);
        assertTrue(fa.length > 1000);
        assertTrue(java.util.Arrays.equals(fa, fb));
        for (PairChunk c : a) {
            for (int i = 0; i < c.size(); i++) {
                for (int j = 0; j < c.negativesPerPair(); j++) {
                    assertEquals(g.nodeType(c.context(i)), g.nodeType(c.negative(i, j)), "type-aware negatives");
                }
            }
        }
    }

    private static long[] flatten(List<PairChunk> chunks) {
        List<Long> out = new ArrayList<>();
        for (PairChunk c : chunks) {
            for (int i = 0; i < c.size(); i++) {
                out.add(((long) c.center(i) << 32) | c.context(i));
                for (int j = 0; j < c.negativesPerPair(); j++) {
                    out.add((long) c.negative(i, j));
                }
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    @Test
    void badSkipGramConfigs() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SkipGramConfig.builder().window(0).build()).getMessage().contains("skipGram.window must be >= 1, got 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SkipGramConfig.builder().negatives(-1).build()).getMessage().contains("negatives must be >= 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SkipGramConfig.builder().subsample(-1e-3).build()).getMessage().contains("subsample must be >= 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SkipGramConfig.builder().negativeExponent(Double.NaN).build()).getMessage().contains("negativeExponent"));
        SkipGramConfig c = SkipGramConfig.builder().window(3).negatives(7).typeAwareNegatives(true).seed(9).build();
        assertEquals(c, SkipGramConfig.SETTINGS.fromTree(SkipGramConfig.SETTINGS.toTree(c)).toBuilder().seed(9).build());
        assertEquals(c, c.toBuilder().build());
        var tree = SkipGramConfig.SETTINGS.toTree(c).put("window", 0);
        assertEquals("skipGram.window must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> SkipGramConfig.SETTINGS.fromTree(tree)).getMessage());
    }
}
