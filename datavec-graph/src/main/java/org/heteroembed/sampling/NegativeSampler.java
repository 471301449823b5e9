package org.heteroembed.sampling;

import org.heteroembed.graph.AliasMethod;
import org.heteroembed.graph.HeteroGraph;

import java.util.random.RandomGenerator;

/**
 * Draws negative nodes in O(1) with the alias method, proportionally to {@code count^exponent} (word2vec's
 * unigram^0.75): either from all nodes, or (type-aware, metapath2vec++) only from the nodes of the type of
 * the node being predicted. Nodes that never occur in the walks are never drawn. Memory: 8 bytes per node.
 * Immutable and thread-safe.
 *
 * <p>Each alias entry packs its probability and alias index into one {@code long}, so a draw costs one cache
 * miss on a large table instead of two (the tables are far larger than the caches, and every pair draws k).
 */
public final class NegativeSampler implements Negatives {
    private final int[] typeOffsets; // first global index of each type, then the node count
    private final boolean typeAware;
    // global: one table over all nodes; type-aware: one table per node type, indexed by local id
    private final long[][] table; // per entry: float bits of the probability << 32 | alias index
    private final int[] size;

    public NegativeSampler(HeteroGraph graph, NodeFrequencies frequencies, double exponent, boolean typeAware) {
        this(graph.typeOffsets(), frequencies, exponent, typeAware);
    }

    /**
     * A sampler over any index space laid out by type like a graph's global ids: type {@code t} holds
     * indices {@code [typeOffsets[t], typeOffsets[t+1])}. Used for a subset of rows (e.g. the rows one Spark
     * task holds, sorted by global id, hence still grouped by type).
     */
    public NegativeSampler(int[] typeOffsets, NodeFrequencies frequencies, double exponent, boolean typeAware) {
        int types = typeOffsets.length - 1;
        int numNodes = typeOffsets[types];
        if (frequencies.size() != numNodes) {
            throw new IllegalArgumentException("frequencies of " + frequencies.size() + " nodes for " + numNodes + " nodes");
        }
        this.typeOffsets = typeOffsets.clone();
        this.typeAware = typeAware;
        int tables = typeAware ? types : 1;
        table = new long[tables][];
        size = new int[tables];
        for (int t = 0; t < tables; t++) {
            int first = typeAware ? typeOffsets[t] : 0;
            int n = typeAware ? typeOffsets[t + 1] - typeOffsets[t] : numNodes;
            float[] w = new float[n];
            for (int i = 0; i < n; i++) {
                long c = frequencies.count(first + i);
                w[i] = c == 0 ? 0f : (float) Math.pow(c, exponent);
            }
            float[] prob = new float[n];
            int[] alias = new int[n];
            AliasMethod.build(w, n, prob, alias, new int[n], new int[n]);
            table[t] = new long[n];
            for (int i = 0; i < n; i++) {
                table[t][i] = ((long) Float.floatToRawIntBits(prob[i]) << 32) | (alias[i] & 0xFFFFFFFFL);
            }
            size[t] = n;
        }
    }

    public boolean typeAware() {
        return typeAware;
    }

    /** A negative for a pair whose predicted (context) node is {@code target}: global node index. */
    @Override
    public int sample(int target, RandomGenerator rng) {
        if (!typeAware) {
            return draw(table[0], size[0], rng);
        }
        int t = typeOf(target);
        return typeOffsets[t] + draw(table[t], size[t], rng);
    }

    private int typeOf(int index) {
        int t = 0;
        while (index >= typeOffsets[t + 1]) {
            t++;
        }
        return t;
    }

    /** {@link AliasMethod#sample} on the packed table. */
    private static int draw(long[] table, int n, RandomGenerator rng) {
        double x = rng.nextDouble() * n;
        int i = (int) x;
        long e = table[i];
        return (x - i) < Float.intBitsToFloat((int) (e >>> 32)) ? i : (int) e;
    }
}
