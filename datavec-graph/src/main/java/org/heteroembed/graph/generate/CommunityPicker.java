package org.heteroembed.graph.generate;

import org.heteroembed.graph.AliasMethod;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Draws a node of a given community with Zipf popularity, in O(1).
 *
 * <p>Nodes {@code 0..n-1} of one type are in community {@code local mod K}. Within each community the members
 * are ranked in a seeded random order (so popularity is not tied to the id) and member of rank {@code r} has
 * weight {@code 1/(r+1)^exponent}; one alias table per community makes each draw a single uniform variate.
 * Exponent 0 gives uniform draws. Costs 12 bytes per node.
 */
final class CommunityPicker {
    private final float[][] prob;
    private final int[][] alias;
    private final int[][] nodeByRank;

    /**
     * @param n        number of nodes of the type
     * @param k        number of communities, at most {@code n}
     * @param exponent Zipf exponent of the popularity
     * @param rng      source of the ranking shuffle
     */
    CommunityPicker(int n, int k, double exponent, SplittableRandom rng) {
        prob = new float[k][];
        alias = new int[k][];
        nodeByRank = new int[k][];
        int largest = (n + k - 1) / k;
        float[] w = new float[largest];
        for (int r = 0; r < largest; r++) {
            w[r] = (float) StrictMath.pow(r + 1, -exponent);
        }
        int[] small = new int[largest], large = new int[largest];
        for (int c = 0; c < k; c++) {
            int size = (n - c + k - 1) / k;
            int[] nodes = new int[size];
            for (int j = 0; j < size; j++) {
                nodes[j] = c + j * k;
            }
            for (int j = size - 1; j > 0; j--) { // Fisher-Yates
                int o = rng.nextInt(j + 1);
                int t = nodes[j];
                nodes[j] = nodes[o];
                nodes[o] = t;
            }
            nodeByRank[c] = nodes;
            prob[c] = new float[size];
            alias[c] = new int[size];
            AliasMethod.build(w, size, prob[c], alias[c], small, large);
        }
    }

    /** A node (local index) of community {@code c}, drawn by popularity. */
    int sample(int c, RandomGenerator rng) {
        int[] nodes = nodeByRank[c];
        return nodes[AliasMethod.sample(prob[c], alias[c], nodes.length, rng)];
    }

    /** Number of nodes in community {@code c}. */
    int size(int c) {
        return nodeByRank[c].length;
    }
}
