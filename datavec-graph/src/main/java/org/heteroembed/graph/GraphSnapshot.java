package org.heteroembed.graph;

import org.heteroembed.graph.io.AtomicFiles;
import org.heteroembed.graph.store.BigFloatArray;
import org.heteroembed.graph.store.BigIntArray;
import org.heteroembed.graph.store.BigLongArray;
import org.heteroembed.graph.store.SnapshotReader;
import org.heteroembed.graph.store.SnapshotWriter;
import org.heteroembed.graph.store.StringTable;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Binary snapshot of a {@link HeteroGraph}: a small header followed by the graph's arrays as raw
 * little-endian sections. {@link #load} memory-maps the sections instead of copying them to the heap, and reads each
 * once to check its checksum (CRC32C, at memory speed once the file is in the page cache); the OS page cache shares
 * the pages between processes.
 *
 * <pre>
 * "HEGRAPH1" | int header length | header (schema, counts, string-table sizes, flags) | 8-aligned sections:
 *   per type: ids (blob, offsets, index), [names (blob, offsets)], [label vocabulary, labels]
 *   offsets, neighbours, [weights, slot weights, alias probabilities, alias indices]
 * </pre>
 * Files are written to a temporary sibling and renamed, so a failed write never leaves a partial snapshot. The file
 * ends with a CRC32C per section, checked on load: a file damaged after it was written (a bad disk or copy) is refused
 * by section instead of crashing a walk later (snapshots written before the checksums load unchecked).
 */
public final class GraphSnapshot {
    private static final byte[] MAGIC = "HEGRAPH1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private GraphSnapshot() {
    }

    /** Whether {@code file} starts with the snapshot magic bytes. */
    public static boolean isSnapshot(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(MAGIC.length);
            while (b.hasRemaining() && ch.read(b) >= 0) {
                // keep reading
            }
            return java.util.Arrays.equals(b.array(), MAGIC);
        } catch (IOException e) {
            return false;
        }
    }

    public static void save(HeteroGraph g, Path file) throws IOException {
        AtomicFiles.write(file, tmp -> {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteArrayOutputStream headerBytes = new ByteArrayOutputStream();
                DataOutputStream h = new DataOutputStream(headerBytes);
                writeHeader(g, h);
                h.flush();
                ByteBuffer start = ByteBuffer.allocate(MAGIC.length + 4 + headerBytes.size());
                start.put(MAGIC).putInt(headerBytes.size()).put(headerBytes.toByteArray()).flip();
                while (start.hasRemaining()) {
                    ch.write(start);
                }
                SnapshotWriter w = new SnapshotWriter(ch);
                for (int t = 0; t < g.numNodeTypes(); t++) {
                    g.ids[t].writeArrays(w);
                    if (g.names[t] != null) {
                        g.names[t].writeArrays(w);
                    }
                    if (g.labels[t] != null) {
                        g.labels[t].vocabulary().writeArrays(w);
                        w.section(g.labels[t].array());
                    }
                }
                w.section(g.offsets);
                w.section(g.neighbours);
                if (g.isWeighted()) {
                    w.section(g.weights);
                    w.section(g.slotWeight);
                    w.section(g.aliasProb);
                    w.section(g.aliasIndex);
                }
                w.checksums();
                ch.force(false);
            }
        });
    }

    private static void writeHeader(HeteroGraph g, DataOutputStream h) throws IOException {
        GraphSchema s = g.schema;
        h.writeInt(s.numNodeTypes());
        for (int t = 0; t < s.numNodeTypes(); t++) {
            h.writeUTF(s.nodeTypeName(t));
            h.writeInt(g.typeCounts[t]);
        }
        h.writeInt(s.numRelations());
        for (Relation r : s.relations()) {
            h.writeUTF(r.name());
            h.writeInt(r.srcType());
            h.writeInt(r.dstType());
            h.writeBoolean(r.directed());
        }
        h.writeLong(g.numEdges);
        h.writeLong(g.neighbours.length());
        h.writeBoolean(g.isWeighted());
        for (int t = 0; t < s.numNodeTypes(); t++) {
            g.ids[t].writeHeader(h);
            h.writeBoolean(g.names[t] != null);
            if (g.names[t] != null) {
                g.names[t].writeHeader(h);
            }
            h.writeBoolean(g.labels[t] != null);
            if (g.labels[t] != null) {
                g.labels[t].vocabulary().writeHeader(h);
            }
        }
    }

    /**
     * Memory-maps a snapshot. The file must not be modified while the graph is in use.
     *
     * @throws IOException naming the file if it is missing, not a snapshot, or truncated
     */
    public static HeteroGraph load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("graph snapshot not found: " + file);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer start = ByteBuffer.allocate(MAGIC.length + 4);
            if (ch.read(start, 0) < start.capacity()
                    || !java.util.Arrays.equals(java.util.Arrays.copyOf(start.array(), MAGIC.length), MAGIC)) {
                throw new IOException(file + " is not a hetero-embed graph snapshot (bad magic bytes)");
            }
            int headerLength = start.getInt(MAGIC.length);
            if (headerLength < 0 || MAGIC.length + 4L + headerLength > ch.size()) {
                throw new IOException(file + ": snapshot header is truncated");
            }
            ByteBuffer header = ByteBuffer.allocate(headerLength);
            ch.read(header, MAGIC.length + 4);
            DataInputStream h = new DataInputStream(new ByteArrayInputStream(header.array()));
            SnapshotReader r = new SnapshotReader(ch, MAGIC.length + 4L + headerLength);
            try {
                HeteroGraph g = read(h, r);
                r.verifyChecksums(); // a damaged file fails here, not later with an index out of bounds
                return g;
            } catch (IOException | RuntimeException e) {
                throw new IOException(file + ": corrupt snapshot: " + e.getMessage(), e);
            }
            // Mappings stay valid after the channel is closed.
        }
    }

    private static HeteroGraph read(DataInputStream h, SnapshotReader r) throws IOException {
        int nt = h.readInt();
        List<String> types = new ArrayList<>();
        int[] counts = new int[nt];
        for (int t = 0; t < nt; t++) {
            types.add(h.readUTF());
            counts[t] = h.readInt();
        }
        int nr = h.readInt();
        List<Relation> relations = new ArrayList<>();
        for (int i = 0; i < nr; i++) {
            relations.add(new Relation(i, h.readUTF(), h.readInt(), h.readInt(), h.readBoolean()));
        }
        GraphSchema schema = new GraphSchema(types, relations);
        long numEdges = h.readLong();
        long numEntries = h.readLong();
        boolean weighted = h.readBoolean();
        StringTable.Header[] idH = new StringTable.Header[nt];
        StringTable.Header[] nameH = new StringTable.Header[nt];
        StringTable.Header[] labelH = new StringTable.Header[nt];
        for (int t = 0; t < nt; t++) {
            idH[t] = StringTable.readHeader(h);
            nameH[t] = h.readBoolean() ? StringTable.readHeader(h) : null;
            labelH[t] = h.readBoolean() ? StringTable.readHeader(h) : null;
        }
        StringTable[] ids = new StringTable[nt];
        StringTable[] names = new StringTable[nt];
        NodeLabels[] labels = new NodeLabels[nt];
        long numSlots = 0;
        for (int t = 0; t < nt; t++) {
            ids[t] = StringTable.map(idH[t], r);
            if (nameH[t] != null) {
                names[t] = StringTable.map(nameH[t], r);
            }
            if (labelH[t] != null) {
                StringTable vocab = StringTable.map(labelH[t], r);
                labels[t] = new NodeLabels(vocab, r.ints(counts[t]));
            }
            numSlots += (long) counts[t] * schema.numChannels(t);
        }
        BigLongArray offsets = r.longs(numSlots + 1);
        BigIntArray neighbours = r.ints(numEntries);
        BigFloatArray weights = null, slotWeight = null, aliasProb = null;
        BigIntArray aliasIndex = null;
        if (weighted) {
            weights = r.floats(numEntries);
            slotWeight = r.floats(numSlots);
            aliasProb = r.floats(numEntries);
            aliasIndex = r.ints(numEntries);
        }
        return new HeteroGraph(schema, counts, numEdges, ids, names, labels, offsets, neighbours, weights,
                slotWeight, aliasProb, aliasIndex);
    }
}
