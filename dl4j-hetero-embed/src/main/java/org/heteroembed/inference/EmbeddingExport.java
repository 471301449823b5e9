package org.heteroembed.inference;

import org.heteroembed.graph.io.AtomicFiles;
import org.heteroembed.graph.io.NodeTokens;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes vectors in formats other tools read, atomically:
 * <ul>
 *   <li>word2vec text: a {@code "<count> <dimension>"} line, then {@code type:id v1 ... vd} per node (read by
 *       DL4J's {@code WordVectorSerializer.readWord2VecModel} and gensim's {@code KeyedVectors.load_word2vec_format});</li>
 *   <li>embedding-projector TSV: {@code vectors.tsv} (tab-separated values, no header) and {@code metadata.tsv}
 *       ({@code type id [label]} with a header), row for row.</li>
 * </ul>
 */
public final class EmbeddingExport {
    private EmbeddingExport() {
    }

    public static void word2vec(HeteroEmbeddings e, Path file) throws IOException {
        NodeIdTables ids = e.idTables();
        INDArray v = e.allVectors();
        AtomicFiles.writeText(file, out -> {
            out.write(v.rows() + " " + v.columns() + "\n");
            RowReader rows = new RowReader(v);
            StringBuilder line = new StringBuilder();
            for (int t = 0; t < ids.types().size(); t++) {
                for (int i = 0; i < ids.count(t); i++) {
                    line.setLength(0);
                    line.append(NodeTokens.token(ids.types().get(t), ids.id(t, i)));
                    appendVector(line, rows.next(), ' ');
                    out.write(line.append('\n').toString());
                }
            }
        });
    }

    /**
     * @param labels optional label per node token ({@code type:id}), written as a third metadata column; may be null
     */
    public static void projectorTsv(HeteroEmbeddings e, Path vectorsFile, Path metadataFile, Map<String, String> labels)
            throws IOException {
        NodeIdTables ids = e.idTables();
        INDArray v = e.allVectors();
        AtomicFiles.writeText(vectorsFile, out -> {
            RowReader rows = new RowReader(v);
            StringBuilder line = new StringBuilder();
            for (long row = 0; row < v.rows(); row++) {
                line.setLength(0);
                appendVector(line, rows.next(), '\t');
                out.write(line.substring(1) + "\n");
            }
        });
        AtomicFiles.writeText(metadataFile, out -> {
            out.write(labels == null ? "type\tid\n" : "type\tid\tlabel\n");
            for (int t = 0; t < ids.types().size(); t++) {
                for (int i = 0; i < ids.count(t); i++) {
                    String type = ids.types().get(t), id = ids.id(t, i);
                    writeTsvLine(out, type, id, labels == null ? null : labels.getOrDefault(NodeTokens.token(type, id), ""));
                }
            }
        });
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

    /** Reads the rows of a matrix in order, copying blocks of rows to Java arrays (not element by element). */
    private static final class RowReader {
        private static final int BLOCK = 4096;
        private final INDArray matrix;
        private float[][] block = new float[0][];
        private long blockStart;
        private int next;

        RowReader(INDArray matrix) {
            this.matrix = matrix;
        }

        float[] next() {
            if (next == block.length) {
                blockStart += block.length;
                long end = Math.min(matrix.rows(), blockStart + BLOCK);
                block = matrix.get(NDArrayIndex.interval(blockStart, end), NDArrayIndex.all()).toFloatMatrix();
                next = 0;
            }
            return block[next++];
        }
    }
}
