package org.heteroembed.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Summary statistics of a graph: nodes per type with degree min/median/max, edges per relation, memory.
 * Computed in one pass over the offsets (no adjacency entries are read).
 */
public final class GraphStats {
    /** Degree statistics of one node type. */
    public record TypeStats(String type, int nodes, int minDegree, double medianDegree, int maxDegree,
                            double meanDegree, int isolated, int labelled, int classes) {
    }

    /** Edge count of one relation. */
    public record RelationStats(String name, String srcType, String dstType, boolean directed, long edges) {
    }

    private final List<TypeStats> types;
    private final List<RelationStats> relations;
    private final long nodes, edges, entries, adjacencyBytes, dictionaryBytes;
    private final boolean weighted;

    private GraphStats(HeteroGraph g) {
        GraphSchema s = g.schema();
        List<TypeStats> ts = new ArrayList<>();
        long[] relationEntries = new long[s.numRelations()];
        for (int t = 0; t < s.numNodeTypes(); t++) {
            int n = g.numNodes(t);
            int[] deg = new int[n];
            int isolated = 0;
            long sum = 0;
            for (int i = 0; i < n; i++) {
                int v = g.globalId(t, i);
                deg[i] = g.degree(v);
                sum += deg[i];
                if (deg[i] == 0) {
                    isolated++;
                }
                for (int c = 0; c < s.numChannels(t); c++) {
                    int rel = s.channelRelation(t, c);
                    Relation r = s.relation(rel);
                    // Count each edge once: from its source side (both sides of a same-type undirected
                    // relation share one channel, so there every edge is seen twice but self-loops once).
                    if (t == r.srcType()) {
                        long[] range = g.relationRange(v, rel);
                        relationEntries[rel] += range[1] - range[0];
                    }
                }
            }
            Arrays.sort(deg);
            double median = n == 0 ? 0 : (n % 2 == 1 ? deg[n / 2] : (deg[n / 2 - 1] + deg[n / 2]) / 2.0);
            NodeLabels labels = g.labels(t);
            ts.add(new TypeStats(s.nodeTypeName(t), n, n == 0 ? 0 : deg[0], median, n == 0 ? 0 : deg[n - 1],
                    n == 0 ? 0 : (double) sum / n, isolated,
                    labels == null ? 0 : labels.numLabelled(), labels == null ? 0 : labels.numClasses()));
        }
        List<RelationStats> rs = new ArrayList<>();
        for (Relation r : s.relations()) {
            long e = relationEntries[r.id()];
            if (!r.directed() && r.srcType() == r.dstType()) {
                e = sameTypeUndirectedEdges(g, r);
            }
            rs.add(new RelationStats(r.name(), s.nodeTypeName(r.srcType()), s.nodeTypeName(r.dstType()), r.directed(), e));
        }
        this.types = List.copyOf(ts);
        this.relations = List.copyOf(rs);
        this.nodes = g.numNodes();
        this.edges = g.numEdges();
        this.entries = g.numAdjacencyEntries();
        this.adjacencyBytes = g.adjacencyBytes();
        this.dictionaryBytes = g.dictionaryBytes();
        this.weighted = g.isWeighted();
    }

    /** Edges of an undirected relation within one type: entries counted once per unordered pair. */
    private static long sameTypeUndirectedEdges(HeteroGraph g, Relation r) {
        long e = 0;
        for (int i = 0; i < g.numNodes(r.srcType()); i++) {
            int v = g.globalId(r.srcType(), i);
            long[] range = g.relationRange(v, r.id());
            for (long k = range[0]; k < range[1]; k++) {
                if (g.neighbour(k) >= v) {
                    e++;
                }
            }
        }
        return e;
    }

    public static GraphStats of(HeteroGraph g) {
        return new GraphStats(g);
    }

    public List<TypeStats> types() {
        return types;
    }

    public List<RelationStats> relations() {
        return relations;
    }

    public long nodes() {
        return nodes;
    }

    public long edges() {
        return edges;
    }

    public long adjacencyEntries() {
        return entries;
    }

    public long adjacencyBytes() {
        return adjacencyBytes;
    }

    public long dictionaryBytes() {
        return dictionaryBytes;
    }

    public boolean weighted() {
        return weighted;
    }

    /** A plain-text report, one table for node types and one for relations. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%,d nodes, %,d edges (%,d adjacency entries)%s%n", nodes, edges, entries,
                weighted ? ", weighted" : ""));
        sb.append(String.format("%-16s %12s %8s %8s %8s %9s %9s %10s%n", "node type", "nodes", "deg min", "median",
                "max", "mean", "isolated", "labelled"));
        for (TypeStats t : types) {
            sb.append(String.format("%-16s %,12d %8d %8.1f %,8d %9.2f %,9d %,10d%s%n", t.type(), t.nodes(), t.minDegree(),
                    t.medianDegree(), t.maxDegree(), t.meanDegree(), t.isolated(), t.labelled(),
                    t.classes() > 0 ? " (" + t.classes() + " classes)" : ""));
        }
        sb.append(String.format("%-24s %-28s %14s%n", "relation", "types", "edges"));
        for (RelationStats r : relations) {
            sb.append(String.format("%-24s %-28s %,14d%n", r.name(),
                    r.srcType() + (r.directed() ? " -> " : " - ") + r.dstType(), r.edges()));
        }
        sb.append(String.format("memory: adjacency %,d bytes (%.2f per adjacency entry, %.2f per edge), "
                        + "id dictionaries %,d bytes%n", adjacencyBytes, entries == 0 ? 0.0 : (double) adjacencyBytes / entries,
                edges == 0 ? 0.0 : (double) adjacencyBytes / edges, dictionaryBytes));
        return sb.toString();
    }
}
