package org.heteroembed.eval;

import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.Relation;
import org.heteroembed.graph.generate.HeldOutEdges;
import org.heteroembed.graph.generate.PlantedGraph;

import java.util.Arrays;

/**
 * Edges kept out of a training graph for link prediction: per edge its relation (an id of the graph's schema)
 * and its source and destination as global node indices of that graph, in parallel primitive arrays (no
 * object per edge). The source has the relation's source type and the destination its destination type, so
 * negatives for {@code (u, v)} are drawn among nodes of v's type.
 */
public final class HeldOutLinks {
    private final int[] relations;
    private final int[] sources;
    private final int[] targets;

    public HeldOutLinks(int[] relations, int[] sources, int[] targets) {
        if (relations.length != sources.length || sources.length != targets.length) {
            throw new IllegalArgumentException("relations, sources and targets differ in length: " + relations.length
                    + ", " + sources.length + ", " + targets.length);
        }
        this.relations = relations.clone();
        this.sources = sources.clone();
        this.targets = targets.clone();
    }

    /** The held-out user-article clicks of a planted graph, as edges of its training graph. */
    public static HeldOutLinks of(PlantedGraph planted) {
        HeteroGraph g = planted.graph();
        HeldOutEdges h = planted.heldOut();
        int rel = g.schema().relation(PlantedGraph.USER_ARTICLE);
        int[] r = new int[h.size()], src = new int[h.size()], dst = new int[h.size()];
        Arrays.fill(r, rel);
        for (int i = 0; i < h.size(); i++) {
            src[i] = g.globalId(planted.userType(), h.user(i));
            dst[i] = g.globalId(planted.articleType(), h.article(i));
        }
        return new HeldOutLinks(r, src, dst);
    }

    public int size() {
        return sources.length;
    }

    /** Relation id of edge {@code i}. */
    public int relation(int i) {
        return relations[i];
    }

    /** Global index of the source of edge {@code i}. */
    public int source(int i) {
        return sources[i];
    }

    /** Global index of the target of edge {@code i}. */
    public int target(int i) {
        return targets[i];
    }

    /** Number of edges of one relation. */
    public int count(int relation) {
        int n = 0;
        for (int r : relations) {
            n += r == relation ? 1 : 0;
        }
        return n;
    }

    /**
     * Checks that every edge fits {@code graph}: a known relation, endpoints of its types.
     *
     * @throws IllegalArgumentException naming the first edge that does not
     */
    public void validate(HeteroGraph graph) {
        for (int i = 0; i < size(); i++) {
            int r = relations[i];
            if (r < 0 || r >= graph.schema().numRelations()) {
                throw new IllegalArgumentException("held-out edge " + i + " has relation " + r + ", the graph has "
                        + graph.schema().numRelations());
            }
            Relation rel = graph.schema().relation(r);
            if (sources[i] < 0 || targets[i] < 0 || sources[i] >= graph.numNodes() || targets[i] >= graph.numNodes()
                    || graph.nodeType(sources[i]) != rel.srcType() || graph.nodeType(targets[i]) != rel.dstType()) {
                throw new IllegalArgumentException("held-out edge " + i + " (" + sources[i] + ", " + targets[i]
                        + ") does not join a " + graph.schema().nodeTypeName(rel.srcType()) + " and a "
                        + graph.schema().nodeTypeName(rel.dstType()) + " as relation '" + rel.name() + "' does");
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeldOutLinks h && Arrays.equals(relations, h.relations) && Arrays.equals(sources, h.sources)
                && Arrays.equals(targets, h.targets);
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(relations) * 31 + Arrays.hashCode(sources)) * 31 + Arrays.hashCode(targets);
    }

    @Override
    public String toString() {
        return "HeldOutLinks{" + sources.length + " edges}";
    }
}
