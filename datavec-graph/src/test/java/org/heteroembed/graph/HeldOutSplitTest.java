package org.heteroembed.graph;

import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeldOutSplitTest {
    private static HeteroGraph graph;
    private static HeldOutSplit.Split split;

    @BeforeAll
    static void split() {
        // A weighted multigraph (repeated clicks are parallel edges) with labels: everything the copy must keep.
        PlantedGraphConfig c = PlantedGraphConfig.forEdges(8_000, 21).toBuilder().holdout(0).weighted(true).build();
        graph = PlantedGraphGenerator.generate(c).graph();
        split = HeldOutSplit.split(graph, 0.2, 11);
    }

    private static int multiplicity(HeteroGraph g, int u, int v) {
        int m = 0;
        for (int w : g.neighbours(u)) {
            m += w == v ? 1 : 0;
        }
        return m;
    }

    @Test
    void heldOutEdgesAreNotInTheTrainingGraph() {
        HeteroGraph t = split.training();
        HeldOutLinks h = split.heldOut();
        assertTrue(h.size() > 0);
        long removed = 0;
        for (int i = 0; i < h.size(); i++) {
            int u = h.source(i), v = h.target(i);
            assertTrue(graph.hasEdge(u, v), "held out an edge of the graph");
            assertTrue(!t.hasEdge(u, v) && !t.hasEdge(v, u), "undirected edge removed in both directions");
            assertEquals(graph.schema().relation(h.relation(i)).srcType(), graph.nodeType(u));
            removed += multiplicity(graph, u, v); // parallel edges go together
        }
        assertEquals(graph.numEdges() - removed, t.numEdges(), "only the held-out edges are missing");
        // Every training edge is an edge of the graph, with its weight.
        for (int v = 0; v < t.numNodes(); v += 7) {
            for (long e = t.neighbourStart(v); e < t.neighbourEnd(v); e++) {
                assertTrue(graph.hasEdge(v, t.neighbour(e)));
            }
        }
        assertTrue(t.isWeighted());
    }

    @Test
    void noNodeIsIsolated() {
        HeteroGraph t = split.training();
        assertEquals(graph.numNodes(), t.numNodes());
        for (int v = 0; v < graph.numNodes(); v++) {
            if (graph.degree(v) > 0) {
                assertTrue(t.degree(v) > 0, "node " + graph.nodeId(v) + " lost its last edge");
            }
        }
    }

    @Test
    void fractionIsCloseToTheRequestedOne() {
        assertEquals(2, split.relations().size());
        for (HeldOutSplit.RelationSplit r : split.relations()) {
            double fraction = (double) r.heldOut() / r.pairs();
            assertTrue(Math.abs(fraction - 0.2) < 0.02, r + ": fraction " + fraction);
            assertEquals(r.heldOut(), split.heldOut().count(graph.schema().relation(r.relation())));
        }
    }

    @Test
    void keepsIdsLabelsAndRelations() {
        HeteroGraph t = split.training();
        assertEquals(graph.schema(), t.schema());
        for (int type = 0; type < graph.numNodeTypes(); type++) {
            assertEquals(graph.numNodes(type), t.numNodes(type));
            assertEquals(graph.labels(type).numClasses(), t.labels(type).numClasses());
            for (int i = 0; i < graph.numNodes(type); i++) {
                assertEquals(graph.ids(type).get(i), t.ids(type).get(i));
                assertEquals(graph.labels(type).label(i), t.labels(type).label(i), "same label index");
                assertEquals(graph.labels(type).labelName(i), t.labels(type).labelName(i));
            }
        }
    }

    @Test
    void isDeterministic() {
        assertEquals(split.heldOut(), HeldOutSplit.split(graph, 0.2, 11).heldOut());
        assertNotEquals(split.heldOut(), HeldOutSplit.split(graph, 0.2, 12).heldOut());
        // Selecting one relation holds out edges of that relation only.
        HeldOutSplit.Split clicks = HeldOutSplit.split(graph, 0.2, 11, List.of("user-article"));
        assertEquals(1, clicks.relations().size());
        int rel = graph.schema().relation("user-article");
        assertTrue(clicks.heldOut().size() > 0);
        for (int i = 0; i < clicks.heldOut().size(); i++) {
            assertEquals(rel, clicks.heldOut().relation(i));
        }
        assertThrows(IllegalArgumentException.class, () -> HeldOutSplit.split(graph, 0.2, 1, List.of("user-topic")));
        assertThrows(IllegalArgumentException.class, () -> HeldOutSplit.split(graph, 1.0, 1));
        assertThrows(IllegalArgumentException.class, () -> HeldOutSplit.split(graph, 0, 1));
    }

    @Test
    void neverTakesALeafsOnlyEdge() {
        // A star: every leaf has one edge, so nothing can be held out.
        HeteroGraphBuilder b = HeteroGraph.builder().fixNodeTypes("hub", "leaf");
        b.node(0, "h");
        int rel = b.relation("hub-leaf", 0, 1, false);
        for (int i = 0; i < 20; i++) {
            b.addEdge(rel, 0, b.node(1, "l" + i), 1f);
        }
        HeldOutSplit.Split s = HeldOutSplit.split(b.build(), 0.5, 1);
        assertEquals(0, s.heldOut().size());
        assertEquals(10, s.relations().get(0).wanted());
        assertEquals(20, s.training().numEdges());
    }

    @Test
    void sameTypeAndDirectedRelations() {
        // A ring of 12 users (undirected, same type: stored at both ends) plus directed follows u_i -> u_{i+2}.
        HeteroGraphBuilder b = HeteroGraph.builder().fixNodeTypes("user");
        for (int i = 0; i < 12; i++) {
            b.node(0, "u" + i);
        }
        int friend = b.relation("friend", 0, 0, false);
        int follows = b.relation("follows", 0, 0, true);
        for (int i = 0; i < 12; i++) {
            b.addEdge(friend, i, (i + 1) % 12, 1f);
            b.addEdge(follows, i, (i + 2) % 12, 1f);
        }
        HeteroGraph g = b.build();
        HeldOutSplit.Split s = HeldOutSplit.split(g, 0.25, 3);
        HeteroGraph t = s.training();
        assertEquals(3, s.heldOut().count(friend));
        assertEquals(3, s.heldOut().count(follows));
        assertEquals(24 - 6, t.numEdges());
        for (int i = 0; i < s.heldOut().size(); i++) {
            int u = s.heldOut().source(i), v = s.heldOut().target(i);
            if (s.heldOut().relation(i) == friend) {
                assertTrue(u < v, "same-type undirected pairs are listed once");
                assertTrue(!t.hasEdge(u, v) && !t.hasEdge(v, u));
            } else {
                assertTrue(!t.hasEdge(u, v));
                assertEquals((u + 2) % 12, v, "directed edges keep their direction");
            }
        }
    }
}
