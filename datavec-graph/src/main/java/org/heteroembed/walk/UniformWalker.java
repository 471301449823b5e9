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
    public int walk(int start, RandomGenerator rng, int[] out) {
        out[0] = start;
        int cur = start;
        int n = 1;
        while (n < out.length) {
            int next = graph.sampleNeighbour(cur, rng);
            if (next < 0) {
                break;
            }
            out[n++] = next;
            cur = next;
        }
        return n;
    }
}
