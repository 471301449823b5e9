package org.heteroembed.inference;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.nn.conf.HeteroEmbeddingLayer;
import org.heteroembed.nn.layers.HeteroEmbeddingLayerImpl;
import org.heteroembed.nn.params.HeteroEmbeddingParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Trained node vectors for Java code: look up the vector of (type, external id), cosine similarity, exact
 * top-k nearest neighbours within a type or across types, batch lookups. The vectors are the model's input
 * ("center") tables, as word2vec reports (through each type's projection when types have their own table
 * sizes, so all vectors share one space); a copy, so the model may keep training.
 *
 * <p>Nearest neighbours are exact: queries are normalised and multiplied with blocks of
 * {@value #BLOCK_ROWS} normalised table rows at a time (one matrix product per block), so a search over
 * millions of rows is a handful of BLAS calls plus a scan for the top k. Thread-safe for reads.
 */
public final class HeteroEmbeddings {
    static final int BLOCK_ROWS = 1 << 16;

    /** A neighbour and its cosine similarity to the query. */
    public record Neighbour(String type, String id, double similarity) {
    }

    private final NodeIdTables ids;
    private final INDArray vectors;  // [all nodes, d], FLOAT
    private final long[] offsets;
    private volatile INDArray normalized;

    private HeteroEmbeddings(NodeIdTables ids, INDArray vectors) {
        this.ids = ids;
        this.vectors = vectors;
        this.offsets = new long[ids.types().size() + 1];
        for (int t = 0; t < ids.types().size(); t++) {
            offsets[t + 1] = offsets[t] + ids.count(t);
        }
        if (offsets[offsets.length - 1] != vectors.rows()) {
            throw new IllegalArgumentException("the id tables have " + offsets[offsets.length - 1]
                    + " nodes, the embedding tables " + vectors.rows());
        }
    }

    /** Loads a model file written by {@link HeteroModelFile}. */
    public static HeteroEmbeddings load(Path modelFile) throws IOException {
        return of(HeteroModelFile.network(modelFile), HeteroModelFile.ids(modelFile));
    }

    /** The vectors of the (first) hetero-embedding layer of a network. */
    public static HeteroEmbeddings of(ComputationGraph net, NodeIdTables ids) {
        HeteroEmbeddingLayerImpl inner = HeteroEmbeddingLayerImpl.find(net, true);
        HeteroEmbeddingLayer conf = (HeteroEmbeddingLayer) inner.conf().getLayer();
        if (!conf.hasProjections()) {
            INDArray in = HeteroEmbeddingParamInitializer.allInputVectors(conf, inner.params());
            return new HeteroEmbeddings(ids, in.castTo(DataType.FLOAT).dup('c'));
        }
        // Per-type sizes: each type's input vectors through its projection, stacked in type order.
        INDArray all = Nd4j.create(DataType.FLOAT, conf.totalNodes(), conf.getEmbeddingSize());
        for (int t = 0; t < conf.getNodeCounts().length; t++) {
            if (conf.getNodeCounts()[t] == 0) {
                continue;
            }
            INDArray table = HeteroEmbeddingParamInitializer.view(conf, inner.params(), HeteroEmbeddingParamInitializer.inKey(t));
            INDArray shared = conf.hasProjection(t)
                    ? table.mmul(HeteroEmbeddingParamInitializer.view(conf, inner.params(), HeteroEmbeddingParamInitializer.projectionKey(t)))
                    : table;
            all.get(NDArrayIndex.interval(conf.rowOffset(t), conf.rowOffset(t) + conf.getNodeCounts()[t]), NDArrayIndex.all())
                    .assign(shared.castTo(DataType.FLOAT));
        }
        return new HeteroEmbeddings(ids, all);
    }

    public List<String> types() {
        return ids.types();
    }

    public int numNodes(String type) {
        return ids.count(type(type));
    }

    public int dimension() {
        return Math.toIntExact(vectors.columns());
    }

    /** All vectors of one type, {@code [nodes, d]} (a view: do not modify). */
    public INDArray vectors(String type) {
        int t = type(type);
        return vectors.get(NDArrayIndex.interval(offsets[t], offsets[t + 1]), NDArrayIndex.all());
    }

    /** The external id of row {@code local} of a type. */
    public String id(String type, int local) {
        return ids.id(type(type), local);
    }

    public float[] vector(String type, String id) {
        return vectors.getRow(row(type, id)).toFloatVector();
    }

    /** Vectors of several nodes of one type, {@code [ids, d]}. */
    public INDArray vectors(String type, List<String> nodeIds) {
        int[] rows = new int[nodeIds.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (int) row(type, nodeIds.get(i));
        }
        return Nd4j.pullRows(vectors, 1, rows);
    }

    public double cosine(String type1, String id1, String type2, String id2) {
        INDArray a = vectors.getRow(row(type1, id1)), b = vectors.getRow(row(type2, id2));
        double na = a.norm2Number().doubleValue(), nb = b.norm2Number().doubleValue();
        return na == 0 || nb == 0 ? 0 : a.mul(b).sumNumber().doubleValue() / (na * nb);
    }

    /** The k nearest nodes by cosine, of {@code targetType} (null: every type), excluding the node itself. */
    public List<Neighbour> nearest(String type, String id, int k, String targetType) {
        return nearest(type, List.of(id), k, targetType).get(0);
    }

    /** Nearest neighbours of several nodes of one type at once (one matrix product per block for all). */
    public List<List<Neighbour>> nearest(String type, List<String> nodeIds, int k, String targetType) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        long[] queryRows = new long[nodeIds.size()];
        for (int i = 0; i < queryRows.length; i++) {
            queryRows[i] = row(type, nodeIds.get(i));
        }
        INDArray norm = normalized();
        int[] rowsInt = new int[queryRows.length];
        for (int i = 0; i < rowsInt.length; i++) {
            rowsInt[i] = (int) queryRows[i];
        }
        INDArray queries = Nd4j.pullRows(norm, 1, rowsInt); // [q, d]
        long from = targetType == null ? 0 : offsets[type(targetType)];
        long to = targetType == null ? offsets[offsets.length - 1] : offsets[type(targetType) + 1];
        List<PriorityQueue<long[]>> heaps = new ArrayList<>();
        for (int i = 0; i < queryRows.length; i++) {
            heaps.add(new PriorityQueue<>((a, b) -> Float.compare(Float.intBitsToFloat((int) a[1]), Float.intBitsToFloat((int) b[1]))));
        }
        for (long start = from; start < to; start += BLOCK_ROWS) {
            long end = Math.min(to, start + BLOCK_ROWS);
            INDArray block = norm.get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
            float[][] scores = queries.mmul(block.transpose()).toFloatMatrix(); // [q, block]
            for (int q = 0; q < scores.length; q++) {
                PriorityQueue<long[]> heap = heaps.get(q);
                for (int j = 0; j < scores[q].length; j++) {
                    long r = start + j;
                    if (r == queryRows[q]) {
                        continue;
                    }
                    float s = scores[q][j];
                    if (heap.size() < k) {
                        heap.add(new long[]{r, Float.floatToRawIntBits(s)});
                    } else if (s > Float.intBitsToFloat((int) heap.peek()[1])) {
                        heap.poll();
                        heap.add(new long[]{r, Float.floatToRawIntBits(s)});
                    }
                }
            }
        }
        List<List<Neighbour>> out = new ArrayList<>();
        for (PriorityQueue<long[]> heap : heaps) {
            List<Neighbour> list = new ArrayList<>();
            while (!heap.isEmpty()) {
                long[] e = heap.poll();
                int t = typeOfRow(e[0]);
                list.add(0, new Neighbour(ids.types().get(t), ids.id(t, (int) (e[0] - offsets[t])),
                        Float.intBitsToFloat((int) e[1])));
            }
            out.add(list);
        }
        return out;
    }

    private INDArray normalized() {
        INDArray n = normalized;
        if (n == null) {
            synchronized (this) {
                if (normalized == null) {
                    INDArray norms = vectors.norm2(1).reshape(vectors.rows(), 1);
                    norms.addi(1e-12f); // all-zero rows stay zero instead of NaN
                    normalized = vectors.divColumnVector(norms);
                }
                n = normalized;
            }
        }
        return n;
    }

    private int typeOfRow(long row) {
        int t = 0;
        while (row >= offsets[t + 1]) {
            t++;
        }
        return t;
    }

    private int type(String name) {
        int t = ids.type(name);
        if (t < 0) {
            throw new IllegalArgumentException("unknown node type '" + name + "' (types: " + String.join(", ", ids.types()) + ")");
        }
        return t;
    }

    private long row(String type, String id) {
        int t = type(type);
        int local = ids.local(t, id);
        if (local < 0) {
            throw new IllegalArgumentException("no node '" + id + "' of type '" + type + "' in this model");
        }
        return offsets[t] + local;
    }

    /** Row-major copy of the vectors of all nodes, in type then id order (for export). */
    INDArray allVectors() {
        return vectors;
    }

    NodeIdTables idTables() {
        return ids;
    }
}
