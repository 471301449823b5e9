package org.heteroembed.graph;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import org.heteroembed.graph.io.AtomicFiles;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Edges kept out of a training graph for link prediction: per edge its relation (an id of the graph's schema)
 * and its source and destination as global node indices of that graph, in parallel primitive arrays (no
 * object per edge, so millions of edges cost 12 bytes each). The source has the relation's source type and the
 * destination its destination type, so negatives for {@code (u, v)} are drawn among nodes of v's type.
 *
 * <p>The one held-out edge type of the project: the planted generator's held-out clicks, a
 * {@link HeldOutSplit} of any graph, the files {@code generate} and {@code train --holdout} write, and what
 * {@code eval} and {@code search} score. The file format is {@value #HEADER} lines, tab-separated
 * ({@link #write}; {@link #read} also takes other whitespace).
 */
public final class HeldOutLinks {
    /** The header line of held-out edge files. */
    public static final String HEADER = "src_type\tsrc_id\tdst_type\tdst_id";

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

    /** Edges of a single relation. */
    public static HeldOutLinks of(int relation, int[] sources, int[] targets) {
        int[] r = new int[sources.length];
        Arrays.fill(r, relation);
        return new HeldOutLinks(r, sources, targets);
    }

    /** The key of the ordered node pair {@code (source, target)} in a set of longs. */
    public static long pairKey(int source, int target) {
        return ((long) source << 32) | (target & 0xffffffffL);
    }

    /**
     * Reads held-out edges of {@code graph} from a TSV (or whitespace-separated) file of
     * {@code src_type src_id dst_type dst_id} lines, optionally starting with {@link #HEADER}; blank lines and
     * lines starting with {@code #} are skipped. Each edge gets the graph's relation between those types (either
     * direction of an undirected one). Lines whose nodes are not in the graph (nodes whose every edge was held
     * out) are skipped and counted in the log: they cannot be embedded.
     *
     * @throws IllegalArgumentException naming the file and line of a malformed line, an unknown node type, or
     *                                  types no relation connects; or if no line names two nodes of the graph
     */
    public static HeldOutLinks read(Path file, HeteroGraph graph) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": held-out edge file not found");
        }
        IntArrayList r = new IntArrayList(), src = new IntArrayList(), dst = new IntArrayList();
        int lineNo = 0, unknown = 0;
        try (BufferedReader in = Files.newBufferedReader(file)) {
            for (String line; (line = in.readLine()) != null; ) {
                lineNo++;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#") || (lineNo == 1 && t.startsWith("src_type"))) {
                    continue;
                }
                String[] f = t.split("\\s+");
                if (f.length < 4) {
                    throw new IllegalArgumentException(file + ":" + lineNo + ": expected src_type src_id dst_type dst_id, got '" + t + "'");
                }
                int st = graph.schema().nodeType(f[0]), dt = graph.schema().nodeType(f[2]);
                if (st < 0 || dt < 0) {
                    throw new IllegalArgumentException(file + ":" + lineNo + ": node type '" + (st < 0 ? f[0] : f[2])
                            + "' is not in the graph (" + String.join(", ", graph.schema().nodeTypes()) + ")");
                }
                int rel = relationBetween(graph, st, dt);
                if (rel < 0) {
                    throw new IllegalArgumentException(file + ":" + lineNo + ": no relation of the graph connects "
                            + f[0] + " and " + f[2]);
                }
                int u = graph.node(f[0], f[1]), v = graph.node(f[2], f[3]);
                if (u < 0 || v < 0) {
                    unknown++;
                    continue;
                }
                boolean forward = graph.schema().relation(rel).srcType() == st;
                r.add(rel);
                src.add(forward ? u : v);
                dst.add(forward ? v : u);
            }
        }
        if (unknown > 0) {
            LoggerFactory.getLogger(HeldOutLinks.class)
                    .warn("{}: skipped {} held-out edges with a node that is not in the graph", file, unknown);
        }
        if (r.isEmpty()) {
            throw new IllegalArgumentException(file + ": no held-out edge between nodes of the graph");
        }
        return new HeldOutLinks(r.toIntArray(), src.toIntArray(), dst.toIntArray());
    }

    /** The first relation from type {@code a} to {@code b}, or an undirected one from {@code b} to {@code a}; -1 if none. */
    private static int relationBetween(HeteroGraph graph, int a, int b) {
        for (Relation rel : graph.schema().relations()) {
            if (rel.srcType() == a && rel.dstType() == b) {
                return rel.id();
            }
        }
        for (Relation rel : graph.schema().relations()) {
            if (!rel.directed() && rel.srcType() == b && rel.dstType() == a) {
                return rel.id();
            }
        }
        return -1;
    }

    /**
     * Writes the edges as {@link #read} reads them: the header, then one {@code src_type src_id dst_type dst_id}
     * line per edge with external ids, tab-separated, in order; atomically (temporary file, then rename).
     */
    public void write(Path file, HeteroGraph graph) throws IOException {
        validate(graph);
        AtomicFiles.writeText(file, w -> {
            w.write(HEADER);
            w.write('\n');
            for (int i = 0; i < size(); i++) {
                Relation rel = graph.schema().relation(relations[i]);
                w.write(graph.schema().nodeTypeName(rel.srcType()));
                w.write('\t');
                w.write(graph.nodeId(sources[i]));
                w.write('\t');
                w.write(graph.schema().nodeTypeName(rel.dstType()));
                w.write('\t');
                w.write(graph.nodeId(targets[i]));
                w.write('\n');
            }
        });
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

    /**
     * How many of these edges {@code graph} has: for the graph a model was trained on, the held-out edges it trained
     * on (which would inflate link-prediction metrics).
     */
    public int countIn(HeteroGraph graph) {
        int n = 0;
        for (int i = 0; i < size(); i++) {
            n += graph.hasEdge(sources[i], targets[i]) ? 1 : 0;
        }
        return n;
    }

    /**
     * A short text identifying these edges, in order ({@code crc32c-size}): recorded with a model trained with them
     * held out, so that eval can tell that split's file from another's.
     */
    public String fingerprint() {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(12);
        for (int i = 0; i < size(); i++) {
            b.clear();
            b.putInt(relations[i]).putInt(sources[i]).putInt(targets[i]).flip();
            crc.update(b);
        }
        return String.format("%08x-%d", crc.getValue(), size());
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
