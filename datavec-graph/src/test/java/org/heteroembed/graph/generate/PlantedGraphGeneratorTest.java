package org.heteroembed.graph.generate;

import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import org.heteroembed.graph.HeldOutLinks;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.NodeLabels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlantedGraphGeneratorTest {
    /** About 50k training edges. */
    private static final PlantedGraphConfig CONFIG = PlantedGraphConfig.builder()
            .users(5000).articles(2500).topics(200).communities(8).clicksPerUser(10).topicsPerArticle(3)
            .pIn(0.85).holdout(0.1).seed(11).build();
    private static PlantedGraph pg;

    @BeforeAll
    static void generate() {
        pg = PlantedGraphGenerator.generate(CONFIG);
    }

    private static long pair(int user, int article) {
        return ((long) user << 32) | article;
    }

    @Test
    void hasTheConfiguredNodesAndRelations() {
        HeteroGraph g = pg.graph();
        assertEquals(CONFIG.users(), g.numNodes(pg.userType()));
        assertEquals(CONFIG.articles(), g.numNodes(pg.articleType()));
        assertEquals(CONFIG.topics(), g.numNodes(pg.topicType()));
        assertTrue(g.schema().relation(PlantedGraph.USER_ARTICLE) >= 0);
        assertTrue(g.schema().relation(PlantedGraph.ARTICLE_TOPIC) >= 0);
        assertEquals("u17", g.nodeId(g.globalId(pg.userType(), 17)));
        assertEquals("a3", g.nodeId(g.globalId(pg.articleType(), 3)));
        assertEquals("t0", g.nodeId(g.globalId(pg.topicType(), 0)));
        assertFalse(g.isWeighted());
        assertEquals(CONFIG.expectedEdges(), g.numEdges(), 0.05 * CONFIG.expectedEdges());
    }

    @Test
    void sameSeedGivesTheSameGraphAndAnotherSeedAnother() {
        PlantedGraph again = PlantedGraphGenerator.generate(CONFIG);
        HeteroGraph a = pg.graph(), b = again.graph();
        assertEquals(a.numEdges(), b.numEdges());
        for (int v = 0; v < a.numNodes(); v++) {
            assertArrayEquals(a.neighbours(v), b.neighbours(v), "node " + v);
        }
        assertEquals(pg.heldOut(), again.heldOut());

        HeteroGraph c = PlantedGraphGenerator.generate(CONFIG.toBuilder().seed(12).build()).graph();
        boolean differs = false;
        for (int v = 0; v < a.numNodes() && !differs; v++) {
            differs = !Arrays.equals(a.neighbours(v), c.neighbours(v));
        }
        assertTrue(differs);
    }

    @Test
    void clicksStayInTheUsersCommunityWithProbabilityPIn() {
        HeteroGraph g = pg.graph();
        long inside = 0, total = 0;
        for (int u = 0; u < CONFIG.users(); u++) {
            int v = g.globalId(pg.userType(), u);
            for (long i = g.neighbourStart(v, pg.articleType()); i < g.neighbourEnd(v, pg.articleType()); i++) {
                inside += pg.community(g.localId(g.neighbour(i))) == pg.community(u) ? 1 : 0;
                total++;
            }
        }
        assertEquals(CONFIG.pIn(), (double) inside / total, 0.03);
    }

    @Test
    void topicLinksStayInTheArticlesCommunityWithProbabilityPIn() {
        HeteroGraph g = pg.graph();
        long inside = 0, total = 0;
        for (int a = 0; a < CONFIG.articles(); a++) {
            int v = g.globalId(pg.articleType(), a);
            int[] topics = g.neighbours(v, pg.topicType());
            assertTrue(topics.length >= 1 && topics.length <= CONFIG.topicsPerArticle());
            assertEquals(topics.length, Arrays.stream(topics).distinct().count(), "distinct topics");
            for (int t : topics) {
                inside += pg.community(g.localId(t)) == pg.community(a) ? 1 : 0;
                total++;
            }
        }
        assertEquals(CONFIG.pIn(), (double) inside / total, 0.03);
    }

    @Test
    void articleDegreesAreHeavyTailed() {
        HeteroGraph g = pg.graph();
        int[] deg = new int[CONFIG.articles()];
        for (int a = 0; a < deg.length; a++) {
            deg[a] = g.degree(g.globalId(pg.articleType(), a), pg.userType());
        }
        Arrays.sort(deg);
        int median = Math.max(1, deg[deg.length / 2]);
        assertTrue(deg[deg.length - 1] > 10 * median, "max " + deg[deg.length - 1] + " median " + median);
    }

    @Test
    void userDegreesAreHeavyTailedAroundTheConfiguredMean() {
        HeteroGraph g = pg.graph();
        int max = 0;
        long sum = 0;
        for (int u = 0; u < CONFIG.users(); u++) {
            int d = g.degree(g.globalId(pg.userType(), u), pg.articleType());
            max = Math.max(max, d);
            sum += d;
        }
        double mean = (double) (sum + pg.heldOut().size()) / CONFIG.users();
        assertEquals(CONFIG.clicksPerUser(), mean, 1.5);
        assertTrue(max > 20 * CONFIG.clicksPerUser(), "max user degree " + max);
    }

    @Test
    void heldOutPairsAreTheRightFractionDistinctAndNotInTheGraph() {
        HeteroGraph g = pg.graph();
        LongOpenHashSet training = new LongOpenHashSet();
        for (int u = 0; u < CONFIG.users(); u++) {
            for (int a : g.neighbours(g.globalId(pg.userType(), u), pg.articleType())) {
                training.add(pair(u, g.localId(a)));
            }
        }
        HeldOutLinks h = pg.heldOut();
        h.validate(g);
        int clicks = g.schema().relation(PlantedGraph.USER_ARTICLE);
        LongOpenHashSet held = new LongOpenHashSet();
        long previous = -1;
        for (int i = 0; i < h.size(); i++) {
            assertEquals(clicks, h.relation(i));
            long p = pair(g.localId(h.source(i)), g.localId(h.target(i)));
            assertTrue(held.add(p), "duplicate held-out pair " + i);
            assertFalse(training.contains(p), "held-out pair in graph " + i);
            assertTrue(p > previous, "held-out pairs are ordered by user, then article: " + i);
            previous = p;
        }
        assertEquals(CONFIG.holdout(), (double) held.size() / (held.size() + training.size()), 0.02);
    }

    @Test
    void noHoldoutKeepsEveryClick() {
        PlantedGraph all = PlantedGraphGenerator.generate(CONFIG.toBuilder().holdout(0).build());
        assertEquals(0, all.heldOut().size());
        // Same draws, nothing removed: the training graph of the default holdout is a subgraph.
        assertTrue(all.graph().numEdges() > pg.graph().numEdges());
    }

    @Test
    void everyNodeIsLabelledWithItsCommunity() {
        HeteroGraph g = pg.graph();
        for (int t = 0; t < g.numNodeTypes(); t++) {
            NodeLabels labels = g.labels(t);
            assertEquals(CONFIG.communities(), labels.numClasses());
            assertEquals(g.numNodes(t), labels.numLabelled());
            for (int i = 0; i < g.numNodes(t); i++) {
                assertEquals(PlantedGraph.label(pg.community(i)), labels.labelName(i));
            }
        }
    }

    @Test
    void weightedClicksCarryRepeatCountsOnTheSameEdges() {
        PlantedGraph w = PlantedGraphGenerator.generate(CONFIG.toBuilder().weighted(true).build());
        HeteroGraph g = w.graph();
        assertTrue(g.isWeighted());
        assertEquals(pg.graph().numEdges(), g.numEdges());
        long ones = 0, total = 0;
        for (int u = 0; u < CONFIG.users(); u++) {
            int v = g.globalId(w.userType(), u);
            assertArrayEquals(pg.graph().neighbours(v), g.neighbours(v));
            for (long i = g.neighbourStart(v, w.articleType()); i < g.neighbourEnd(v, w.articleType()); i++) {
                float x = g.weight(i);
                assertTrue(x >= 1 && x == Math.rint(x), "weight " + x);
                ones += x == 1f ? 1 : 0;
                total++;
            }
        }
        assertEquals(0.5, (double) ones / total, 0.03);
    }

    @Test
    void tinyGraphsWork() {
        PlantedGraphConfig tiny = PlantedGraphConfig.builder().users(3).articles(3).topics(3).communities(3)
                .clicksPerUser(1).topicsPerArticle(3).seed(1).build();
        PlantedGraph t = PlantedGraphGenerator.generate(tiny);
        assertEquals(9, t.graph().numNodes());
        PlantedGraph single = PlantedGraphGenerator.generate(PlantedGraphConfig.builder().users(1).articles(1)
                .topics(1).communities(1).clicksPerUser(1).topicsPerArticle(1).holdout(0).build());
        assertEquals(2, single.graph().numEdges());
    }
}
