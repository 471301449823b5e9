package org.heteroembed.walk;

import org.heteroembed.graph.HeteroGraph;

import java.util.random.RandomGenerator;

/**
 * metapath2vec: each step goes to a neighbour of the metapath's next type (uniformly, or by edge weight),
 * found in O(1) through the graph's per-type neighbour ranges.
 */
final class MetapathWalker implements Walker {
    private final HeteroGraph graph;
    private final Metapath path;

    MetapathWalker(HeteroGraph graph, Metapath path) {
        this.graph = graph;
        this.path = path;
    }

    @Override
    public int walk(int start, RandomGenerator rng, int[] out) {
        out[0] = start;
        int cur = start;
        int position = 0;
        int n = 1;
        while (n < out.length) {
            int nextPosition = path.next(position);
            int next = graph.sampleNeighbour(cur, path.type(nextPosition), rng);
            if (next < 0) {
                break;
            }
            out[n++] = next;
            cur = next;
            position = nextPosition;
        }
        return n;
    }
}
