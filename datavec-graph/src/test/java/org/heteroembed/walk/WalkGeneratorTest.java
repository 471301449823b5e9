package org.heteroembed.walk;

import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.HeteroGraphBuilder;
import org.heteroembed.graph.generate.PlantedGraph;
import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WalkGeneratorTest {
    static HeteroGraph planted;

    @BeforeAll
    static void graph() {
        PlantedGraph pg = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(20_000, 3).toBuilder().weighted(true).build());
        planted = pg.graph();
    }

    /** All walks of a run, as one list per walk. */
    static List<int[]> collect(WalkGenerator gen) throws InterruptedException {
        List<int[]> walks = new ArrayList<>();
        try (OrderedPipeline<WalkChunk> p = gen.start()) {
            long expectedFirst = 0;
            for (WalkChunk c = p.next(); c != null; c = p.next()) {
                assertEquals(expectedFirst, c.firstWalk(), "chunks arrive in order");
                for (int i = 0; i < c.size(); i++) {
                    int[] w = new int[c.length(i)];
                    for (int k = 0; k < w.length; k++) {
                        w[k] = c.node(i, k);
                    }
                    walks.add(w);
                }
                expectedFirst += c.size();
            }
        }
        assertEquals(gen.numWalks(), walks.size());
        return walks;
    }

    @Test
    void restrictedStartsWalkFromExactlyTheAcceptedNodesEachWalksPerNodeTimes() throws InterruptedException {
        java.util.function.IntPredicate every7th = v -> v % 7 == 0;
        WalkConfig config = WalkConfig.builder().metapaths("user-article-topic-article-user", "article-user-article")
                .walksPerNode(3).walkLength(9).threads(2).build();
        List<int[]> walks = collect(new WalkGenerator(planted, config, every7th));
        java.util.Map<Integer, Integer> starts = new java.util.HashMap<>();
        for (int[] w : walks) {
            assertTrue(every7th.test(w[0]), "walk from " + w[0]);
            starts.merge(w[0], 1, Integer::sum);
        }
        int user = planted.schema().nodeType("user"), article = planted.schema().nodeType("article");
        long accepted = java.util.stream.IntStream.range(0, planted.numNodes())
                .filter(v -> every7th.test(v) && (planted.nodeType(v) == user || planted.nodeType(v) == article)).count();
        assertEquals(accepted, starts.size(), "every accepted node of a start type starts walks");
        assertTrue(starts.values().stream().allMatch(n -> n == 3), "walksPerNode times each");
        // The rest of a walk is as free as ever: it leaves the accepted set.
        assertTrue(walks.stream().anyMatch(w -> w.length > 1 && !every7th.test(w[1])));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new WalkGenerator(planted, config, v -> false));
    }

    @Test
    void metapathWalksFollowTheTypePatternExactly() throws InterruptedException {
        String[] paths = {"user-article-topic-article-user", "article-user-article", "topic-article-topic"};
        WalkGenerator gen = new WalkGenerator(planted, WalkConfig.builder().metapaths(paths).walksPerNode(2)
                .walkLength(13).threads(2).build());
        List<int[]> walks = collect(gen);
        int perRound = planted.numNodes(0) + planted.numNodes(1) + planted.numNodes(2);
        assertEquals(2L * perRound, walks.size());
        int[][] expectedTypes = new int[paths.length][];
        for (int m = 0; m < paths.length; m++) {
            Metapath mp = Metapath.parse(paths[m], planted.schema());
            expectedTypes[m] = new int[13];
            int pos = 0;
            for (int k = 0; k < 13; k++) {
                expectedTypes[m][k] = mp.type(pos);
                pos = mp.next(pos);
            }
        }
        // user-article-topic-article-user continues with article after the closing user:
        int u = planted.schema().nodeType("user"), a = planted.schema().nodeType("article"), t = planted.schema().nodeType("topic");
        assertArrayEquals(new int[]{u, a, t, a, u, a, t, a, u, a, t, a, u}, expectedTypes[0]);
        int full = 0;
        for (int i = 0; i < walks.size(); i++) {
            int[] w = walks.get(i);
            int source = (i % perRound) < planted.numNodes(0) ? 0 : (i % perRound) < planted.numNodes(0) + planted.numNodes(1) ? 1 : 2;
            for (int k = 0; k < w.length; k++) {
                assertEquals(expectedTypes[source][k], planted.nodeType(w[k]), "walk " + i + " step " + k);
                if (k > 0) {
                    assertTrue(planted.hasEdge(w[k - 1], w[k]), "every step follows an edge");
                }
            }
            if (w.length == 13) {
                full++;
            }
        }
        assertTrue(full > walks.size() * 0.9, "most walks reach full length: " + full);
        assertEquals(walks.size() - full, gen.stats().endedEarly());
        assertEquals(walks.size(), gen.stats().walks());
    }

    @Test
    void everyStartNodeStartsWalksPerNodeWalks() throws InterruptedException {
        WalkGenerator gen = new WalkGenerator(planted, WalkConfig.builder().walksPerNode(3).walkLength(2)
                .startTypes("article", "topic").threads(3).build());
        Map<Integer, Integer> starts = new HashMap<>();
        for (int[] w : collect(gen)) {
            starts.merge(w[0], 1, Integer::sum);
            assertTrue(planted.nodeType(w[0]) >= 1);
        }
        assertEquals(planted.numNodes(1) + planted.numNodes(2), starts.size());
        assertTrue(starts.values().stream().allMatch(c -> c == 3));
    }

    @Test
    void deterministicWhateverTheThreadsAndChunks() throws InterruptedException {
        for (WalkKind kind : WalkKind.values()) {
            WalkConfig.Builder b = WalkConfig.builder().kind(kind).walksPerNode(2).walkLength(10).seed(99).p(0.5).q(2);
            if (kind == WalkKind.METAPATH) {
                b.metapaths("user-article-user", "topic-article-topic");
            }
            List<int[]> one = collect(new WalkGenerator(planted, b.threads(1).chunkSize(64).build()));
            List<int[]> four = collect(new WalkGenerator(planted, b.threads(4).chunkSize(7).maxChunksInFlight(3).build()));
            assertEquals(one.size(), four.size());
            for (int i = 0; i < one.size(); i++) {
                assertArrayEquals(one.get(i), four.get(i), kind + " walk " + i);
            }
            List<int[]> other = collect(new WalkGenerator(planted, b.seed(100).build()));
            boolean differs = false;
            for (int i = 0; i < one.size() && !differs; i++) {
                differs = !java.util.Arrays.equals(one.get(i), other.get(i));
            }
            assertTrue(differs, kind + ": another seed gives other walks");
        }
    }

    /** Small weighted graph where node2vec's bias is visible: prev=0, cur=1, neighbours of 1 are 0, 2 (adjacent to 0), 3, 4. */
    static HeteroGraph node2vecGraph() {
        HeteroGraphBuilder b = HeteroGraph.builder().weighted();
        int t = b.nodeType("n");
        int r = b.relation("e", t, t, false);
        for (int i = 0; i < 6; i++) {
            b.node(t, "v" + i);
        }
        b.addEdge(r, 0, 1, 1f);
        b.addEdge(r, 0, 2, 1f);
        b.addEdge(r, 1, 2, 2f);
        b.addEdge(r, 1, 3, 3f);
        b.addEdge(r, 1, 4, 0.5f);
        b.addEdge(r, 3, 5, 1f);
        return b.build();
    }

    @Test
    void node2vecTransitionsMatchTheoreticalPQ() {
        HeteroGraph g = node2vecGraph();
        ChiSquareTest chi = new ChiSquareTest();
        double[][] pq = {{0.25, 4}, {4, 0.25}, {1, 1}, {2, 0.5}};
        for (double[] params : pq) {
            double p = params[0], q = params[1];
            Node2VecWalker walker = new Node2VecWalker(g, p, q);
            SplitMix64 rng = new SplitMix64(17);
            int draws = 200_000;
            long[] counts = new long[g.numNodes()];
            for (int k = 0; k < draws; k++) {
                counts[walker.step(0, 1, rng)]++;
            }
            // Theory: weight(1, x) * alpha(0, x): x=0 (return) 1/p, x=2 (adjacent to 0) 1, x=3, x=4 (away) 1/q.
            double[] expected = {1 / p, 2, 3 / q, 0.5 / q};
            long[] observed = {counts[0], counts[2], counts[3], counts[4]};
            assertEquals(draws, observed[0] + observed[1] + observed[2] + observed[3], "only neighbours of node 1");
            double pValue = chi.chiSquareTest(expected, observed);
            assertTrue(pValue > 1e-3, "p=" + p + " q=" + q + ": " + java.util.Arrays.toString(observed) + " p-value " + pValue);
            // Power: first-order (plain weighted) frequencies are rejected whenever p or q differ from 1.
            if (p != 1 || q != 1) {
                assertTrue(chi.chiSquareTest(new double[]{1, 2, 3, 0.5}, observed) < 1e-6);
            }
        }
    }

    @Test
    void uniformWalkTransitionsFollowEdgeWeights() throws InterruptedException {
        HeteroGraph g = node2vecGraph();
        WalkGenerator gen = new WalkGenerator(g, WalkConfig.builder().walksPerNode(20_000).walkLength(6).threads(2).build());
        long[][] transitions = new long[g.numNodes()][g.numNodes()];
        for (int[] w : collect(gen)) {
            for (int k = 1; k < w.length; k++) {
                transitions[w[k - 1]][w[k]]++;
            }
        }
        ChiSquareTest chi = new ChiSquareTest();
        int node1 = g.node("n", "v1");
        double[] expected = {1, 2, 3, 0.5}; // neighbours v0, v2, v3, v4 of v1 by weight
        long[] observed = {transitions[node1][g.node("n", "v0")], transitions[node1][g.node("n", "v2")],
                transitions[node1][g.node("n", "v3")], transitions[node1][g.node("n", "v4")]};
        assertTrue(chi.chiSquareTest(expected, observed) > 1e-3, java.util.Arrays.toString(observed));
        assertEquals(0, transitions[g.node("n", "v0")][g.node("n", "v5")], "no transition without an edge");
    }

    @Test
    void earlyEndsAreCountedPerSource() throws InterruptedException {
        HeteroGraphBuilder b = HeteroGraph.builder();
        int a = b.nodeType("author"), p = b.nodeType("paper"), v = b.nodeType("venue");
        int writes = b.relation("writes", a, p, false), at = b.relation("at", p, v, false);
        b.addEdge(writes, b.node(a, "a1"), b.node(p, "p1"), 1f);
        b.addEdge(writes, b.node(a, "a2"), b.node(p, "p2"), 1f); // p2 has no venue: APVPA walks from a2 end early
        b.addEdge(at, b.node(p, "p1"), b.node(v, "v1"), 1f);
        HeteroGraph g = b.build();
        WalkGenerator gen = new WalkGenerator(g, WalkConfig.builder().metapaths("author-paper-venue-paper-author")
                .walksPerNode(5).walkLength(9).build());
        List<int[]> walks = collect(gen);
        for (int[] w : walks) {
            if (w[0] == g.node("author", "a2")) {
                assertEquals(2, w.length, "a2 -> p2, then no venue");
            } else {
                assertEquals(9, w.length);
            }
        }
        assertEquals(5, gen.stats().endedEarly());
        assertEquals(5, gen.stats().endedEarly(0));
    }

    @Test
    void badConfigsFailWithWhatToFix() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> new WalkGenerator(planted,
                WalkConfig.builder().metapaths("user-artcle-user").build()));
        assertTrue(unknown.getMessage().contains("unknown node type 'artcle' (the graph has user, article, topic)"), unknown.getMessage());
        IllegalArgumentException noRelation = assertThrows(IllegalArgumentException.class, () -> new WalkGenerator(planted,
                WalkConfig.builder().metapaths("user-topic-user").build()));
        assertTrue(noRelation.getMessage().contains("no relation lets a walk go from 'user' to 'topic' ('user' nodes have neighbours of type: article)"),
                noRelation.getMessage());
        IllegalArgumentException open = assertThrows(IllegalArgumentException.class, () -> new WalkGenerator(planted,
                WalkConfig.builder().metapaths("user-article-topic").build()));
        assertTrue(open.getMessage().contains("from 'topic' to 'user'"), open.getMessage());
        IllegalArgumentException start = assertThrows(IllegalArgumentException.class, () -> new WalkGenerator(planted,
                WalkConfig.builder().startTypes("users").build()));
        assertTrue(start.getMessage().contains("start type 'users'"), start.getMessage());

        assertTrue(assertThrows(IllegalArgumentException.class, () -> WalkConfig.builder().p(0).build()).getMessage().contains("walks.p must be > 0, got 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WalkConfig.builder().q(-1).build()).getMessage().contains("walks.q must be > 0, got -1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WalkConfig.builder().walkLength(1).build()).getMessage().contains("walks.walkLength must be >= 2, got 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WalkConfig.builder().walksPerNode(0).build()).getMessage().contains("walks.walksPerNode must be >= 1, got 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WalkConfig.builder().kind(WalkKind.METAPATH).build()).getMessage().contains("walks.metapaths must name at least one metapath"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WalkConfig.builder().metapaths("user").build()).getMessage().contains("at least two node types"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WalkConfig.builder().metapaths("user--article").build()).getMessage().contains("empty type name"));
    }

    @Test
    void configJsonRoundTrip() {
        WalkConfig c = WalkConfig.builder().metapaths("a-b-a", "b,a,b").walksPerNode(3).walkLength(7).seed(5).threads(3).build();
        WalkConfig back = WalkConfig.SETTINGS.toBuilder(WalkConfig.SETTINGS.fromTree(WalkConfig.SETTINGS.toTree(c)))
                .seed(5).threads(3).build();
        assertEquals(c, back);
        assertEquals(List.of("a-b-a", "b,a,b"), back.metapaths());
        assertEquals(WalkKind.METAPATH, back.kind());
        var tree = WalkConfig.SETTINGS.toTree(c).put("walkLength", 0);
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> WalkConfig.SETTINGS.fromTree(tree));
        assertEquals("walks.walkLength must be >= 2, got 0", bad.getMessage());
        assertFalse(c.equals(c.toBuilder().seed(6).build()));
        assertEquals(c, c.toBuilder().build(), "toBuilder keeps seed, threads and chunking");
    }

    @Test
    void permutationIsABijection() {
        for (long n : new long[]{1, 2, 3, 17, 1000, 4097}) {
            IndexPermutation perm = new IndexPermutation(n, n * 31);
            boolean[] seen = new boolean[(int) n];
            for (long i = 0; i < n; i++) {
                long j = perm.apply(i);
                assertTrue(j >= 0 && j < n && !seen[(int) j]);
                seen[(int) j] = true;
            }
        }
    }
}
