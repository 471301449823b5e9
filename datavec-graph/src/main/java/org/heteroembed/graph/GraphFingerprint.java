package org.heteroembed.graph;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * A short text that identifies a graph's content: its schema, node ids (in order) and adjacency (and weights). A
 * model records the fingerprint of the graph it was trained on, so that {@code eval} and {@code nearest} can refuse
 * another graph over the same ids (whose labels or edges would give wrong results silently), and a stale training
 * graph or held-out file left beside a model by an earlier run. Two graphs with the same fingerprint have the same
 * nodes and edges with overwhelming likelihood (CRC32C over the arrays, plus the counts). Labels and display names are
 * not part of it: they are side information, read with any graph.
 *
 * <p>Costs one pass over the arrays at memory speed (about a second for a 280M-edge graph already in the page cache).
 */
public final class GraphFingerprint {
    private GraphFingerprint() {
    }

    /** {@code crc32c-NODES-EDGES}, e.g. {@code 3f2a9c1b-3050-20000}. */
    public static String of(HeteroGraph g) {
        CRC32C crc = new CRC32C();
        GraphSchema s = g.schema;
        for (int t = 0; t < s.numNodeTypes(); t++) {
            crc.update(s.nodeTypeName(t).getBytes(StandardCharsets.UTF_8));
            crc.update(ByteBuffer.allocate(4).putInt(0, g.typeCounts[t]));
        }
        for (Relation r : s.relations()) {
            crc.update((r.name() + "/" + r.srcType() + "/" + r.dstType() + "/" + r.directed()).getBytes(StandardCharsets.UTF_8));
        }
        for (int t = 0; t < s.numNodeTypes(); t++) {
            g.ids[t].updateChecksum(crc);
        }
        g.offsets.updateChecksum(crc);
        g.neighbours.updateChecksum(crc);
        if (g.isWeighted()) {
            g.weights.updateChecksum(crc);
        }
        return String.format("%08x-%d-%d", crc.getValue(), g.numNodes(), g.numEdges());
    }
}
