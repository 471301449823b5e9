package org.heteroembed.walk;

import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Objects;

/**
 * How to walk a graph: kind, walks per start node, length, start types, metapaths, node2vec's p and q,
 * seed, and threads. Immutable, built with {@link #builder()} in DL4J's style, validated when built (and
 * against a graph by {@link WalkGenerator}), serializable to JSON.
 *
 * <p>The walks depend only on the graph, kind, walks per node, length, start types, metapaths, p, q and seed:
 * {@code threads}, {@code chunkSize} and {@code maxChunksInFlight} change speed and memory, never the output.
 */
public final class WalkConfig {
    private final WalkKind kind;
    private final int walksPerNode;
    private final int walkLength;
    private final List<String> startTypes;
    private final List<String> metapaths;
    private final double p;
    private final double q;
    private final long seed;
    private final int threads;
    private final int chunkSize;
    private final int maxChunksInFlight;

    @JsonCreator
    private WalkConfig(@JsonProperty("kind") WalkKind kind, @JsonProperty("walksPerNode") int walksPerNode,
                       @JsonProperty("walkLength") int walkLength, @JsonProperty("startTypes") List<String> startTypes,
                       @JsonProperty("metapaths") List<String> metapaths, @JsonProperty("p") double p,
                       @JsonProperty("q") double q, @JsonProperty("seed") long seed,
                       @JsonProperty("threads") int threads, @JsonProperty("chunkSize") int chunkSize,
                       @JsonProperty("maxChunksInFlight") int maxChunksInFlight) {
        this.kind = kind;
        this.walksPerNode = walksPerNode;
        this.walkLength = walkLength;
        this.startTypes = startTypes == null ? List.of() : List.copyOf(startTypes);
        this.metapaths = metapaths == null ? List.of() : List.copyOf(metapaths);
        this.p = p;
        this.q = q;
        this.seed = seed;
        this.threads = threads;
        this.chunkSize = chunkSize;
        this.maxChunksInFlight = maxChunksInFlight;
        validate();
    }

    private void validate() {
        if (kind == null) {
            throw new IllegalArgumentException("walk kind is missing (uniform, metapath or node2vec)");
        }
        if (walksPerNode < 1) {
            throw new IllegalArgumentException("walksPerNode must be >= 1, got " + walksPerNode);
        }
        if (walkLength < 2) {
            throw new IllegalArgumentException("walkLength must be >= 2 (nodes per walk), got " + walkLength);
        }
        if (!(p > 0) || Double.isInfinite(p)) {
            throw new IllegalArgumentException("node2vec p (return parameter) must be > 0 and finite, got " + p);
        }
        if (!(q > 0) || Double.isInfinite(q)) {
            throw new IllegalArgumentException("node2vec q (in-out parameter) must be > 0 and finite, got " + q);
        }
        if (threads < 1 || chunkSize < 1 || maxChunksInFlight < 1) {
            throw new IllegalArgumentException("threads, chunkSize and maxChunksInFlight must be >= 1");
        }
        if (kind == WalkKind.METAPATH && metapaths.isEmpty()) {
            throw new IllegalArgumentException("metapath walks need at least one metapath, e.g. author-paper-venue-paper-author");
        }
        if (kind != WalkKind.METAPATH && !metapaths.isEmpty()) {
            throw new IllegalArgumentException("metapaths " + metapaths + " given for " + kind.name().toLowerCase()
                    + " walks; use kind metapath");
        }
        if (kind == WalkKind.METAPATH && !startTypes.isEmpty()) {
            throw new IllegalArgumentException("metapath walks start at their first type; do not give start types");
        }
        for (String m : metapaths) {
            Metapath.typeNames(m); // syntax now; types are checked against the graph by WalkGenerator
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().kind(kind).walksPerNode(walksPerNode).walkLength(walkLength).startTypes(startTypes)
                .metapaths(metapaths).p(p).q(q).seed(seed).threads(threads).chunkSize(chunkSize)
                .maxChunksInFlight(maxChunksInFlight);
    }

    @JsonProperty
    public WalkKind kind() {
        return kind;
    }

    @JsonProperty
    public int walksPerNode() {
        return walksPerNode;
    }

    /** Number of nodes in a full walk (a walk ends earlier at a dead end). */
    @JsonProperty
    public int walkLength() {
        return walkLength;
    }

    /** Node types whose nodes start uniform and node2vec walks; empty means every type. */
    @JsonProperty
    public List<String> startTypes() {
        return startTypes;
    }

    @JsonProperty
    public List<String> metapaths() {
        return metapaths;
    }

    @JsonProperty
    public double p() {
        return p;
    }

    @JsonProperty
    public double q() {
        return q;
    }

    @JsonProperty
    public long seed() {
        return seed;
    }

    @JsonProperty
    public int threads() {
        return threads;
    }

    /** Walks per unit of parallel work. */
    @JsonProperty
    public int chunkSize() {
        return chunkSize;
    }

    /** Chunks computed ahead of the consumer at most (bounds memory). */
    @JsonProperty
    public int maxChunksInFlight() {
        return maxChunksInFlight;
    }

    public String toJson() {
        return org.heteroembed.graph.io.ConfigJson.write(this);
    }

    public static WalkConfig fromJson(String json) {
        return org.heteroembed.graph.io.ConfigJson.read(json, WalkConfig.class, "walk config");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WalkConfig c && c.toJson().equals(toJson());
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, walksPerNode, walkLength, startTypes, metapaths, p, q, seed);
    }

