package org.heteroembed.inference;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.nn.conf.HeteroEmbeddingLayer;
import org.heteroembed.nn.layers.HeteroEmbeddingLayerImpl;
import org.heteroembed.nn.params.HeteroEmbeddingParamInitializer;
import org.heteroembed.tables.PartitionedModelDirectory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.IOException;
import java.nio.file.Files;
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
 * <p>Two kinds of model: a model file ({@link HeteroModelFile}, the tables in memory) and a partitioned model
 * directory ({@link PartitionedModelDirectory}), whose partition files are memory-mapped and read row by row, never
 * copied whole; every answer goes through {@link VectorRows}, so both kinds answer alike. The one call that needs a
 * whole type in memory, {@link #vectors(String)}, refuses a partitioned type that does not fit.
 *
 * <p>Nearest neighbours are exact: queries are normalised and multiplied with blocks of at most
 * {@value #BLOCK_ROWS} rows (and {@value #BLOCK_BYTES} bytes) at a time, each block normalised as it is read (no
 * normalised copy of the tables is kept), so a search over millions of rows is a handful of BLAS calls plus a scan
 * for the top k. Thread-safe for reads.
 */
public final class HeteroEmbeddings {
    static final int BLOCK_ROWS = 1 << 16;
    static final long BLOCK_BYTES = 32L << 20;

    /** A neighbour and its cosine similarity to the query. */
    public record Neighbour(String type, String id, double similarity) {
    }

    private final NodeIdTables ids;
    private final VectorRows rows;  // [all nodes, d]
    private final long[] offsets;

    private HeteroEmbeddings(NodeIdTables ids, VectorRows rows) {
        this.ids = ids;
        this.rows = rows;
        this.offsets = new long[ids.types().size() + 1];
        for (int t = 0; t < ids.types().size(); t++) {
            offsets[t + 1] = offsets[t] + ids.count(t);
        }
        if (offsets[offsets.length - 1] != rows.rows()) {
            throw new IllegalArgumentException("the id tables have " + offsets[offsets.length - 1]
                    + " nodes, the embedding tables " + rows.rows());
        }
    }

    /**
     * Opens a model: a model file written by {@link HeteroModelFile} (read into memory), or a partitioned model
     * directory (its partition files memory-mapped after their headers are checked against the manifest; the ids
     * read into compact string tables).
     *
     * @throws IOException naming the file that is missing, not a model, truncated, of another run or stale
     */
    public static HeteroEmbeddings load(Path model) throws IOException {
        if (Files.isDirectory(model)) {
            PartitionedModelDirectory.Manifest m = PartitionedModelDirectory.readManifest(model);
            return new HeteroEmbeddings(NodeIdTables.read(model, m.types(), m.typeCounts()), PartitionedRows.open(model, m));
        }
        return of(HeteroModelFile.network(model), HeteroModelFile.ids(model));
    }

    /** The vectors of the (first) hetero-embedding layer of a network. */
    public static HeteroEmbeddings of(ComputationGraph net, NodeIdTables ids) {
        HeteroEmbeddingLayerImpl inner = HeteroEmbeddingLayerImpl.find(net, true);
        HeteroEmbeddingLayer conf = (HeteroEmbeddingLayer) inner.conf().getLayer();
        if (!conf.hasProjections()) {
            INDArray in = HeteroEmbeddingParamInitializer.allInputVectors(conf, inner.params());
            return new HeteroEmbeddings(ids, new InMemoryRows(in.castTo(DataType.FLOAT).dup('c')));
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
        return new HeteroEmbeddings(ids, new InMemoryRows(all));
    }

    public List<String> types() {
        return ids.types();
    }

    public int numNodes(String type) {
        return ids.count(type(type));
    }

    public int dimension() {
        return rows.dim();
    }

    /** Whether the vectors are read from a partitioned model's files rather than held in memory. */
    public boolean partitioned() {
        return !rows.inMemory();
    }

    /**
     * All vectors of one type, {@code [nodes, d]}: a view for a model in memory (do not modify), a copy in native
     * memory for a partitioned model.
     *
     * @throws IllegalStateException for a partitioned model whose type does not fit in the native memory the JVM
     *                               can still allocate (the message gives both sizes); read the rows needed instead
     *                               ({@link #vectors(String, int[])}, {@link #vectors(String, int, int)})
     */
    public INDArray vectors(String type) {
        int t = type(type);
        if (rows.inMemory()) {
            return rows.block(offsets[t], offsets[t + 1]);
        }
        long n = offsets[t + 1] - offsets[t];
        long bytes = n * rows.dim() * Float.BYTES;
        long available = OffHeapMemory.available();
        if (bytes > available) {
            throw new IllegalStateException(String.format("the %,d vectors of type '%s' need %s in memory, the JVM can "
                            + "allocate %s: this model is partitioned; read the rows needed (vectors(type, locals), "
                            + "vectors(type, from, to))", n, type, OffHeapMemory.format(bytes), OffHeapMemory.format(available)));
        }
        INDArray all = Nd4j.create(DataType.FLOAT, n, rows.dim());
        long step = blockRows();
        for (long from = 0; from < n; from += step) {
            long to = Math.min(n, from + step);
            all.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).assign(rows.block(offsets[t] + from, offsets[t] + to));
        }
        return all;
    }

    /**
     * Vectors {@code [from, to)} of a type (positions in the type's id order), {@code [to - from, d]}: a view for a
     * model in memory, a copy for a partitioned one; do not modify. For scans over a type in blocks.
     */
    public INDArray vectors(String type, int from, int to) {
        int t = type(type);
        if (from < 0 || from > to || to > ids.count(t)) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") of type '" + type + "' with "
                    + ids.count(t) + " nodes");
        }
        return rows.block(offsets[t] + from, offsets[t] + to);
    }

    /** Rows per block of a scan ({@link #vectors(String, int, int)}): at most {@value #BLOCK_BYTES} bytes. */
    public int blockRows() {
        return (int) Math.max(1, Math.min(BLOCK_ROWS, BLOCK_BYTES / ((long) rows.dim() * Float.BYTES)));
    }

    /** The external id of row {@code local} of a type. */
    public String id(String type, int local) {
        return ids.id(type(type), local);
    }

    public float[] vector(String type, String id) {
        return rows.row(row(type, id));
    }

    /** Vectors of several nodes of one type, {@code [ids, d]}. */
    public INDArray vectors(String type, List<String> nodeIds) {
        long[] r = new long[nodeIds.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = row(type, nodeIds.get(i));
        }
        return gather(r);
    }

    /** Vectors of nodes of one type given by position in the type's id order, {@code [locals, d]}. */
    public INDArray vectors(String type, int[] locals) {
        int t = type(type);
        long[] r = new long[locals.length];
        for (int i = 0; i < r.length; i++) {
            if (locals[i] < 0 || locals[i] >= ids.count(t)) {
                throw new IndexOutOfBoundsException("row " + locals[i] + " of type '" + type + "' with " + ids.count(t) + " nodes");
            }
            r[i] = offsets[t] + locals[i];
        }
        return gather(r);
    }

    private INDArray gather(long[] r) {
        return r.length == 0 ? Nd4j.create(DataType.FLOAT, 0, rows.dim()) : rows.gather(r);
    }

    public double cosine(String type1, String id1, String type2, String id2) {
        float[] a = rows.row(row(type1, id1)), b = rows.row(row(type2, id2));
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    /** The k nearest nodes by cosine, of {@code targetType} (null: every type), excluding the node itself. */
    public List<Neighbour> nearest(String type, String id, int k, String targetType) {
        return nearest(type, List.of(id), k, targetType).get(0);
    }

    /** Nearest neighbours of several nodes of one type at once (one matrix product per block for all). */
    public List<List<Neighbour>> nearest(String type, List<String> nodeIds, int k, String targetType) {
        long[] queryRows = new long[nodeIds.size()];
        for (int i = 0; i < queryRows.length; i++) {
            queryRows[i] = row(type, nodeIds.get(i));
        }
        if (queryRows.length == 0) {
            checkK(k);
            return new ArrayList<>();
        }
        long[][] exclude = new long[queryRows.length][];
        for (int i = 0; i < exclude.length; i++) {
            exclude[i] = new long[]{queryRows[i]};
        }
        return scan(normalizeRows(gather(queryRows)), exclude, k, targetType, Measure.COSINE);
    }

    /** How {@link #nearest(float[], int, String, Measure)} scores a candidate against the query. */
    public enum Measure {
        /** Cosine similarity: the direction only. */
        COSINE,
        /** The dot product, the score skip-gram trains (input vectors against input vectors here). */
        DOT
    }

    /** A node, for the lists of {@link #nearest(List, List, int, String)}. */
    public record Node(String type, String id) {
    }

    /** Whether the model has a vector for this node (false for an unknown type too). */
    public boolean contains(String type, String id) {
        int t = ids.type(type);
        return t >= 0 && ids.local(t, id) >= 0;
    }

    /** The k nodes (of {@code targetType}, null: every type) nearest to an arbitrary vector, best first. */
    public List<Neighbour> nearest(float[] vector, int k, String targetType, Measure measure) {
        if (vector.length != rows.dim()) {
            throw new IllegalArgumentException("the vector has " + vector.length + " values, the model's dimension is "
                    + rows.dim());
        }
        INDArray q = Nd4j.create(vector, new long[]{1, vector.length}, 'c');
        return scan(measure == Measure.COSINE ? normalizeRows(q) : q, new long[][]{{}}, k, targetType, measure).get(0);
    }

    /**
     * Vector arithmetic as word2vec's analogies ("positive minus negative"): the mean of the unit vectors of
     * {@code positive} minus those of {@code negative}, and the k nodes nearest to it by cosine, the given nodes
     * excluded. Types may be mixed: the tables share one space (user - community-A article + community-B article).
     */
    public List<Neighbour> nearest(List<Node> positive, List<Node> negative, int k, String targetType) {
        if (positive.isEmpty() && negative.isEmpty()) {
            throw new IllegalArgumentException("give at least one node");
        }
        List<Node> all = new ArrayList<>(positive);
        all.addAll(negative);
        long[] r = new long[all.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = row(all.get(i).type(), all.get(i).id());
        }
        INDArray unit = normalizeRows(gather(r));
        INDArray sum = Nd4j.zeros(DataType.FLOAT, 1, rows.dim());
        for (int i = 0; i < r.length; i++) {
            INDArray v = unit.getRow(i, true);
            if (i < positive.size()) {
                sum.addi(v);
            } else {
                sum.subi(v);
            }
        }
        return scan(normalizeRows(sum.divi(r.length)), new long[][]{r}, k, targetType, Measure.COSINE).get(0);
    }

    private static void checkK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
    }

    /**
     * The k best rows of the target type for each query row (normalised already for cosine), a block of the table at a
     * time (one matrix product per block for all queries); {@code exclude[q]} lists rows query q must not return.
     */
    private List<List<Neighbour>> scan(INDArray queries, long[][] exclude, int k, String targetType, Measure measure) {
        checkK(k);
        long from = targetType == null ? 0 : offsets[type(targetType)];
        long to = targetType == null ? offsets[offsets.length - 1] : offsets[type(targetType) + 1];
        List<PriorityQueue<long[]>> heaps = new ArrayList<>();
        for (int i = 0; i < queries.rows(); i++) {
            heaps.add(new PriorityQueue<>((a, b) -> Float.compare(Float.intBitsToFloat((int) a[1]), Float.intBitsToFloat((int) b[1]))));
        }
        int step = blockRows();
        for (long start = from; start < to; start += step) {
            long end = Math.min(to, start + step);
            INDArray block = rows.block(start, end);
            if (measure == Measure.COSINE) {
                block = normalizeRows(block);
            }
            float[][] scores = FloatMatrices.rows(queries.mmul(block.transpose())); // [q, block]
            for (int q = 0; q < scores.length; q++) {
                PriorityQueue<long[]> heap = heaps.get(q);
                for (int j = 0; j < scores[q].length; j++) {
                    long r = start + j;
                    if (excluded(exclude[q], r)) {
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

    private static boolean excluded(long[] rows, long r) {
        for (long x : rows) {
            if (x == r) {
                return true;
            }
        }
        return false;
    }

    /** Rows divided by their norms (a new array); all-zero rows stay zero instead of NaN. */
    private static INDArray normalizeRows(INDArray m) {
        INDArray norms = m.norm2(1).reshape(m.rows(), 1);
        norms.addi(1e-12f);
        return m.divColumnVector(norms);
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

    /** Rows {@code [from, to)} of all nodes in type then id order, for streaming export (do not modify). */
    INDArray rows(long from, long to) {
        return rows.block(from, to);
    }

    /** The first global row of each type, then the number of rows. */
    long typeOffset(int type) {
        return offsets[type];
    }

    NodeIdTables idTables() {
        return ids;
    }
}
