package org.heteroembed.walk;

import org.heteroembed.graph.HeteroGraph;

import java.util.random.RandomGenerator;

/** DeepWalk: each step goes to a neighbour of any type, uniformly or proportionally to edge weight. */
final class UniformWalker implements Walker {
    private final HeteroGraph graph;

    UniformWalker(HeteroGraph graph) {
        this.graph = graph;
    }

    @Override
    public int next(int prev, int cur, int step, RandomGenerator rng) {
        return graph.sampleNeighbour(cur, rng);
    }
}
