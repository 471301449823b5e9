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

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

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
 * for the top k. {@link #approximate()} answers the same questions from an HNSW index per type instead (built on
 * demand, saved beside the model). Thread-safe for reads.
 */
public final class HeteroEmbeddings {
    private static final Logger log = LoggerFactory.getLogger(HeteroEmbeddings.class);
    static final int BLOCK_ROWS = 1 << 16;
    static final long BLOCK_BYTES = 32L << 20;

    /** A neighbour and its cosine similarity to the query. */
    public record Neighbour(String type, String id, double similarity) {
    }

    private final NodeIdTables ids;
    private final VectorRows rows;  // [all nodes, d]
    private final long[] offsets;
    private final Path source; // the model file or directory read; null for vectors taken from a network in memory
    private final Map<IndexKey, IndexSlot> indexes = new ConcurrentHashMap<>();

    private HeteroEmbeddings(NodeIdTables ids, VectorRows rows, Path source) {
        this.ids = ids;
        this.rows = rows;
        this.source = source;
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
            return new HeteroEmbeddings(NodeIdTables.read(model, m.types(), m.typeCounts()), PartitionedRows.open(model, m), model);
        }
        return new HeteroEmbeddings(HeteroModelFile.ids(model), inputRows(HeteroModelFile.network(model)), model);
    }

    /** The vectors of the (first) hetero-embedding layer of a network. */
    public static HeteroEmbeddings of(ComputationGraph net, NodeIdTables ids) {
        return new HeteroEmbeddings(ids, inputRows(net), null);
    }

    /**
     * Vectors given as one matrix, e.g. made elsewhere or generated for a benchmark.
     *
     * @param ids     the node ids, types in order; their counts add up to the matrix's rows
     * @param vectors a FLOAT {@code [all nodes, d]} row-major matrix: rows of the first type, then the second's, ...
     *                (used as it is, not copied)
     * @param source  the model file or directory the vectors stand for: approximate search saves its indexes beside it
     *                ({@link ApproximateNearest}); null to keep them in memory
     * @return the vectors
     * @throws IllegalArgumentException when the matrix is not FLOAT, row-major, 2-d, or its rows are not the ids' count
     */
    public static HeteroEmbeddings of(NodeIdTables ids, INDArray vectors, Path source) {
        return new HeteroEmbeddings(ids, new InMemoryRows(vectors), source);
    }

    private static VectorRows inputRows(ComputationGraph net) {
        HeteroEmbeddingLayerImpl inner = HeteroEmbeddingLayerImpl.find(net, true);
        HeteroEmbeddingLayer conf = (HeteroEmbeddingLayer) inner.conf().getLayer();
        if (!conf.hasProjections()) {
            INDArray in = HeteroEmbeddingParamInitializer.allInputVectors(conf, inner.params());
            return new InMemoryRows(in.castTo(DataType.FLOAT).dup('c'));
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
        return new InMemoryRows(all);
    }

    /** The model's node types, in table order. */
    public List<String> types() {
        return ids.types();
    }

    /**
     * Number of nodes (vectors) of a type.
     *
     * @throws IllegalArgumentException naming the model's types when {@code type} is not one of them
     */
    public int numNodes(String type) {
        return ids.count(type(type));
    }

    /** The vectors' dimension (the same for every type). */
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

    /**
     * The vector of row {@code local} of a type (the node {@link #id(String, int)} names), a copy.
     *
     * @throws IllegalArgumentException when the type is not in the model
     * @throws IndexOutOfBoundsException when {@code local} is not in {@code [0, numNodes(type))}
     */
    public float[] vector(String type, int local) {
        int t = type(type);
        if (local < 0 || local >= ids.count(t)) {
            throw new IndexOutOfBoundsException("row " + local + " of type '" + type + "' (" + ids.count(t) + " rows)");
        }
        return rows.row(offsets[t] + local);
    }

    /**
     * The vector of one node, a copy.
     *
     * @throws IllegalArgumentException when the type or the id is not in the model ({@link #contains} asks first)
     */
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

    /**
     * Cosine similarity of two nodes' vectors, of the same type or not (0 when either vector is zero).
     *
     * @throws IllegalArgumentException when a type or an id is not in the model
     */
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
        return nearest(type, nodeIds, k, targetType, Measure.COSINE);
    }

    /**
     * Nearest neighbours of several nodes of one type at once by cosine or by the raw dot product (which favours long
     * vectors), each query left out of its own list; one matrix product per block of rows for all queries.
     *
     * @param type       the query nodes' type
     * @param nodeIds    the query nodes' ids
     * @param k          neighbours wanted per query, >= 1
     * @param targetType type of the neighbours; null for every type
     * @param measure    COSINE or DOT
     * @return one list per query, in order, each best first, with the cosine or the dot product as similarity
     * @throws IllegalArgumentException for an unknown type or id, or k < 1
     */
    public List<List<Neighbour>> nearest(String type, List<String> nodeIds, int k, String targetType, Measure measure) {
        return scan(nodeQueries(type, nodeIds, measure), k, targetType, measure);
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
        return scan(vectorQuery(vector, measure), k, targetType, measure).get(0);
    }

    /**
     * Vector arithmetic as word2vec's analogies ("positive minus negative"): the mean of the unit vectors of
     * {@code positive} minus those of {@code negative}, and the k nodes nearest to it by cosine, the given nodes
     * excluded. Types may be mixed: the tables share one space (user - community-A article + community-B article).
     */
    public List<Neighbour> nearest(List<Node> positive, List<Node> negative, int k, String targetType) {
        return scan(arithmeticQuery(positive, negative), k, targetType, Measure.COSINE).get(0);
    }

    /**
     * Approximate nearest neighbours with the default HNSW settings ({@link HnswParameters#DEFAULTS}): the same
     * {@code nearest} questions, answered from an HNSW index per node type that is built on first use and saved beside
     * the model ({@link ApproximateNearest}). Exact search ({@code nearest} here) stays the default: use this for many
     * queries over types of hundreds of thousands of nodes and more.
     *
     * @return the approximate search over these vectors
     */
    public ApproximateNearest approximate() {
        return approximate(HnswParameters.DEFAULTS, null);
    }

    /**
     * Approximate nearest neighbours with the given HNSW settings.
     *
     * @param parameters M, efConstruction (an index saved with others is rebuilt) and ef
     * @return the approximate search over these vectors
     */
    public ApproximateNearest approximate(HnswParameters parameters) {
        return approximate(parameters, null);
    }

    /**
     * Approximate nearest neighbours with the given HNSW settings, telling {@code listener} about index builds (to show
     * progress); without one, reads and builds are logged (INFO), and builds of 100,000 rows and more log their progress
     * every 10%; with one, those lines are DEBUG: the listener tells the user.
     *
     * @param parameters M, efConstruction (an index saved with others is rebuilt) and ef
     * @param listener   told when an index is built and how far the build is; null for none
     * @return the approximate search over these vectors
     */
    public ApproximateNearest approximate(HnswParameters parameters, ApproximateNearest.BuildListener listener) {
        return new ApproximateNearest(this, parameters, listener);
    }

    /** Query vectors (each row one query; unit length for cosine) and, per query, the global rows it must not return. */
    record Queries(INDArray vectors, long[][] exclude) {
        int count() {
            return exclude.length;
        }
    }

    /** The rows of the given nodes as queries (normalised for cosine), each excluding itself. */
    Queries nodeQueries(String type, List<String> nodeIds, Measure measure) {
        long[] queryRows = new long[nodeIds.size()];
        long[][] exclude = new long[queryRows.length][];
        for (int i = 0; i < queryRows.length; i++) {
            queryRows[i] = row(type, nodeIds.get(i));
            exclude[i] = new long[]{queryRows[i]};
        }
        INDArray q = gather(queryRows);
        return new Queries(measure == Measure.COSINE && q.rows() > 0 ? normalizeRows(q) : q, exclude);
    }

    /** One vector as a query (normalised for cosine), excluding nothing. */
    Queries vectorQuery(float[] vector, Measure measure) {
        if (vector.length != rows.dim()) {
            throw new IllegalArgumentException("the vector has " + vector.length + " values, the model's dimension is "
                    + rows.dim());
        }
        INDArray q = Nd4j.create(vector, new long[]{1, vector.length}, 'c');
        return new Queries(measure == Measure.COSINE ? normalizeRows(q) : q, new long[][]{{}});
    }

    /** The normalised mean of the positive unit vectors minus the negative ones, excluding all the given nodes. */
    Queries arithmeticQuery(List<Node> positive, List<Node> negative) {
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
        return new Queries(normalizeRows(sum.divi(r.length)), new long[][]{r});
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
    private List<List<Neighbour>> scan(Queries query, int k, String targetType, Measure measure) {
        checkK(k);
        if (query.count() == 0) {
            return new ArrayList<>();
        }
        INDArray queries = query.vectors();
        long[][] exclude = query.exclude();
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
            float[][] scores = FloatMatrices.rows(queries.mmul(block.transpose())); // [q, block]
            float[] inverse = measure == Measure.COSINE ? inverseNorms(block) : null;
            for (int q = 0; q < scores.length; q++) {
                PriorityQueue<long[]> heap = heaps.get(q);
                for (int j = 0; j < scores[q].length; j++) {
                    long r = start + j;
                    if (excluded(exclude[q], r)) {
                        continue;
                    }
                    float s = inverse != null ? scores[q][j] * inverse[j] : scores[q][j];
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
                list.add(0, neighbour(e[0], Float.intBitsToFloat((int) e[1])));
            }
            out.add(list);
        }
        return out;
    }

    private Neighbour neighbour(long row, double similarity) {
        int t = typeOfRow(row);
        return new Neighbour(ids.types().get(t), ids.id(t, (int) (row - offsets[t])), similarity);
    }

    /**
     * {@link #scan} on the HNSW indexes of {@code ann}: for each query, each target type's index gives its best rows
     * (k plus the query's excluded rows of that type, so k remain after leaving those out), merged by score.
     */
    List<List<Neighbour>> searchIndexes(Queries query, int k, String targetType, Measure measure, ApproximateNearest ann) {
        checkK(k);
        List<Integer> targets = new ArrayList<>();
        if (targetType != null) {
            targets.add(type(targetType));
        } else {
            for (int t = 0; t < ids.types().size(); t++) {
                targets.add(t);
            }
        }
        List<HnswTypeIndex> typeIndexes = new ArrayList<>();
        for (int t : targets) {
            typeIndexes.add(ids.count(t) == 0 ? null : openIndex(ids.types().get(t), measure, ann).index());
        }
        float[][] queries = query.count() == 0 ? new float[0][] : query.vectors().toFloatMatrix();
        List<List<Neighbour>> out = new ArrayList<>();
        record Scored(long row, double score) {
        }
        for (int q = 0; q < queries.length; q++) {
            long[] exclude = query.exclude()[q];
            List<Scored> found = new ArrayList<>();
            for (int i = 0; i < targets.size(); i++) {
                HnswTypeIndex index = typeIndexes.get(i);
                if (index == null) {
                    continue;
                }
                long first = offsets[targets.get(i)], end = offsets[targets.get(i) + 1];
                int excludedHere = 0;
                for (long r : exclude) {
                    excludedHere += r >= first && r < end ? 1 : 0;
                }
                for (HnswTypeIndex.Candidate c : index.search(queries[q], k + excludedHere, ann.parameters().ef())) {
                    long r = first + c.local();
                    if (!excluded(exclude, r)) {
                        found.add(new Scored(r, c.score()));
                    }
                }
            }
            found.sort((a, b) -> Double.compare(b.score(), a.score()));
            out.add(found.stream().limit(k).map(f -> neighbour(f.row(), f.score())).toList());
        }
        return out;
    }

    /** Which index: a type, a measure and the two settings that shape the graph. */
    private record IndexKey(int type, Measure measure, int m, int efConstruction) {
    }

    /** One index of this process, opened (read or built) once under the slot's lock. */
    private static final class IndexSlot {
        HnswTypeIndex index;
        long bytes;
    }

    /** An open index and what opening it took. */
    record OpenIndex(HnswTypeIndex index, ApproximateNearest.IndexInfo info) {
    }

    /**
     * The index of a type for a measure with {@code ann}'s settings: the one this process has open, else the one saved
     * beside the model if it was built from these rows with these settings, else a new one (saved when the model has a
     * location; a failure to save is logged and the index kept in memory).
     */
    OpenIndex openIndex(String type, Measure measure, ApproximateNearest ann) {
        int t = type(type);
        HnswParameters p = ann.parameters();
        IndexSlot slot = indexes.computeIfAbsent(new IndexKey(t, measure, p.m(), p.efConstruction()), key -> new IndexSlot());
        Path file = indexFile(type, measure);
        int n = ids.count(t);
        synchronized (slot) {
            if (slot.index != null) {
                return new OpenIndex(slot.index, new ApproximateNearest.IndexInfo(type, measure, n, file, false, null, 0, slot.bytes));
            }
            long t0 = System.nanoTime();
            HnswTypeIndex.Header wanted = new HnswTypeIndex.Header(type, measure, n, rows.dim(), p.m(), p.efConstruction(),
                    rowsFingerprint(t));
            String reason = "the model has no file to save it beside: kept in memory";
            if (file != null) {
                HnswTypeIndex.Opened opened = HnswTypeIndex.open(file, wanted);
                if (opened.index() != null) {
                    slot.index = opened.index();
                    slot.bytes = size(file);
                    ApproximateNearest.IndexInfo info = new ApproximateNearest.IndexInfo(type, measure, n, file, false, null,
                            (System.nanoTime() - t0) / 1e9, slot.bytes);
                    ann.log("read the HNSW index {} ({} by {}, {} rows) in {} s", file, type, measure, n,
                            String.format("%.2f", info.seconds()));
                    ann.listener().ready(info);
                    return new OpenIndex(slot.index, info);
                }
                reason = opened.reason();
            }
            ann.log("building the HNSW index of {} by {} ({} rows, M={}, efConstruction={}){}: {}", type, measure, n,
                    p.m(), p.efConstruction(), file == null ? "" : " into " + file, reason);
            ann.listener().building(type, measure, n, reason);
            HnswTypeIndex built;
            try {
                built = HnswTypeIndex.build(wanted, this, Runtime.getRuntime().availableProcessors(),
                        (done, all) -> ann.listener().progress(done, all), Math.max(1000, n / 100));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while building the HNSW index of " + type, e);
            }
            if (file != null) {
                try {
                    built.save(file);
                    slot.bytes = size(file);
                } catch (IOException e) {
                    log.warn("could not save the HNSW index to {} ({}): it is kept in memory for this process only", file,
                            e.toString());
                }
            }
            slot.index = built;
            ApproximateNearest.IndexInfo info = new ApproximateNearest.IndexInfo(type, measure, n, file, true, reason,
                    (System.nanoTime() - t0) / 1e9, slot.bytes);
            ann.log("built the HNSW index of {} by {} in {} s ({} bytes on disk)", type, measure,
                    String.format("%.1f", info.seconds()), info.bytes());
            ann.listener().ready(info);
            return new OpenIndex(built, info);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Where the index of a type and measure is saved; null for vectors that were not read from a model file or directory. */
    Path indexFile(String type, Measure measure) {
        type(type);
        return source == null ? null : HnswTypeIndex.file(source, type, measure);
    }

    /**
     * A 64-bit fingerprint of a type's vectors (CRC32C and CRC32 of their little-endian floats, in row order), which an
     * index file records to tell whether it was built from the vectors the model has now.
     */
    long rowsFingerprint(int t) {
        CRC32C low = new CRC32C();
        CRC32 high = new CRC32();
        int n = ids.count(t), step = blockRows();
        for (int from = 0; from < n; from += step) {
            float[] block = flatRows(t, from, Math.min(n, from + step));
            ByteBuffer buf = ByteBuffer.allocate(block.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            buf.asFloatBuffer().put(block);
            low.update(buf.array(), 0, buf.capacity());
            high.update(buf.array(), 0, buf.capacity());
        }
        return (high.getValue() << 32) | low.getValue();
    }

    /** Rows {@code [from, to)} of type {@code t} as one row-major {@code float[(to - from) * d]} (one bulk copy). */
    float[] flatRows(int t, int from, int to) {
        return FloatMatrices.flat(rows.block(offsets[t] + from, offsets[t] + to));
    }

    private static boolean excluded(long[] rows, long r) {
        for (long x : rows) {
            if (x == r) {
                return true;
            }
        }
        return false;
    }

    /** 1 / |row| of each row of {@code block} (0 for a zero row). */
    private static float[] inverseNorms(INDArray block) {
        float[] inv = block.norm2(1).toFloatVector();
        for (int i = 0; i < inv.length; i++) {
            inv[i] = inv[i] > 0 ? 1 / inv[i] : 0f;
        }
        return inv;
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
