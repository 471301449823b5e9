package org.heteroembed.inference;

import org.heteroembed.inference.HeteroEmbeddings.Measure;
import org.heteroembed.inference.HeteroEmbeddings.Neighbour;
import org.heteroembed.inference.HeteroEmbeddings.Node;

import java.nio.file.Path;
import java.util.List;

/**
 * Approximate nearest neighbours: the same questions as {@link HeteroEmbeddings}'s exact {@code nearest} methods, with
 * the same answers' form (the same {@link Neighbour}s, best first, the same nodes left out), answered from one HNSW index
 * per node type and measure (hnswlib-core) instead of a scan over every row. Get one with
 * {@link HeteroEmbeddings#approximate()}.
 *
 * <p>An index is built the first time a type is searched, in memory, and, for a model read from a file or directory,
 * saved beside it ({@code MODEL.hnsw-TYPE.idx} next to a model file, {@code hnsw-TYPE.idx} inside a partitioned model
 * directory; {@code .dot.idx} for {@link Measure#DOT}) so that the next process reads it instead. A saved index is used
 * only if it was built from the same rows (the file records a fingerprint of the type's vectors) with the same M and
 * efConstruction; otherwise it is rebuilt and rewritten, with a log line saying why. Building costs about as much as
 * a thousand exact queries (BENCHMARKS.md: 106 s against 104 ms per exact query for 200,000 rows at d=128), so use
 * exact search for a handful of queries or small types, and this for many queries over large types. Recall is below 1: a few true neighbours may be missing from a list (raise
 * {@code ef} for more).
 *
 * <p>The index holds a normalised copy of the type's vectors in the heap (plus about {@code 2 M} ints of links per row).
 * Building is multi-threaded and not deterministic (levels are random), so two builds may answer slightly differently;
 * a saved index answers exactly as it did when it was built. Thread-safe.
 */
public final class ApproximateNearest {
    /** Told about index builds, e.g. to show progress. All methods have empty defaults. */
    public interface BuildListener {
        /**
         * An index is about to be built.
         *
         * @param type    the node type
         * @param measure the measure it is built for
         * @param rows    rows it will hold
         * @param reason  why it is built (no file yet, stale, other parameters, ...)
         */
        default void building(String type, Measure measure, int rows, String reason) {
        }

        /**
         * Rows added so far (called from the build's threads every 1% of the rows, at least 1,000, and at the end).
         *
         * @param done rows added
         * @param rows rows in all
         */
        default void progress(int done, int rows) {
        }

        /**
         * An index is ready: read from its file or built (and saved when the model has a location).
         *
         * @param info what was done and how long it took
         */
        default void ready(IndexInfo info) {
        }
    }

    /**
     * One type's index, as {@link #index} opened it.
     *
     * @param type    the node type
     * @param measure the measure
     * @param rows    rows indexed
     * @param file    its file (null for a model that was not read from one: the index then lives in memory only)
     * @param built   whether it was built now (false: read from its file, or already open in this process)
     * @param reason  why it was built (null when it was not)
     * @param seconds time to read or build (and save) it; 0 when it was already open
     * @param bytes   size of its file (0 when it has none or it could not be written)
     */
    public record IndexInfo(String type, Measure measure, int rows, Path file, boolean built, String reason,
                            double seconds, long bytes) {
    }

    private final HeteroEmbeddings embeddings;
    private final HnswParameters parameters;
    private final BuildListener listener;

    ApproximateNearest(HeteroEmbeddings embeddings, HnswParameters parameters, BuildListener listener) {
        this.embeddings = embeddings;
        this.parameters = parameters;
        this.listener = listener == null ? new LoggingListener() : listener;
    }

    /** Without a listener: builds of {@value #LOG_PROGRESS_ROWS} rows and more log how far they are every 10%. */
    private static final class LoggingListener implements BuildListener {
        private final java.util.concurrent.atomic.AtomicInteger logged = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public void building(String type, Measure measure, int rows, String reason) {
            logged.set(0);
        }

        @Override
        public void progress(int done, int rows) {
            int tenth = (int) (10L * done / Math.max(1, rows));
            int before = logged.get();
            if (rows >= LOG_PROGRESS_ROWS && tenth > before && tenth < 10 && logged.compareAndSet(before, tenth)) {
                org.slf4j.LoggerFactory.getLogger(ApproximateNearest.class).info("HNSW index: {}% ({} of {} rows)",
                        tenth * 10, done, rows);
            }
        }
    }

    static final int LOG_PROGRESS_ROWS = 100_000;

