package org.heteroembed.inference;

/**
 * The settings of the HNSW indexes behind {@link ApproximateNearest} (Malkov and Yashunin 2016, as implemented by
 * hnswlib-core). {@code m} and {@code efConstruction} shape the graph: an index file built with other values is rebuilt.
 * {@code ef} is a search setting only: any value works with any index.
 *
 * @param m              links per node and layer (layer 0 keeps twice as many): more links, better recall, a larger
 *                       index and a slower build
 * @param efConstruction candidates considered when a node is linked: more, a better graph and a slower build
 * @param ef             candidates kept during a search (at least k plus the nodes left out): more, better recall and
 *                       slower queries
 */
public record HnswParameters(int m, int efConstruction, int ef) {
    /** M. */
    public static final int DEFAULT_M = 16;
    /** efConstruction. */
    public static final int DEFAULT_EF_CONSTRUCTION = 200;
    /** ef. */
    public static final int DEFAULT_EF = 100;
    /** The defaults: recall@10 of 0.99 and more on trained vectors (BENCHMARKS.md). */
    public static final HnswParameters DEFAULTS = new HnswParameters(DEFAULT_M, DEFAULT_EF_CONSTRUCTION, DEFAULT_EF);

    /**
     * Checks the ranges.
     *
     * @throws IllegalArgumentException naming the setting out of range
     */
    public HnswParameters {
        if (m < 2 || m > 256) {
            throw new IllegalArgumentException("HNSW M must be in [2, 256], got " + m);
        }
        if (efConstruction < 1) {
            throw new IllegalArgumentException("HNSW efConstruction must be >= 1, got " + efConstruction);
        }
        if (ef < 1) {
            throw new IllegalArgumentException("HNSW ef must be >= 1, got " + ef);
        }
    }

    /**
     * These settings with another search-time {@code ef} (no rebuild needed).
     *
     * @param ef candidates kept during a search, >= 1
     * @return the new settings
     */
    public HnswParameters withEf(int ef) {
        return new HnswParameters(m, efConstruction, ef);
    }
}
