package org.heteroembed.walk;

import org.heteroembed.graph.HeteroGraph;

import java.util.random.RandomGenerator;

/**
 * node2vec second-order walks by rejection sampling (as in KnightKing), with no per-edge tables.
 *
 * <p>From {@code cur}, having come from {@code prev}, node2vec moves to neighbour {@code x} with probability
 * proportional to {@code w(cur, x) * alpha(prev, x)}, where alpha is {@code 1/p} if x is prev, 1 if x is a
 * neighbour of prev, and {@code 1/q} otherwise. We draw x from the first-order distribution
 * {@code w(cur, x)} with the graph's O(1) alias tables and accept it with probability
 * {@code alpha / max(1/p, 1, 1/q)}; accepted draws follow the node2vec distribution exactly. Memory: nothing
 * beyond the graph (precomputed node2vec tables need one alias table per edge: O(sum of degree^2)). Time:
 * one {@link HeteroGraph#hasEdge} binary search per draw and at most {@code max(alpha)/min(alpha)} draws per
 * step on average.
 */
final class Node2VecWalker implements Walker {
    private final HeteroGraph graph;
    private final double returnWeight, inOutWeight, maxWeight;

    Node2VecWalker(HeteroGraph graph, double p, double q) {
        this.graph = graph;
        this.returnWeight = 1 / p;
        this.inOutWeight = 1 / q;
        this.maxWeight = Math.max(1, Math.max(returnWeight, inOutWeight));
    }

    @Override
    public int next(int prev, int cur, int step, RandomGenerator rng) {
        return step == 1 ? graph.sampleNeighbour(cur, rng) : step(prev, cur, rng);
    }

    /** One second-order step from {@code cur}, having come from {@code prev}; -1 at a dead end. */
    int step(int prev, int cur, RandomGenerator rng) {
        while (true) {
            int x = graph.sampleNeighbour(cur, rng);
            if (x < 0) {
                return -1;
            }
            double alpha = x == prev ? returnWeight : graph.hasEdge(prev, x) ? 1 : inOutWeight;
            if (alpha >= maxWeight || rng.nextDouble() * maxWeight < alpha) {
                return x;
            }
        }
    }
}
