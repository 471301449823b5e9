package org.heteroembed.graph.generate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlantedGraphConfigTest {

    private static void assertInvalid(UnaryOperator<PlantedGraphConfig.Builder> change, String messageStart) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> change.apply(PlantedGraphConfig.builder()).build());
        assertTrue(e.getMessage().startsWith(messageStart), e.getMessage());
    }

    @Test
    void validationNamesTheBadParameter() {
        assertInvalid(b -> b.communities(0), "communities must be >= 1");
        assertInvalid(b -> b.users(3).communities(4), "users must be >= communities");
        assertInvalid(b -> b.articles(3).communities(4), "articles must be >= communities");
        assertInvalid(b -> b.topics(3).communities(4), "topics must be >= communities");
        assertInvalid(b -> b.pIn(1.5), "pIn must be in [0,1]");
        assertInvalid(b -> b.pIn(Double.NaN), "pIn must be in [0,1]");
        assertInvalid(b -> b.holdout(1), "holdout must be in [0,1)");
        assertInvalid(b -> b.holdout(-0.1), "holdout must be in [0,1)");
        assertInvalid(b -> b.clicksPerUser(0.5), "clicksPerUser must be in [1, maxClicksPerUser");
        assertInvalid(b -> b.maxClicksPerUser(5).clicksPerUser(6), "clicksPerUser must be in [1, maxClicksPerUser");
        assertInvalid(b -> b.maxClicksPerUser(0), "maxClicksPerUser must be >= 1");
        assertInvalid(b -> b.topicsPerArticle(0), "topicsPerArticle must be in [1, topics");
        assertInvalid(b -> b.topics(8).topicsPerArticle(9), "topicsPerArticle must be in [1, topics");
        assertInvalid(b -> b.degreeExponent(1), "degreeExponent must be in (1, 100)");
        assertInvalid(b -> b.popularityExponent(-1), "popularityExponent must be in [0, 100)");
    }

    @Test
    void builderRoundTripsAndDefaultsAreValid() {
        PlantedGraphConfig c = PlantedGraphConfig.builder().users(100).articles(50).topics(20).communities(4)
                .clicksPerUser(5).topicsPerArticle(2).pIn(0.7).holdout(0.2).weighted(true).seed(7).build();
        assertEquals(c, c.toBuilder().build());
        assertEquals(c.hashCode(), c.toBuilder().build().hashCode());
        assertNotEquals(c, c.toBuilder().seed(8).build());
        assertEquals(4, c.communities());
        assertEquals(0.7, c.pIn());
        assertEquals(50, c.clickCap());
        PlantedGraphConfig.builder().build();
    }

    /** The talk's industrial graph (51M nodes, 280M edges) in expectation; and a small one actually generated. */
    @Test
    void forNodesAndEdgesSizesBothInExpectation() {
        PlantedGraphConfig talk = PlantedGraphConfig.forNodesAndEdges(51_000_000, 280_000_000, 1);
        long nodes = (long) talk.users() + talk.articles() + talk.topics();
        assertEquals(51_000_000, nodes, 51_000_000 * 0.01, "nodes");
        assertEquals(280_000_000, talk.expectedEdges(), 280_000_000 * 0.02, "edges");
        PlantedGraph small = PlantedGraphGenerator.generate(PlantedGraphConfig.forNodesAndEdges(30_000, 160_000, 1));
        assertEquals(30_000, small.graph().numNodes(), 30_000 * 0.01);
        assertEquals(160_000, small.graph().numEdges(), 160_000 * 0.05);
        assertThrows(IllegalArgumentException.class, () -> PlantedGraphConfig.forNodesAndEdges(1_000_000, 10, 1));
    }

    @Test
    void forEdgesRejectsNonPositiveTargets() {
        assertThrows(IllegalArgumentException.class, () -> PlantedGraphConfig.forEdges(0, 1));
    }

    @ParameterizedTest
    @ValueSource(longs = {50_000, 300_000})
    void forEdgesGeneratesAboutTheTargetNumberOfEdges(long target) {
        PlantedGraphConfig c = PlantedGraphConfig.forEdges(target, 3);
        assertEquals(target, c.expectedEdges(), 0.02 * target, c.toString());
        long edges = PlantedGraphGenerator.generate(c).graph().numEdges();
        assertEquals(target, edges, 0.2 * target, c.toString());
    }

    /**
     * Tiny graphs are sized right in expectation, up to the granularity of a few edges per user; a single
     * heavy user moves the actual count by +-20% (seen over 30 seeds at 100 edges), so only a loose bound on it.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 20, 100, 1_000})
    void forEdgesSizesTinyGraphsInExpectation(long target) {
        for (long seed = 0; seed < 5; seed++) {
            PlantedGraphConfig c = PlantedGraphConfig.forEdges(target, seed);
            assertEquals(target, c.expectedEdges(), Math.max(0.1 * target, 5), c.toString());
            long edges = PlantedGraphGenerator.generate(c).graph().numEdges();
            assertEquals(target, edges, Math.max(0.5 * target, 10), c.toString());
        }
    }

    @Test
    void forEdgesUsesDefaultShapeForLargeTargets() {
        PlantedGraphConfig c = PlantedGraphConfig.forEdges(10_000_000, 1);
        assertEquals(PlantedGraphConfig.DEFAULT_COMMUNITIES, c.communities());
        assertEquals(10, c.clicksPerUser());
        assertEquals(c.users() / 2, c.articles());
        assertEquals(1, c.seed());
        assertEquals(10_000_000, c.expectedEdges(), 0.01 * 10_000_000);
    }
}