    @Override
    public String toString() {
        return "WalkConfig" + toJson();
    }

    /** Builder with the defaults of DeepWalk/node2vec practice: 10 walks of 80 nodes per start node. */
    public static final class Builder {
        private WalkKind kind = WalkKind.UNIFORM;
        private int walksPerNode = 10;
        private int walkLength = 80;
        private List<String> startTypes = List.of();
        private List<String> metapaths = List.of();
        private double p = 1, q = 1;
        private long seed = 42;
        private int threads = Runtime.getRuntime().availableProcessors();
        private int chunkSize = 64;
        private int maxChunksInFlight = -1;

        public Builder kind(WalkKind kind) {
            this.kind = kind;
            return this;
        }

        public Builder walksPerNode(int n) {
            this.walksPerNode = n;
            return this;
        }

        public Builder walkLength(int n) {
            this.walkLength = n;
            return this;
        }

        public Builder startTypes(List<String> types) {
            this.startTypes = types;
            return this;
        }

        public Builder startTypes(String... types) {
            return startTypes(List.of(types));
        }

        /** Sets the metapaths and the kind to {@link WalkKind#METAPATH}. */
        public Builder metapaths(List<String> metapaths) {
            this.metapaths = metapaths;
            if (!metapaths.isEmpty()) {
                this.kind = WalkKind.METAPATH;
            }
            return this;
        }

        public Builder metapaths(String... metapaths) {
            return metapaths(List.of(metapaths));
        }

        /** node2vec return parameter: 1/p weighs stepping back to the previous node. */
        public Builder p(double p) {
            this.p = p;
            return this;
        }

        /** node2vec in-out parameter: 1/q weighs moving away from the previous node. */
        public Builder q(double q) {
            this.q = q;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        public Builder chunkSize(int walks) {
            this.chunkSize = walks;
            return this;
        }

        public Builder maxChunksInFlight(int chunks) {
            this.maxChunksInFlight = chunks;
            return this;
        }

        public WalkConfig build() {
            int inFlight = maxChunksInFlight > 0 ? maxChunksInFlight : 4 * Math.max(1, threads);
            return new WalkConfig(kind, walksPerNode, walkLength, startTypes, metapaths, p, q, seed, threads,
                    chunkSize, inFlight);
        }
    }
}
