package org.heteroembed.walk;

import org.heteroembed.config.Setting;
import org.heteroembed.config.SettingSection;
import org.heteroembed.config.ValueType;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * How to walk a graph: kind, walks per start node, length, start types, metapaths, node2vec's p and q, seed,
 * and threads. Immutable, built with {@link #builder()} in DL4J's style, validated when built (and against a
 * graph by {@link WalkGenerator}). The walk settings are declared once, in {@link #SETTINGS} (the {@code walks}
 * section of a job file, with their defaults, ranges, flags and help); the seed and threads come from the job's
 * training settings.
 *
 * <p>The walks depend only on the graph, kind, walks per node, length, start types, metapaths, p, q and seed:
 * {@code threads}, {@code chunkSize} and {@code maxChunksInFlight} change speed and memory, never the output.
 */
public final class WalkConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final Setting<WalkConfig, Builder, WalkKind> KIND = Setting.of("walks", "kind",
                    ValueType.of(WalkKind.class), WalkConfig::declaredKind, Builder::kind)
            .flag("--kind").paramLabel("uniform|metapath|node2vec")
            .optional("metapath when metapaths are given, else uniform").help("Walk kind.");
    public static final Setting<WalkConfig, Builder, Integer> WALKS_PER_NODE = Setting.of("walks", "walksPerNode",
                    ValueType.INT, WalkConfig::walksPerNode, Builder::walksPerNode)
            .flag("--walks-per-node").paramLabel("N").defaultValue(10).atLeast(1).help("Walks started at each start node.");
    public static final Setting<WalkConfig, Builder, Integer> WALK_LENGTH = Setting.of("walks", "walkLength",
                    ValueType.INT, WalkConfig::walkLength, Builder::walkLength)
            .flag("--walk-length").paramLabel("N").defaultValue(80).atLeast(2).help("Nodes per walk.");
    public static final Setting<WalkConfig, Builder, List<String>> START_TYPES = Setting.of("walks", "startTypes",
                    ValueType.STRING_LIST, WalkConfig::startTypes, (Builder b, List<String> v) -> b.startTypes(v))
            .flag("--start-type").paramLabel("TYPE").defaultValue(List.of())
            .help("Start uniform/node2vec walks only at nodes of these types (repeat the flag); empty: all types.");
    public static final Setting<WalkConfig, Builder, List<String>> METAPATHS = Setting.of("walks", "metapaths",
                    ValueType.STRING_LIST, WalkConfig::metapaths, (Builder b, List<String> v) -> b.metapaths(v))
            .flag("--metapath").paramLabel("METAPATH").defaultValue(List.of())
            .help("Metapaths, e.g. author-paper-venue-paper-author; several are walked together (repeat the flag).");
    public static final Setting<WalkConfig, Builder, Double> P = Setting.of("walks", "p", ValueType.DOUBLE,
                    WalkConfig::p, Builder::p)
            .flag("--p").paramLabel("P").defaultValue(1.0).greaterThan(0).help("node2vec return parameter: 1/p weighs stepping back.");
    public static final Setting<WalkConfig, Builder, Double> Q = Setting.of("walks", "q", ValueType.DOUBLE,
                    WalkConfig::q, Builder::q)
            .flag("--q").paramLabel("Q").defaultValue(1.0).greaterThan(0).help("node2vec in-out parameter: 1/q weighs moving away.");

    /** The {@code walks} section of a job. */
    public static final SettingSection<WalkConfig, Builder> SETTINGS = SettingSection.of("walks", Builder::new,
            Builder::build, KIND, WALKS_PER_NODE, WALK_LENGTH, START_TYPES, METAPATHS, P, Q);

    private final WalkKind declaredKind;
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

    private WalkConfig(Builder b) {
        this.startTypes = b.startTypes == null ? List.of() : List.copyOf(b.startTypes);
        this.metapaths = b.metapaths == null ? List.of() : List.copyOf(b.metapaths);
        this.declaredKind = b.kind;
        this.kind = b.kind != null ? b.kind : metapaths.isEmpty() ? WalkKind.UNIFORM : WalkKind.METAPATH;
        this.walksPerNode = b.walksPerNode;
        this.walkLength = b.walkLength;
        this.p = b.p;
        this.q = b.q;
        this.seed = b.seed;
        this.threads = b.threads;
        this.chunkSize = b.chunkSize;
        this.maxChunksInFlight = b.maxChunksInFlight > 0 ? b.maxChunksInFlight : 4 * Math.max(1, b.threads);
        SETTINGS.check(this);
        if (threads < 1 || chunkSize < 1) {
            throw new IllegalArgumentException("threads and chunkSize must be >= 1, got " + threads + " and " + chunkSize);
        }
        if (kind == WalkKind.METAPATH && metapaths.isEmpty()) {
            throw METAPATHS.invalid("must name at least one metapath for metapath walks, e.g. author-paper-venue-paper-author");
        }
        if (kind != WalkKind.METAPATH && !metapaths.isEmpty()) {
            throw METAPATHS.invalid("are only for metapath walks, not " + ValueType.name(kind) + " walks");
        }
        if (kind == WalkKind.METAPATH && !startTypes.isEmpty()) {
            throw START_TYPES.invalid("must be empty for metapath walks: they start at their metapath's first type");
        }
        for (String m : metapaths) {
            Metapath.typeNames(m); // syntax now; types are checked against the graph by WalkGenerator
        }
    }

    /** The walk kind (when none was given: metapath with metapaths, else uniform). */
    public WalkKind kind() {
        return kind;
    }

    /** The kind as given, null when it was left to follow from the metapaths. */
    public WalkKind declaredKind() {
        return declaredKind;
    }

    public int walksPerNode() {
        return walksPerNode;
    }

    /** Number of nodes in a full walk (a walk ends earlier at a dead end). */
    public int walkLength() {
        return walkLength;
    }

    /** Node types whose nodes start uniform and node2vec walks; empty means every type. */
    public List<String> startTypes() {
        return startTypes;
    }

    public List<String> metapaths() {
        return metapaths;
    }

    public double p() {
        return p;
    }

    public double q() {
        return q;
    }

    public long seed() {
        return seed;
    }

    public int threads() {
        return threads;
    }

    /** Walks per unit of parallel work. */
    public int chunkSize() {
        return chunkSize;
    }

    /** Chunks computed ahead of the consumer at most (bounds memory). */
    public int maxChunksInFlight() {
        return maxChunksInFlight;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return SETTINGS.toBuilder(this).seed(seed).threads(threads).chunkSize(chunkSize)
                .maxChunksInFlight(maxChunksInFlight);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WalkConfig c && kind == c.kind && walksPerNode == c.walksPerNode
                && walkLength == c.walkLength && startTypes.equals(c.startTypes) && metapaths.equals(c.metapaths)
                && p == c.p && q == c.q && seed == c.seed && threads == c.threads && chunkSize == c.chunkSize
                && maxChunksInFlight == c.maxChunksInFlight;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, walksPerNode, walkLength, startTypes, metapaths, p, q, seed);
    }

    @Override
    public String toString() {
        return "WalkConfig" + SETTINGS.toTree(this).put("seed", seed).put("threads", threads).toString();
    }

    /** Builder with the defaults of DeepWalk/node2vec practice: 10 walks of 80 nodes per start node. */
    public static final class Builder {
        private WalkKind kind;
        private int walksPerNode;
        private int walkLength;
        private List<String> startTypes;
        private List<String> metapaths;
        private double p, q;
        private long seed = 42;
        private int threads = Runtime.getRuntime().availableProcessors();
        private int chunkSize = 64;
        private int maxChunksInFlight = -1;

        public Builder() {
            SETTINGS.applyDefaults(this);
        }

        /** The walk kind; unset (null), it is metapath when metapaths are given, else uniform. */
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

        public Builder metapaths(List<String> metapaths) {
            this.metapaths = metapaths;
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
            return new WalkConfig(this);
        }
    }
}
