package org.heteroembed.graph.io;

import org.heteroembed.config.Setting;
import org.heteroembed.config.SettingSection;
import org.heteroembed.config.ValueType;
import org.heteroembed.graph.DuplicatePolicy;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.SelfLoopPolicy;
import org.heteroembed.graph.generate.PlantedGraph;
import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * Where a job's graph comes from and how to read it: an edge list (TSV/CSV, optionally gzipped), a graph spec
 * (YAML/JSON) or a binary snapshot, with the edge-list layout and load policies; or, without an input, a
 * generated demo graph with planted communities. Also the fraction of edges held out for evaluation. The
 * {@code graph} section of a job file; settings declared once in {@link #SETTINGS}. Immutable.
 *
 * <p>How a graph is read is not part of a run's identity (the graph itself is, by its fingerprint): only the
 * held-out fraction is.
 */
public final class GraphInput implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Edge-list layouts. */
    public enum Layout {
        /** {@code src_type src_id dst_type dst_id [weight] [relation]} */
        TYPED,
        /** {@code src_id dst_id [weight]}, with the types given by srcType and dstType */
        PAIRS
    }

    public static final Setting<GraphInput, Builder, String> INPUT = Setting.of("graph", "input", ValueType.STRING,
                    GraphInput::input, (Builder b, String v) -> b.input(v)).paramLabel("INPUT")
            .optional("a generated demo graph (planted user-article-topic communities)")
            .notIdentity().help("Graph to read: an edge list (TSV/CSV, optionally .gz), a graph spec (.yaml, .yml, .json) or a "
                    + "binary snapshot (detected by content). Relative to the job file.");
    public static final Setting<GraphInput, Builder, Layout> FORMAT = Setting.of("graph", "format",
                    ValueType.of(Layout.class), GraphInput::format, Builder::format)
            .flag("--format").paramLabel("typed|pairs").defaultValue(Layout.TYPED)
            .notIdentity().help("Edge-list layout: 'typed' = src_type src_id dst_type dst_id [weight] [relation]; 'pairs' = "
                    + "src_id dst_id [weight] with --src-type and --dst-type.");
    public static final Setting<GraphInput, Builder, String> DELIMITER = Setting.of("graph", "delimiter",
                    ValueType.STRING, GraphInput::delimiter, Builder::delimiter)
            .flag("--delimiter").paramLabel("DELIMITER").defaultValue("tab").notIdentity().help("tab, comma, space, semicolon, pipe or one character.");
    public static final Setting<GraphInput, Builder, Boolean> HEADER = Setting.of("graph", "header", ValueType.BOOLEAN,
                    GraphInput::header, Builder::header)
            .flag("--header").defaultValue(false).notIdentity().help("The edge list's first line is a header.");
    public static final Setting<GraphInput, Builder, String> SRC_TYPE = Setting.of("graph", "srcType", ValueType.STRING,
                    GraphInput::srcType, Builder::srcType)
            .flag("--src-type").paramLabel("TYPE").optional("from the type column").notIdentity().help("Source node type (pairs format).");
    public static final Setting<GraphInput, Builder, String> DST_TYPE = Setting.of("graph", "dstType", ValueType.STRING,
                    GraphInput::dstType, Builder::dstType)
            .flag("--dst-type").paramLabel("TYPE").optional("from the type column").notIdentity().help("Destination node type (pairs format).");
    public static final Setting<GraphInput, Builder, String> RELATION = Setting.of("graph", "relation",
                    ValueType.STRING, GraphInput::relation, Builder::relation)
            .flag("--relation").paramLabel("RELATION").optional("the relation column, else src_type-dst_type").notIdentity().help("Relation name for every edge.");
    public static final Setting<GraphInput, Builder, Boolean> DIRECTED = Setting.of("graph", "directed",
                    ValueType.BOOLEAN, GraphInput::directed, Builder::directed)
            .flag("--directed").defaultValue(false).notIdentity().help("Store edges from source to destination only (default: both directions).");
    public static final Setting<GraphInput, Builder, Integer> WEIGHT_COLUMN = Setting.of("graph", "weightColumn",
                    ValueType.INT, GraphInput::weightColumn, Builder::weightColumn)
            .flag("--weight-column").paramLabel("N").optional("4 for typed, 2 for pairs, used when present")
            .atLeast(-1).notIdentity().help("0-based weight column (-1: none).");
    public static final Setting<GraphInput, Builder, Boolean> SKIP_BAD_LINES = Setting.of("graph", "skipBadLines",
                    ValueType.BOOLEAN, GraphInput::skipBadLines, Builder::skipBadLines)
            .flag("--skip-bad-lines").defaultValue(false).notIdentity()
            .help("Skip and count malformed lines instead of stopping at the first.");
    public static final Setting<GraphInput, Builder, DuplicatePolicy> DUPLICATES = Setting.of("graph", "duplicates",
                    ValueType.of(DuplicatePolicy.class), GraphInput::duplicates, Builder::duplicates)
            .flag("--duplicates").paramLabel("keep|sum|first").optional("keep, or the graph spec's own setting")
            .notIdentity().help("Repeated edges: keep all, sum their weights, or keep the first.");
    public static final Setting<GraphInput, Builder, SelfLoopPolicy> SELF_LOOPS = Setting.of("graph", "selfLoops",
                    ValueType.of(SelfLoopPolicy.class), GraphInput::selfLoops, Builder::selfLoops)
            .flag("--self-loops").paramLabel("drop|keep").optional("drop, or the graph spec's own setting")
            .notIdentity().help("Edges from a node to itself: drop or keep.");
    public static final Setting<GraphInput, Builder, Long> DEMO_EDGES = Setting.of("graph", "demoEdges", ValueType.LONG,
                    GraphInput::demoEdges, Builder::demoEdges)
            .flag("--demo-edges").paramLabel("N").defaultValue(200_000L).atLeast(1)
            .notIdentity().help("Size of the generated demo graph when there is no input.");
    public static final Setting<GraphInput, Builder, Double> HOLDOUT = Setting.of("graph", "holdout", ValueType.DOUBLE,
                    GraphInput::holdout, Builder::holdout)
            .flag("--holdout").paramLabel("FRACTION").defaultValue(0.0).atLeast(0).lessThan(1)
            .help("Hold out this fraction of each relation's edges for link prediction (never a node's last edge): "
                    + "trains on the rest; 0: no split.");

    public static final Setting<GraphInput, Builder, String> HOLDOUT_NODES = Setting.of("graph", "holdoutNodes",
                    ValueType.STRING, GraphInput::holdoutNodes, Builder::holdoutNodes)
            .flag("--hold-out-nodes").paramLabel("FRACTIONS").optional("none")
            .help("Hold out whole nodes, given as TYPE=FRACTION[,TYPE=FRACTION] (e.g. user=0.1): that fraction of "
                    + "each type's nodes, with all their edges (cold-start nodes for eval --cold-start on the full "
                    + "graph); trains on the rest.");

    /** The {@code graph} section of a job. */
    public static final SettingSection<GraphInput, Builder> SETTINGS = SettingSection.of("graph", Builder::new,
            Builder::build, INPUT, FORMAT, DELIMITER, HEADER, SRC_TYPE, DST_TYPE, RELATION, DIRECTED, WEIGHT_COLUMN,
            SKIP_BAD_LINES, DUPLICATES, SELF_LOOPS, DEMO_EDGES, HOLDOUT, HOLDOUT_NODES);

    private final String input;
    private final Layout format;
    private final String delimiter;
    private final boolean header;
    private final String srcType, dstType, relation;
    private final boolean directed;
    private final Integer weightColumn;
    private final boolean skipBadLines;
    private final DuplicatePolicy duplicates;
    private final SelfLoopPolicy selfLoops;
    private final long demoEdges;
    private final double holdout;
    private final String holdoutNodes;

    private GraphInput(Builder b) {
        this.input = b.input;
        this.format = b.format;
        this.delimiter = b.delimiter;
        this.header = b.header;
        this.srcType = b.srcType;
        this.dstType = b.dstType;
        this.relation = b.relation;
        this.directed = b.directed;
        this.weightColumn = b.weightColumn;
        this.skipBadLines = b.skipBadLines;
        this.duplicates = b.duplicates;
        this.selfLoops = b.selfLoops;
        this.demoEdges = b.demoEdges;
        this.holdout = b.holdout;
        this.holdoutNodes = b.holdoutNodes;
        SETTINGS.check(this);
        if (holdoutNodes != null) {
            holdoutNodeFractions(); // a malformed value fails here, naming the setting
            if (holdout > 0) {
                throw HOLDOUT_NODES.invalid("cannot be combined with --holdout (held-out edges): hold out nodes or edges");
            }
        }
        try {
            EdgeListFormat.parseDelimiter(delimiter);
        } catch (IllegalArgumentException e) {
            throw DELIMITER.invalid("must be tab, comma, space, semicolon, pipe or one character, got '" + delimiter + "'");
        }
        if (format == Layout.PAIRS && (srcType == null || dstType == null)) {
            throw FORMAT.invalid("pairs needs --src-type and --dst-type (graph.srcType and graph.dstType in a job file)");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return SETTINGS.toBuilder(this);
    }

    /** The input file, or null for a generated demo graph. */
    public String input() {
        return input;
    }

    public Path inputPath() {
        return input == null ? null : Path.of(input);
    }

    public Layout format() {
        return format;
    }

    public String delimiter() {
        return delimiter;
    }

    public boolean header() {
        return header;
    }

    public String srcType() {
        return srcType;
    }

    public String dstType() {
        return dstType;
    }

    public String relation() {
        return relation;
    }

    public boolean directed() {
        return directed;
    }

    /** The weight column, or null for the layout's default. */
    public Integer weightColumn() {
        return weightColumn;
    }

    public boolean skipBadLines() {
        return skipBadLines;
    }

    /** The duplicate-edge policy, or null for the loader's (or graph spec's) default. */
    public DuplicatePolicy duplicates() {
        return duplicates;
    }

    /** The self-loop policy, or null for the loader's (or graph spec's) default. */
    public SelfLoopPolicy selfLoops() {
        return selfLoops;
    }

    public long demoEdges() {
        return demoEdges;
    }

    /** Whole nodes to hold out, as written ({@code user=0.1,article=0.1}), or null. */
    public String holdoutNodes() {
        return holdoutNodes;
    }

    /** {@link #holdoutNodes()} parsed: per node type, the fraction of its nodes held out (empty: none). */
    public java.util.Map<String, Double> holdoutNodeFractions() {
        java.util.Map<String, Double> out = new java.util.LinkedHashMap<>();
        if (holdoutNodes == null) {
            return out;
        }
        for (String part : holdoutNodes.split(",")) {
            String[] kv = part.trim().split("=");
            double f;
            try {
                f = kv.length == 2 && !kv[0].isBlank() ? Double.parseDouble(kv[1].trim()) : Double.NaN;
            } catch (NumberFormatException e) {
                f = Double.NaN;
            }
            if (!(f > 0 && f < 1) || out.put(kv[0].trim(), f) != null) {
                throw HOLDOUT_NODES.invalid("must be TYPE=FRACTION[,TYPE=FRACTION] with each type once and each fraction "
                        + "in (0, 1), got '" + holdoutNodes + "'");
            }
        }
        return out;
    }

    public double holdout() {
        return holdout;
    }

    /** This input with a relative path resolved against {@code dir} (a job file's folder). */
    public GraphInput resolvedAgainst(Path dir) {
        if (input == null || dir == null || Path.of(input).isAbsolute()) {
            return this;
        }
        return toBuilder().input(dir.resolve(input).normalize().toString()).build();
    }

    /** The edge-list format these settings describe. */
    public EdgeListFormat edgeListFormat() {
        EdgeListFormat.Builder b = format == Layout.PAIRS ? EdgeListFormat.pairs(srcType, dstType) : EdgeListFormat.typed();
        if (format == Layout.TYPED) {
            if (srcType != null) {
                b.srcType(srcType);
            }
            if (dstType != null) {
                b.dstType(dstType);
            }
        }
        b.delimiter(EdgeListFormat.parseDelimiter(delimiter)).header(header).directed(directed);
        if (relation != null) {
            b.relation(relation);
        }
        if (weightColumn != null) {
            b.weightColumn(weightColumn);
        }
        return b.build();
    }

    /** Bytes of input to read (for progress), 0 for a generated graph. */
    public long inputBytes() throws IOException {
        return input == null ? 0 : GraphLoader.inputBytes(inputPath());
    }

    /**
     * Reads the graph, or generates the demo graph when there is no input.
     *
     * @param progress called with the bytes read so far (may be null)
     * @return the graph and the loader's report (null for a generated graph)
     */
    public Loaded load(LongConsumer progress) throws IOException {
        if (input == null) {
            return new Loaded(demo().graph(), null);
        }
        GraphLoader loader = new GraphLoader(LoadOptions.builder().skipBadLines(skipBadLines).duplicates(duplicates)
                .selfLoops(selfLoops).progress(progress).build());
        HeteroGraph g = loader.load(inputPath(), edgeListFormat());
        return new Loaded(g, loader.report());
    }

    /**
     * The generated demo graph a job without input trains on ({@code demoEdges} edges, planted communities as
     * labels), with the clicks its generator held out (a search scores link prediction on them).
     */
    public PlantedGraph demo() {
        return PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(demoEdges, 42));
    }

    /** A loaded graph and its load report (null when the graph was generated). */
    public record Loaded(HeteroGraph graph, LoadReport report) {
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GraphInput g && SETTINGS.toTree(this).equals(SETTINGS.toTree(g));
    }

    @Override
    public int hashCode() {
        return Objects.hash(input, format, delimiter, srcType, dstType, relation, demoEdges, holdout);
    }

    @Override
    public String toString() {
        return "GraphInput" + SETTINGS.toTree(this);
    }

    public static final class Builder {
        private String input;
        private Layout format;
        private String delimiter;
        private boolean header;
        private String srcType, dstType, relation;
        private boolean directed;
        private Integer weightColumn;
        private boolean skipBadLines;
        private DuplicatePolicy duplicates;
        private SelfLoopPolicy selfLoops;
        private long demoEdges;
        private double holdout;
        private String holdoutNodes;

        public Builder() {
            SETTINGS.applyDefaults(this);
        }

        /** The input file (edge list, graph spec or snapshot); null for the generated demo graph. */
        public Builder input(String file) {
            this.input = file;
            return this;
        }

        public Builder input(Path file) {
            return input(file == null ? null : file.toString());
        }

        public Builder format(Layout layout) {
            this.format = layout;
            return this;
        }

        public Builder delimiter(String delimiter) {
            this.delimiter = delimiter;
            return this;
        }

        public Builder header(boolean header) {
            this.header = header;
            return this;
        }

        public Builder srcType(String type) {
            this.srcType = type;
            return this;
        }

        public Builder dstType(String type) {
            this.dstType = type;
            return this;
        }

        public Builder relation(String relation) {
            this.relation = relation;
            return this;
        }

        public Builder directed(boolean directed) {
            this.directed = directed;
            return this;
        }

        public Builder weightColumn(Integer column) {
            this.weightColumn = column;
            return this;
        }

        public Builder skipBadLines(boolean skip) {
            this.skipBadLines = skip;
            return this;
        }

        public Builder duplicates(DuplicatePolicy policy) {
            this.duplicates = policy;
            return this;
        }

        public Builder selfLoops(SelfLoopPolicy policy) {
            this.selfLoops = policy;
            return this;
        }

        public Builder demoEdges(long edges) {
            this.demoEdges = edges;
            return this;
        }

        public Builder holdoutNodes(String spec) {
            this.holdoutNodes = spec;
            return this;
        }

        public Builder holdout(double fraction) {
            this.holdout = fraction;
            return this;
        }

        public GraphInput build() {
            return new GraphInput(this);
        }
    }
}
