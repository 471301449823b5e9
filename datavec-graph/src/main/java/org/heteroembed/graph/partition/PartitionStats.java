package org.heteroembed.graph.partition;

import org.heteroembed.graph.HeteroGraph;

/** Measurements of how well a {@link NodePartition} keeps a graph's structure inside parts. */
public final class PartitionStats {
    private PartitionStats() {
    }

    /**
     * Fraction of the graph's adjacency entries whose two endpoints are in different parts: an undirected edge
     * counts twice (once per direction, as it is stored), a directed one once, weights are ignored. On an
     * undirected graph a long unweighted random walk crosses every entry equally often, so this is the fraction
     * of its steps that leave the current part; hashing gives about {@code 1 - 1/parts}. 0 for a graph without
     * edges.
     *
     * @throws IllegalArgumentException if the partition is not over the graph's nodes
     */
    public static double edgeCutFraction(HeteroGraph g, NodePartition p) {
        int n = g.numNodes();
        if (p.numNodes() != n) {
            throw new IllegalArgumentException("partition has " + p.numNodes() + " nodes, graph " + n);
        }
        long cut = 0, total = 0;
        for (int v = 0; v < n; v++) {
            int part = p.partOf(v);
            long start = g.neighbourStart(v), end = g.neighbourEnd(v);
            for (long i = start; i < end; i++) {
                if (p.partOf(g.neighbour(i)) != part) {
                    cut++;
                }
            }
            total += end - start;
        }
        return total == 0 ? 0 : (double) cut / total;
    }
}