    /**
     * The settings of the indexes and searches.
     *
     * @return M, efConstruction and ef
     */
    public HnswParameters parameters() {
        return parameters;
    }

    /**
     * The k nodes nearest by cosine to a node, of {@code targetType} (null: every type), the node itself left out.
     *
     * @param type       the query node's type
     * @param id         the query node's id
     * @param k          neighbours wanted, >= 1
     * @param targetType type of the neighbours; null for all types (each type's index is searched, the lists merged)
     * @return up to k neighbours, best first
     * @throws IllegalArgumentException for an unknown type or id, or k < 1
     */
    public List<Neighbour> nearest(String type, String id, int k, String targetType) {
        return nearest(type, List.of(id), k, targetType).get(0);
    }

    /**
     * Nearest neighbours by cosine of several nodes of one type, each query left out of its own list.
     *
     * @param type       the query nodes' type
     * @param nodeIds    the query nodes' ids
     * @param k          neighbours wanted per query, >= 1
     * @param targetType type of the neighbours; null for all types
     * @return one list per query, in order, each best first
     * @throws IllegalArgumentException for an unknown type or id, or k < 1
     */
    public List<List<Neighbour>> nearest(String type, List<String> nodeIds, int k, String targetType) {
        return nearest(type, nodeIds, k, targetType, Measure.COSINE);
    }

    /**
     * Nearest neighbours of several nodes of one type by cosine or by the raw dot product (as {@code hetero-embed nearest
     * --similarity dot} ranks), each query left out of its own list.
     *
     * @param type       the query nodes' type
     * @param nodeIds    the query nodes' ids
     * @param k          neighbours wanted per query, >= 1
     * @param targetType type of the neighbours; null for all types
     * @param measure    COSINE or DOT
     * @return one list per query, in order, each best first, with the cosine or the dot product as similarity
     * @throws IllegalArgumentException for an unknown type or id, or k < 1
     */
    public List<List<Neighbour>> nearest(String type, List<String> nodeIds, int k, String targetType, Measure measure) {
        return embeddings.searchIndexes(embeddings.nodeQueries(type, nodeIds, measure), k, targetType, measure, this);
    }

    /**
     * The k nodes nearest to an arbitrary vector by cosine or dot product; nothing is left out.
     *
     * @param vector     a vector of the model's dimension
     * @param k          neighbours wanted, >= 1
     * @param targetType type of the neighbours; null for all types
     * @param measure    COSINE or DOT
     * @return up to k neighbours, best first
     * @throws IllegalArgumentException for a vector of another dimension, an unknown type, or k < 1
     */
    public List<Neighbour> nearest(float[] vector, int k, String targetType, Measure measure) {
        return embeddings.searchIndexes(embeddings.vectorQuery(vector, measure), k, targetType, measure, this).get(0);
    }

    /**
     * Vector arithmetic as {@link HeteroEmbeddings#nearest(List, List, int, String)}: the nodes nearest by cosine to the
     * mean of the positive unit vectors minus the negative ones, the given nodes left out.
     *
     * @param positive   nodes added
     * @param negative   nodes subtracted
     * @param k          neighbours wanted, >= 1
     * @param targetType type of the neighbours; null for all types
     * @return up to k neighbours, best first
     * @throws IllegalArgumentException when no node is given, for an unknown node, or k < 1
     */
    public List<Neighbour> nearest(List<Node> positive, List<Node> negative, int k, String targetType) {
        return embeddings.searchIndexes(embeddings.arithmeticQuery(positive, negative), k, targetType, Measure.COSINE, this)
                .get(0);
    }

    /**
     * Opens the index of a type for a measure now (reads its file, or builds and saves it) instead of at the first
     * search; an index already open in this process is returned as it is.
     *
     * @param type    the node type
     * @param measure COSINE or DOT
     * @return what was done
     * @throws IllegalArgumentException for an unknown type
     */
    public IndexInfo index(String type, Measure measure) {
        return embeddings.openIndex(type, measure, this).info();
    }

    /**
     * Where the index of a type and measure is saved.
     *
     * @param type    the node type
     * @param measure COSINE or DOT
     * @return the file (it may not exist yet), or null for a model that was not read from a file or directory
     */
    public Path indexFile(String type, Measure measure) {
        return embeddings.indexFile(type, measure);
    }

    BuildListener listener() {
        return listener;
    }

    /** Logs what happens to an index: INFO without a listener of the caller's, DEBUG with one (it tells the user). */
    void log(String format, Object... args) {
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ApproximateNearest.class);
        if (listener instanceof LoggingListener) {
            log.info(format, args);
        } else {
            log.debug(format, args);
        }
    }
}
