package org.heteroembed.graph.partition;

import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.generate.PlantedGraph;
import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelPropagationPartitionerTest {
    /** 4620 nodes of three types, ~56k adjacency entries, 8 planted communities, 85% of edges inside them. */
    private static final PlantedGraphConfig CONFIG = PlantedGraphConfig.builder()
            .users(3000).articles(1500).topics(120).communities(8).clicksPerUser(10).pIn(0.85).seed(1).build();
    private static PlantedGraph pg;

    @BeforeAll
    static void generate() {
        pg = PlantedGraphGenerator.generate(CONFIG);
    }

    private static LabelPropagationPartitioner lp(int parts, long seed) {
        return LabelPropagationPartitioner.builder().parts(parts).seed(seed).build();
    }

    /** Every node in [0, parts), sizes consistent and no part above the cap. */
    private static void assertValid(NodePartition p, int numNodes, int parts, int cap) {
        assertEquals(numNodes, p.numNodes());
        assertEquals(parts, p.parts());
        long[] counted = new long[parts];
        for (int v = 0; v < numNodes; v++) {
            int part = p.partOf(v);
            assertTrue(part >= 0 && part < parts, "node " + v + " in part " + part);
            counted[part]++;
        }
        assertArrayEquals(counted, p.sizes());
        for (long s : counted) {
            assertTrue(s <= cap, "part of " + s + " nodes exceeds the cap " + cap + ": " + Arrays.toString(counted));
        }
    }

    @Test
    void cutsFarFewerEdgesThanHashingOnAPlantedGraph() {
        HeteroGraph g = pg.graph();
        for (int parts : new int[]{2, 4, 8}) {
            double hash = PartitionStats.edgeCutFraction(g, NodePartition.hash(g.numNodes(), parts, 3));
            NodePartition p = lp(parts, 3).partition(g);
            double local = PartitionStats.edgeCutFraction(g, p);
            assertEquals(NodePartition.LABEL_PROPAGATION, p.method());
            assertEquals(1 - 1.0 / parts, hash, 0.03, "hash baseline with " + parts + " parts");
            assertTrue(local < 0.5 * hash, parts + " parts: label propagation cuts " + local + ", hash " + hash);
            // With P <= K every part holds whole communities, so about 1 - pIn of the entries at most cross.
            assertTrue(local < (1 - CONFIG.pIn()) + 0.05, parts + " parts: cut " + local);
        }
    }

    @Test
    void partsFollowThePlantedCommunities() {
        // With P = K, each part should be essentially one planted community (isolated and low-degree nodes
        // are the exceptions): count the nodes that belong to their part's majority community.
        HeteroGraph g = pg.graph();
        int k = CONFIG.communities();
        NodePartition p = lp(k, 5).partition(g);
        int[][] table = new int[k][k];
        for (int v = 0; v < g.numNodes(); v++) {
            table[p.partOf(v)][pg.community(g.localId(v))]++;
        }
        int majority = 0;
        for (int[] row : table) {
            majority += Arrays.stream(row).max().orElse(0);
        }
        double purity = (double) majority / g.numNodes();
        assertTrue(purity > 0.85, "purity " + purity);
    }

    @Test
    void splitCommunitiesStillBeatHashing() {
        // 32 parts for 8 communities: each community is split in four, by grown regions rather than by id.
        HeteroGraph g = pg.graph();
        double hash = PartitionStats.edgeCutFraction(g, NodePartition.hash(g.numNodes(), 32, 1));
        double local = PartitionStats.edgeCutFraction(g, lp(32, 1).partition(g));
        assertTrue(local < 0.75 * hash, "label propagation " + local + ", hash " + hash);
    }

    @Test
    void partsRespectTheCap() {
        HeteroGraph g = pg.graph();
        int n = g.numNodes();
        for (int parts : new int[]{1, 2, 3, 8, 32, 100}) {
            for (double slack : new double[]{0, 0.05, 0.3}) {
                LabelPropagationPartitioner partitioner = LabelPropagationPartitioner.builder()
                        .parts(parts).balanceSlack(slack).seed(parts).build();
                int cap = partitioner.maxPartSize(n);
                assertTrue(cap <= Math.max(Math.ceil((double) n / parts), (1 + slack) * n / parts), "cap " + cap);
                assertValid(partitioner.partition(g), n, parts, cap);
            }
        }
    }

    @Test
    void maxPartSizeIsTheSlackBoundButNeverBelowAnEvenSplit() {
        assertEquals(131, LabelPropagationPartitioner.builder().parts(8).build().maxPartSize(1000));
        assertEquals(125, LabelPropagationPartitioner.builder().parts(8).balanceSlack(0).build().maxPartSize(1000));
        assertEquals(4, LabelPropagationPartitioner.builder().parts(3).balanceSlack(0).build().maxPartSize(10));
        assertEquals(4, LabelPropagationPartitioner.builder().parts(3).balanceSlack(0.05).build().maxPartSize(10));
        assertEquals(1, LabelPropagationPartitioner.builder().parts(5).build().maxPartSize(2));
    }

    @Test
    void sameSeedSamePartition() {
        HeteroGraph g = pg.graph();
        NodePartition a = lp(8, 7).partition(g);
        assertEquals(a, lp(8, 7).partition(g));
        // Another seed may give another (equally good) partition; it must be valid either way.
        NodePartition b = lp(8, 8).partition(g);
        assertValid(b, g.numNodes(), 8, lp(8, 8).maxPartSize(g.numNodes()));
    }

    @Test
    void onePartHoldsEverything() {
        HeteroGraph g = pg.graph();
        NodePartition p = lp(1, 1).partition(g);
        assertArrayEquals(new long[]{g.numNodes()}, p.sizes());
        assertEquals(0.0, PartitionStats.edgeCutFraction(g, p));
    }

    @Test
    void twoTrianglesGoToTwoParts() {
        HeteroGraph g = Graphs.twoTriangles();
        for (long seed = 0; seed < 50; seed++) {
            NodePartition p = lp(2, seed).partition(g);
            String msg = "seed " + seed + ": " + Arrays.toString(p.sizes());
            assertEquals(p.partOf(0), p.partOf(1), msg);
            assertEquals(p.partOf(0), p.partOf(2), msg);
            assertEquals(p.partOf(3), p.partOf(4), msg);
            assertEquals(p.partOf(3), p.partOf(5), msg);
            assertNotEquals(p.partOf(0), p.partOf(3), msg);
            assertEquals(2.0 / 14, PartitionStats.edgeCutFraction(g, p), 1e-12);
        }
    }

    @Test
    void directedEdgesCountBothWays() {
        // Two out-stars, hubs 0 and 6 with leaves 1..5 and 7..11. Leaves have no out-edges: seen only along
        // stored edges they would be isolated singletons, packed by id across both parts.
        int[][] edges = new int[10][];
        for (int i = 0; i < 5; i++) {
            edges[i] = new int[]{0, 1 + i};
            edges[5 + i] = new int[]{6, 7 + i};
        }
        HeteroGraph g = Graphs.directed(12, edges);
        for (long seed = 0; seed < 10; seed++) {
            NodePartition p = lp(2, seed).partition(g);
            for (int leaf = 1; leaf < 6; leaf++) {
                assertEquals(p.partOf(0), p.partOf(leaf), "seed " + seed + " leaf " + leaf);
                assertEquals(p.partOf(6), p.partOf(6 + leaf), "seed " + seed + " leaf " + (6 + leaf));
            }
            assertNotEquals(p.partOf(0), p.partOf(6));
        }
    }

    @Test
    void isolatedNodesFillTheGaps() {
        // Two triangles plus four isolated nodes in two parts of at most 5: 3 + 2 isolated each.
        HeteroGraph g = Graphs.undirected(10, new int[][]{{0, 1}, {1, 2}, {0, 2}, {2, 3}, {3, 4}, {4, 5}, {3, 5}});
        NodePartition p = lp(2, 4).partition(g);
        assertValid(p, 10, 2, 5);
        assertArrayEquals(new long[]{5, 5}, p.sizes());
        assertNotEquals(p.partOf(0), p.partOf(3));
    }

    @Test
    void badArgumentsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LabelPropagationPartitioner.builder().parts(0).build());
        assertEquals("parts must be >= 1, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LabelPropagationPartitioner.builder().build());
        assertEquals("parts must be >= 1, got -1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LabelPropagationPartitioner.builder().parts(2).balanceSlack(-0.01).build());
        assertEquals("balanceSlack must be finite and >= 0, got -0.01", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> LabelPropagationPartitioner.builder().parts(2).balanceSlack(Double.NaN).build());
        e = assertThrows(IllegalArgumentException.class,
                () -> LabelPropagationPartitioner.builder().parts(2).maxIterations(0).build());
        assertEquals("maxIterations must be >= 1, got 0", e.getMessage());
    }
}
