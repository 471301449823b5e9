package org.heteroembed.inference;

import org.heteroembed.graph.io.AtomicFiles;
import org.heteroembed.graph.io.NodeTokens;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes vectors in formats other tools read, atomically:
 * <ul>
 *   <li>word2vec text: a {@code "<count> <dimension>"} line, then {@code type:id v1 ... vd} per node (read by
 *       DL4J's {@code WordVectorSerializer.readWord2VecModel} and gensim's {@code KeyedVectors.load_word2vec_format});</li>
 *   <li>embedding-projector TSV: {@code vectors.tsv} (tab-separated values, no header) and {@code metadata.tsv}
 *       ({@code type id [label]} with a header), row for row.</li>
 * </ul>
 * Rows are streamed in blocks of {@value #BLOCK_ROWS} (memory bounded by a block, whatever the model's size), in
 * type then id order; a model file and a partitioned model directory of the same tables give the same bytes.
 */
public final class EmbeddingExport {
    static final int BLOCK_ROWS = 4096;

    private EmbeddingExport() {
    }

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
                float[][] block = e.rows(first + start, first + end).toFloatMatrix();
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
