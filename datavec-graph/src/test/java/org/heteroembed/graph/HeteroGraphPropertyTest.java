package org.heteroembed.graph;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property test: on random typed multigraphs (directed and undirected relations, self-loops, duplicates),
 * every node's CSR neighbours, per relation and per neighbour type, equal the multiset the input edges imply.
 */
class HeteroGraphPropertyTest {

    static LongStream seeds() {
        return LongStream.range(0, 60);
    }

    /** Expected (node, relation) -> sorted list of "neighbour:weight" from the raw edges. */
    private static Map<String, List<String>> expected(RandomGraphs rg, HeteroGraph g, DuplicatePolicy dup) {
        Map<String, List<String>> exp = new HashMap<>();
        Map<String, Float> merged = new HashMap<>();
        List<String> order = new ArrayList<>();
        for (RandomGraphs.Edge e : rg.edges) {
            Relation r = g.schema().relation(e.relation());
            int gs = g.globalId(r.srcType(), e.src()), gd = g.globalId(r.dstType(), e.dst());
            List<int[]> dirs = new ArrayList<>();
            dirs.add(new int[]{gs, gd});
            if (!r.directed() && gs != gd) {
                dirs.add(new int[]{gd, gs});
            }
            for (int[] d : dirs) {
                String key = d[0] + "/" + e.relation() + "/" + d[1];
                if (dup == DuplicatePolicy.KEEP) {
                    exp.computeIfAbsent(d[0] + "/" + e.relation(), k -> new ArrayList<>()).add(d[1] + ":" + e.weight());
                } else if (!merged.containsKey(key)) {
                    merged.put(key, e.weight());
                    order.add(key);
                } else if (dup == DuplicatePolicy.SUM) {
                    merged.put(key, merged.get(key) + e.weight());
                }
            }
        }
        for (String key : order) {
            String[] p = key.split("/");
            exp.computeIfAbsent(p[0] + "/" + p[1], k -> new ArrayList<>()).add(p[2] + ":" + merged.get(key));
        }
        exp.values().forEach(l -> l.sort(null));
        return exp;
    }

    private static void check(long seed, boolean weighted, DuplicatePolicy dup, SelfLoopPolicy self) {
        RandomGraphs rg = new RandomGraphs(seed, weighted, dup, self);
        HeteroGraph g = rg.builder.build();
        Map<String, List<String>> exp = expected(rg, g, dup);
        long entries = 0;
        for (int v = 0; v < g.numNodes(); v++) {
            int t = g.nodeType(v);
            // Per relation.
            for (int c = 0; c < g.schema().numChannels(t); c++) {
                int rel = g.schema().channelRelation(t, c);
                long[] range = g.relationRange(v, rel);
                List<String> actual = new ArrayList<>();
                for (long i = range[0]; i < range[1]; i++) {
                    assertEquals(g.schema().channelNeighbourType(t, c), g.nodeType(g.neighbour(i)));
                    actual.add(g.neighbour(i) + ":" + g.weight(i));
                }
                actual.sort(null);
                assertEquals(exp.getOrDefault(v + "/" + rel, List.of()), actual, "seed " + seed + " node " + v + " rel " + rel);
                entries += actual.size();
            }
            // Per neighbour type: the union of the channels of that type, and nothing else.
            int total = 0;
            for (int T = 0; T < g.numNodeTypes(); T++) {
                int[] nb = g.neighbours(v, T);
                List<String> actual = new ArrayList<>();
                for (int u : nb) {
                    assertEquals(T, g.nodeType(u));
                    actual.add(Integer.toString(u));
                }
                List<String> want = new ArrayList<>();
                for (int r = 0; r < g.schema().numRelations(); r++) {
                    for (String s : exp.getOrDefault(v + "/" + r, List.of())) {
                        int u = Integer.parseInt(s.substring(0, s.indexOf(':')));
                        if (g.nodeType(u) == T) {
                            want.add(Integer.toString(u));
                        }
                    }
                }
                actual.sort(null);
                want.sort(null);
                assertEquals(want, actual, "seed " + seed + " node " + v + " type " + T);
                assertEquals(nb.length, g.degree(v, T));
                total += nb.length;
            }
            assertEquals(total, g.degree(v));
        }
        assertEquals(entries, g.numAdjacencyEntries());
        long distinct = dup == DuplicatePolicy.KEEP ? rg.edges.size()
                : rg.edges.stream().map(e -> {
                    Relation r = g.schema().relation(e.relation());
                    int a = e.src(), b = e.dst();
                    if (!r.directed() && r.srcType() == r.dstType() && a > b) {
                        int x = a;
                        a = b;
                        b = x;
                    }
                    return e.relation() + "/" + a + "/" + b;
                }).distinct().count();
        assertEquals(distinct, g.numEdges(), "seed " + seed);
        for (int v = 0; v < g.numNodes(); v++) {
            assertEquals(v, g.node(g.nodeType(v), g.nodeId(v)));
            java.util.Set<Integer> nb = new java.util.HashSet<>();
            for (int u : g.neighbours(v)) {
                nb.add(u);
            }
            for (int u = 0; u < g.numNodes(); u++) {
                assertEquals(nb.contains(u), g.hasEdge(v, u), "seed " + seed + " hasEdge(" + v + ", " + u + ")");
            }
            int t = g.nodeType(v);
            for (int c = 0; c < g.schema().numChannels(t); c++) {
                long[] range = g.relationRange(v, g.schema().channelRelation(t, c));
                for (long i = range[0] + 1; i < range[1]; i++) {
                    assertTrue(g.neighbour(i - 1) <= g.neighbour(i), "slots are sorted");
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void csrEqualsInputMultisetUnweighted(long seed) {
        check(seed, false, DuplicatePolicy.KEEP, seed % 2 == 0 ? SelfLoopPolicy.DROP : SelfLoopPolicy.KEEP);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void csrEqualsInputMultisetWeighted(long seed) {
        check(seed, true, DuplicatePolicy.KEEP, SelfLoopPolicy.KEEP);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void duplicatesSummed(long seed) {
        check(seed, true, DuplicatePolicy.SUM, SelfLoopPolicy.KEEP);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void duplicatesFirstKept(long seed) {
        check(seed, seed % 2 == 0, DuplicatePolicy.FIRST, SelfLoopPolicy.DROP);
    }
}
