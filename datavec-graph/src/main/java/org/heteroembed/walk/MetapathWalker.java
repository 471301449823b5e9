package org.heteroembed.walk;

import org.heteroembed.graph.HeteroGraph;

import java.util.random.RandomGenerator;

/**
 * metapath2vec: each step goes to a neighbour of the metapath's next type (uniformly, or by edge weight),
 * found in O(1) through the graph's per-type neighbour ranges. The type required at each step is
 * precomputed for the whole walk length.
 */
final class MetapathWalker implements Walker {
    private final HeteroGraph graph;
    private final int[] typeAtStep;

    MetapathWalker(HeteroGraph graph, Metapath path, int walkLength) {
        this.graph = graph;
        this.typeAtStep = new int[walkLength];
        int position = 0;
        for (int s = 0; s < walkLength; s++) {
            typeAtStep[s] = path.type(position);
            position = path.next(position);
        }
    }

    @Override
    public int next(int prev, int cur, int step, RandomGenerator rng) {
        return graph.sampleNeighbour(cur, typeAtStep[step], rng);
    }
}
