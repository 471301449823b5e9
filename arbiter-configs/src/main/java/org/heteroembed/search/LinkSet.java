package org.heteroembed.search;

import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.generate.HeldOutEdges;
import org.heteroembed.graph.generate.PlantedGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Held-out edges for link prediction, as parallel arrays of global node indices of one graph (no object per
 * edge). Either the held-out clicks of a {@link PlantedGraph}, or a file of
 * {@code src_type src_id dst_type dst_id} lines (tab- or whitespace-separated; the header line that
 * {@code PlantedGraphWriter} writes, blank lines and {@code #} comments are skipped).
 */
public final class LinkSet {
    private static final Logger log = LoggerFactory.getLogger(LinkSet.class);

    private final int[] sources;
    private final int[] targets;

    public LinkSet(int[] sources, int[] targets) {
        if (sources.length != targets.length) {
            throw new IllegalArgumentException("sources and targets differ in length: " + sources.length + " != " + targets.length);
        }
        this.sources = sources.clone();
        this.targets = targets.clone();
    }

    /** The held-out user-article clicks of a planted graph. */
    public static LinkSet of(PlantedGraph planted) {
        HeteroGraph g = planted.graph();
        HeldOutEdges h = planted.heldOut();
        int[] src = new int[h.size()], dst = new int[h.size()];
        for (int i = 0; i < h.size(); i++) {
            src[i] = g.globalId(planted.userType(), h.user(i));
            dst[i] = g.globalId(planted.articleType(), h.article(i));
        }
        return new LinkSet(src, dst);
    }

    /**
     * Reads held-out edges of {@code graph} from a file. Lines whose nodes are not in the graph (nodes whose
     * every edge was held out) are skipped and counted in the log: they cannot be embedded.
     *
     * @throws IllegalArgumentException naming the file and line of a malformed line or unknown node type
     */
    public static LinkSet read(Path file, HeteroGraph graph) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": held-out edge file not found");
        }
        int[] src = new int[1024], dst = new int[1024];
        int n = 0, lineNo = 0, unknown = 0;
        try (BufferedReader r = Files.newBufferedReader(file)) {
            for (String line; (line = r.readLine()) != null; ) {
                lineNo++;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                String[] f = t.split("\\s+");
                if (lineNo == 1 && f[0].equals("src_type")) {
                    continue;
                }
                if (f.length < 4) {
                    throw new IllegalArgumentException(file + ":" + lineNo + ": expected src_type src_id dst_type dst_id, got '" + t + "'");
                }
                for (String type : new String[]{f[0], f[2]}) {
                    if (graph.schema().nodeType(type) < 0) {
                        throw new IllegalArgumentException(file + ":" + lineNo + ": node type '" + type
                                + "' is not in the graph (" + String.join(", ", graph.schema().nodeTypes()) + ")");
                    }
                }
                int u = graph.node(f[0], f[1]), v = graph.node(f[2], f[3]);
                if (u < 0 || v < 0) {
                    unknown++;
                    continue;
                }
                if (n == src.length) {
                    src = Arrays.copyOf(src, 2 * n);
                    dst = Arrays.copyOf(dst, 2 * n);
                }
                src[n] = u;
                dst[n++] = v;
            }
        }
        if (unknown > 0) {
            log.warn("{}: skipped {} held-out edges with a node that is not in the graph", file, unknown);
        }
        if (n == 0) {
            throw new IllegalArgumentException(file + ": no held-out edge between nodes of the graph");
        }
        return new LinkSet(Arrays.copyOf(src, n), Arrays.copyOf(dst, n));
    }

    public int size() {
        return sources.length;
    }

    /** Global index of the source of edge {@code i}. */
    public int source(int i) {
        return sources[i];
    }

    /** Global index of the target of edge {@code i}. */
    public int target(int i) {
        return targets[i];
    }

    @Override
    public String toString() {
        return "LinkSet{" + sources.length + " edges}";
    }
}
