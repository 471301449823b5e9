package org.heteroembed.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Random typed multigraphs for property tests, with the input edge list kept for comparison. */
final class RandomGraphs {
    record Edge(int relation, int src, int dst, float weight) {
    }

    final HeteroGraphBuilder builder;
    final List<Edge> edges = new ArrayList<>();
    final int[][] relTypes;

    RandomGraphs(long seed, boolean weighted, DuplicatePolicy dup, SelfLoopPolicy self) {
        SplittableRandom rng = new SplittableRandom(seed);
        builder = HeteroGraph.builder().duplicates(dup).selfLoops(self);
        if (weighted) {
            builder.weighted();
        }
        int nt = 1 + rng.nextInt(4);
        int[] sizes = new int[nt];
        for (int t = 0; t < nt; t++) {
            builder.nodeType("T" + t);
            sizes[t] = 1 + rng.nextInt(30);
            for (int i = 0; i < sizes[t]; i++) {
                builder.node(t, "n" + i);
            }
        }
        int nr = 1 + rng.nextInt(5);
        relTypes = new int[nr][];
        for (int r = 0; r < nr; r++) {
            int s = rng.nextInt(nt), d = rng.nextInt(nt);
            builder.relation("R" + r, s, d, rng.nextInt(3) == 0);
            relTypes[r] = new int[]{s, d};
        }
        int m = rng.nextInt(400);
        for (int e = 0; e < m; e++) {
            int r = rng.nextInt(nr);
            int s = rng.nextInt(Math.min(sizes[relTypes[r][0]], 1 + rng.nextInt(30)));
            int d = rng.nextInt(Math.min(sizes[relTypes[r][1]], 1 + rng.nextInt(30)));
            float w = weighted ? 0.5f + rng.nextInt(8) : 1f;
            if (builder.addEdge(r, s, d, w)) {
                edges.add(new Edge(r, s, d, w));
            }
        }
    }
}
