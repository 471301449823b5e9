package org.heteroembed.graph;

import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeHoldoutTest {
    private static final HeteroGraph G = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(6_000, 3)).graph();

    @Test
    void removesTheChosenNodesAndExactlyTheirEdgesKeepingIdsAndLabels() {
        NodeHoldout.Split s = NodeHoldout.split(G, Map.of("user", 0.1, "article", 0.2), 5);
        HeteroGraph k = s.kept();
        int user = G.schema().nodeType("user"), article = G.schema().nodeType("article"), topic = G.schema().nodeType("topic");
        assertEquals(Math.round(0.1 * G.numNodes(user)), s.heldOut()[user].length);
        assertEquals(Math.round(0.2 * G.numNodes(article)), s.heldOut()[article].length);
        assertEquals(0, s.heldOut()[topic].length);
        assertEquals(G.numNodes() - s.count(), k.numNodes());
        Set<Integer> out = new HashSet<>();
        for (int t = 0; t < 3; t++) {
            for (int local : s.heldOut()[t]) {
                out.add(G.globalId(t, local));
            }
        }
        // Every kept node keeps its id and label; every edge between kept nodes survives, no other.
        for (int v = 0; v < G.numNodes(); v++) {
            int t = G.nodeType(v);
            int w = k.node(t, G.ids(t).get(G.localId(v)));
            assertEquals(out.contains(v), w < 0, "node " + v);
            if (w >= 0 && G.labels(t) != null) {
                assertEquals(G.labels(t).labelName(G.localId(v)), k.labels(t).labelName(k.localId(w)));
                assertEquals(G.labels(t).label(G.localId(v)), k.labels(t).label(k.localId(w)), "label index kept");
            }
        }
        for (Relation r : G.schema().relations()) {
            long[] expected = {0}, actual = {0};
            HeldOutSplit.forEachEdge(G, r, (u, w, weight) -> {
                if (!out.contains(u) && !out.contains(w)) {
                    expected[0]++;
                    int ku = k.node(r.srcType(), G.ids(r.srcType()).get(G.localId(u)));
                    int kw = k.node(r.dstType(), G.ids(r.dstType()).get(G.localId(w)));
                    long[] range = k.relationRange(ku, r.id());
                    boolean found = false;
                    for (long i = range[0]; i < range[1] && !found; i++) {
                        found = k.neighbour(i) == kw;
                    }
                    assertTrue(found, "edge " + u + " -> " + w + " of " + r.name());
                }
            });
            HeldOutSplit.forEachEdge(k, r, (u, w, weight) -> actual[0]++);
            assertEquals(expected[0], actual[0], r.name());
        }
    }

    @Test
    void isSeededAndRefusesUnknownTypesAndBadFractions() {
        assertEquals(java.util.Arrays.deepToString(NodeHoldout.split(G, Map.of("user", 0.1), 7).heldOut()),
                java.util.Arrays.deepToString(NodeHoldout.split(G, Map.of("user", 0.1), 7).heldOut()));
        assertThrows(IllegalArgumentException.class, () -> NodeHoldout.split(G, Map.of("venue", 0.1), 7));
        assertThrows(IllegalArgumentException.class, () -> NodeHoldout.split(G, Map.of("user", 1.0), 7));
    }
}
