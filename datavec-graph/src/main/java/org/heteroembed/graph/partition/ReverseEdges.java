package org.heteroembed.graph.partition;

import org.heteroembed.graph.GraphSchema;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.Relation;
import org.heteroembed.graph.store.BigIntArray;

/**
 * The reversed entries of a graph's directed relations, so that partitioning can treat every relation as
 * undirected: {@link HeteroGraph} stores a directed edge {@code v -> u} only in v's adjacency, and without
 * this u would never see v. Undirected relations are already stored both ways and are not copied.
 *
 * <p>Sources of the in-edges of {@code u} are {@code source(start(u)) .. source(end(u) - 1)}; built in two
 * passes (count, fill) into a long offset per node plus one int per directed edge.
 */
final class ReverseEdges {
    private final long[] offsets;     // numNodes + 1
    private final BigIntArray sources;

    private ReverseEdges(long[] offsets, BigIntArray sources) {
        this.offsets = offsets;
        this.sources = sources;
    }

    /** The reversed directed edges of {@code g}, or null when it has no directed relation (the usual case). */
    static ReverseEdges of(HeteroGraph g) {
        GraphSchema schema = g.schema();
        boolean any = false;
        for (Relation r : schema.relations()) {
            any |= r.directed();
        }
        if (!any) {
            return null;
        }
        int n = g.numNodes();
        long[] offsets = new long[n + 1];
        // Pass 1: in-degree of each destination, stored at offsets[u + 1].
        for (Relation r : schema.relations()) {
            if (r.directed()) {
                forEachEntry(g, r, (v, i) -> offsets[g.neighbour(i) + 1]++);
            }
        }
        for (int u = 0; u < n; u++) {
            offsets[u + 1] += offsets[u];
        }
        BigIntArray sources = BigIntArray.allocate(Math.max(1, offsets[n]));
        // Pass 2: offsets[u] doubles as u's write cursor, so afterwards it holds u's end = (u + 1)'s start.
        for (Relation r : schema.relations()) {
            if (r.directed()) {
                forEachEntry(g, r, (v, i) -> sources.set(offsets[g.neighbour(i)]++, v));
            }
        }
        System.arraycopy(offsets, 0, offsets, 1, n);
        offsets[0] = 0;
        return new ReverseEdges(offsets, sources);
    }

    private interface EntryVisitor {
        void visit(int source, long entry);
    }

    private static void forEachEntry(HeteroGraph g, Relation r, EntryVisitor visitor) {
        int first = g.typeOffset(r.srcType());
        int end = first + g.numNodes(r.srcType());
        for (int v = first; v < end; v++) {
            long[] range = g.relationRange(v, r.id()); // one small array per node, none per edge
            for (long i = range[0]; i < range[1]; i++) {
                visitor.visit(v, i);
            }
        }
    }

    long start(int u) {
        return offsets[u];
    }

    long end(int u) {
        return offsets[u + 1];
    }

    int source(long i) {
        return sources.get(i);
    }
}
