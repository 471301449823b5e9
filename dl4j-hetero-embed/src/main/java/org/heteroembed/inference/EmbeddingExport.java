package org.heteroembed.inference;

import org.heteroembed.graph.io.AtomicFiles;
import org.heteroembed.graph.io.NodeTokens;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes vectors in formats other tools read, atomically:
 * <ul>
 *   <li>word2vec text: a {@code "<count> <dimension>"} line, then {@code type:id v1 ... vd} per node (read by
 *       DL4J's {@code WordVectorSerializer.readWord2VecModel} and gensim's {@code KeyedVectors.load_word2vec_format});</li>
 *   <li>word2vec binary (word2vec.c's {@code -binary 1}, gensim's {@code binary=True}): the same header line, then
 *       per node the token, a space, {@code d} little-endian float32 and a newline: a quarter of the text's size,
 *       and no decimal parsing;</li>
 *   <li>embedding-projector TSV: {@code vectors.tsv} (tab-separated values, no header) and {@code metadata.tsv}
 *       ({@code type id [label]} with a header), row for row;</li>
 *   <li>NumPy: {@code vectors.npy} (float32, shape {@code [n, d]}, C order: {@code numpy.load}, memory-mappable
 *       with {@code mmap_mode='r'}) and {@code ids.tsv} ({@code type id} with a header), row for row.</li>
 * </ul>
 * Rows are streamed in blocks of {@value #BLOCK_ROWS} (memory bounded by a block, whatever the model's size), in
 * type then id order; a model file and a partitioned model directory of the same tables give the same bytes.
 */
public final class EmbeddingExport {
    static final int BLOCK_ROWS = 4096;

    private EmbeddingExport() {
    }

    /**
     * Writes every type's vectors in word2vec's text format ({@code type:id} words), streamed block by block, to a
     * temporary file renamed to {@code file} when complete.
     */
    public static void word2vec(HeteroEmbeddings e, Path file) throws IOException {
        word2vec(e, file, e.types());
    }

    /** Only the nodes of the given types (in the model's type order). */
    public static void word2vec(HeteroEmbeddings e, Path file, List<String> types) throws IOException {
        NodeIdTables ids = e.idTables();
        long count = types.stream().mapToLong(e::numNodes).sum();
        AtomicFiles.writeText(file, out -> {
            out.write(count + " " + e.dimension() + "\n");
            StringBuilder line = new StringBuilder();
            forEachRow(e, types, (t, i, vector) -> {
                line.setLength(0);
                line.append(NodeTokens.token(ids.types().get(t), ids.id(t, i)));
                appendVector(line, vector, ' ');
                out.write(line.append('\n').toString());
            });
        });
    }

    /** word2vec's binary format, the nodes of the given types (in the model's type order). */
    public static void word2vecBinary(HeteroEmbeddings e, Path file, List<String> types) throws IOException {
        NodeIdTables ids = e.idTables();
        long count = types.stream().mapToLong(e::numNodes).sum();
        AtomicFiles.write(file, tmp -> {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                out.write((count + " " + e.dimension() + "\n").getBytes(StandardCharsets.UTF_8));
                ByteBuffer floats = ByteBuffer.allocate(e.dimension() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                forEachRow(e, types, (t, i, vector) -> {
                    out.write(NodeTokens.token(ids.types().get(t), ids.id(t, i)).getBytes(StandardCharsets.UTF_8));
                    out.write(' ');
                    floats.clear();
                    floats.asFloatBuffer().put(vector);
                    out.write(floats.array());
                    out.write('\n');
                });
            }
        });
    }

    /** NumPy's {@code .npy} (float32 {@code [n, d]}) and the ids of its rows, for the nodes of the given types. */
    public static void numpy(HeteroEmbeddings e, Path vectorsFile, Path idsFile, List<String> types) throws IOException {
        NodeIdTables ids = e.idTables();
        long count = types.stream().mapToLong(e::numNodes).sum();
        AtomicFiles.write(vectorsFile, tmp -> {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                out.write(npyHeader(count, e.dimension()));
                ByteBuffer floats = ByteBuffer.allocate(e.dimension() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                forEachRow(e, types, (t, i, vector) -> {
                    floats.clear();
                    floats.asFloatBuffer().put(vector);
                    out.write(floats.array());
                });
            }
        });
        AtomicFiles.writeText(idsFile, out -> {
            out.write("type\tid\n");
            for (int t = 0; t < ids.types().size(); t++) {
                if (types.contains(ids.types().get(t))) {
                    for (int i = 0; i < ids.count(t); i++) {
                        writeTsvLine(out, ids.types().get(t), ids.id(t, i), null);
                    }
                }
            }
        });
    }

    /**
     * The {@code .npy} version 1.0 header of a little-endian float32 C-order array {@code [rows, dim]}: magic, version,
     * header length, the header dictionary padded with spaces and a newline so the data starts at a multiple of 64.
     */
    static byte[] npyHeader(long rows, int dim) {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows + ", " + dim + "), }";
        int unpadded = 10 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    /**
     * @param labels optional label per node token ({@code type:id}), written as a third metadata column; may be null
     */
    public static void projectorTsv(HeteroEmbeddings e, Path vectorsFile, Path metadataFile, Map<String, String> labels)
            throws IOException {
        projectorTsv(e, vectorsFile, metadataFile, labels, e.types());
    }

    /** Only the nodes of the given types (in the model's type order). */
    public static void projectorTsv(HeteroEmbeddings e, Path vectorsFile, Path metadataFile, Map<String, String> labels,
                                    List<String> types) throws IOException {
        NodeIdTables ids = e.idTables();
        AtomicFiles.writeText(vectorsFile, out -> {
            StringBuilder line = new StringBuilder();
            forEachRow(e, types, (t, i, vector) -> {
                line.setLength(0);
                appendVector(line, vector, '\t');
                out.write(line.substring(1) + "\n");
            });
        });
        AtomicFiles.writeText(metadataFile, out -> {
            out.write(labels == null ? "type\tid\n" : "type\tid\tlabel\n");
            for (int t = 0; t < ids.types().size(); t++) {
                if (!types.contains(ids.types().get(t))) {
                    continue;
                }
                for (int i = 0; i < ids.count(t); i++) {
                    String type = ids.types().get(t), id = ids.id(t, i);
                    writeTsvLine(out, type, id, labels == null ? null : labels.getOrDefault(NodeTokens.token(type, id), ""));
                }
            }
        });
    }

    private interface RowSink {
        void row(int type, int index, float[] vector) throws IOException;
    }

    /** The rows of the given types, in the model's type order, read a block at a time. */
    private static void forEachRow(HeteroEmbeddings e, List<String> types, RowSink sink) throws IOException {
        NodeIdTables ids = e.idTables();
        for (int t = 0; t < ids.types().size(); t++) {
            if (!types.contains(ids.types().get(t))) {
                continue;
            }
            long first = e.typeOffset(t);
            for (int start = 0; start < ids.count(t); start += BLOCK_ROWS) {
                int end = Math.min(ids.count(t), start + BLOCK_ROWS);
                float[][] block = FloatMatrices.rows(e.rows(first + start, first + end));
                for (int i = start; i < end; i++) {
                    sink.row(t, i, block[i - start]);
                }
            }
        }
    }

    private static void writeTsvLine(Writer out, String type, String id, String label) throws IOException {
        out.write(tsv(type) + "\t" + tsv(id) + (label == null ? "" : "\t" + tsv(label)) + "\n");
    }

    /** Tabs and line breaks would break the TSV: replace them with spaces. */
    private static String tsv(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    private static void appendVector(StringBuilder line, float[] values, char sep) {
        for (float x : values) {
            line.append(sep).append(x);
        }
    }
}
