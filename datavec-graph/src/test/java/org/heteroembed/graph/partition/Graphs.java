package org.heteroembed.graph.partition;

import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.HeteroGraphBuilder;

/** Small hand-written single-type graphs; node {@code i} is "n" + i with global index i. */
final class Graphs {
    private Graphs() {
    }

    /** {@code n} nodes and the given undirected edges {@code {a, b}}. */
    static HeteroGraph undirected(int n, int[][] edges) {
        return build(n, edges, false);
    }

    /** {@code n} nodes and the given directed edges {@code {from, to}}. */
    static HeteroGraph directed(int n, int[][] edges) {
        return build(n, edges, true);
    }

    private static HeteroGraph build(int n, int[][] edges, boolean directed) {
        HeteroGraphBuilder b = HeteroGraph.builder();
        int t = b.nodeType("n");
        int rel = b.relation("e", t, t, directed);
        for (int i = 0; i < n; i++) {
            b.node(t, "n" + i);
        }
        for (int[] e : edges) {
            b.addEdge(rel, e[0], e[1], 1f);
        }
        return b.build();
    }

    /** Two triangles {0,1,2} and {3,4,5} joined by the edge 2-3. */
    static HeteroGraph twoTriangles() {
        return undirected(6, new int[][]{{0, 1}, {1, 2}, {0, 2}, {2, 3}, {3, 4}, {4, 5}, {3, 5}});
    }
}
