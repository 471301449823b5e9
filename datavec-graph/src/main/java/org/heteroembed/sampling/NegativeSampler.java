package org.heteroembed.sampling;

import org.heteroembed.graph.AliasMethod;
import org.heteroembed.graph.HeteroGraph;

import java.util.random.RandomGenerator;

/**
 * Draws negative nodes in O(1) with the alias method, proportionally to {@code count^exponent} (word2vec's
 * unigram^0.75): either from all nodes, or (type-aware, metapath2vec++) only from the nodes of the type of
 * the node being predicted. Nodes that never occur in the walks are never drawn. Memory: 8 bytes per node.
 * Immutable and thread-safe.
 */
public final class NegativeSampler {
    private final HeteroGraph graph;
    private final boolean typeAware;
    // global: one table over all nodes; type-aware: one table per node type, indexed by local id
    private final float[][] prob;
    private final int[][] alias;
    private final int[] size;

    public NegativeSampler(HeteroGraph graph, NodeFrequencies frequencies, double exponent, boolean typeAware) {
        if (frequencies.size() != graph.numNodes()) {
            throw new IllegalArgumentException("frequencies of " + frequencies.size() + " nodes for a graph of " + graph.numNodes());
        }
        this.graph = graph;
        this.typeAware = typeAware;
        int tables = typeAware ? graph.numNodeTypes() : 1;
        prob = new float[tables][];
        alias = new int[tables][];
        size = new int[tables];
        for (int t = 0; t < tables; t++) {
            int first = typeAware ? graph.typeOffset(t) : 0;
            int n = typeAware ? graph.numNodes(t) : graph.numNodes();
            float[] w = new float[n];
            for (int i = 0; i < n; i++) {
                long c = frequencies.count(first + i);
                w[i] = c == 0 ? 0f : (float) Math.pow(c, exponent);
            }
            prob[t] = new float[n];
            alias[t] = new int[n];
            size[t] = n;
            AliasMethod.build(w, n, prob[t], alias[t], new int[n], new int[n]);
        }
    }

    public boolean typeAware() {
        return typeAware;
    }

    /** A negative for a pair whose predicted (context) node is {@code target}: global node index. */
    public int sample(int target, RandomGenerator rng) {
        if (!typeAware) {
            return AliasMethod.sample(prob[0], alias[0], size[0], rng);
        }
        int t = graph.nodeType(target);
        return graph.typeOffset(t) + AliasMethod.sample(prob[t], alias[t], size[t], rng);
    }
}
