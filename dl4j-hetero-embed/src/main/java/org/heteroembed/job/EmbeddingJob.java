package org.heteroembed.job;

import org.heteroembed.config.Setting;
import org.heteroembed.config.SettingException;
import org.heteroembed.config.SettingSection;
import org.heteroembed.config.SettingsJson;
import org.heteroembed.graph.io.GraphInput;
import org.heteroembed.sampling.SkipGramConfig;
import org.heteroembed.spark.SparkConfig;
import org.heteroembed.walk.WalkConfig;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One embedding job, the single description of a run that every entry point builds its work from ({@code train},
 * {@code spark-train}, {@code search}, the Java API): the graph input, the walks, the skip-gram pairs, the model and
 * the training. Each setting is declared once, in its section's class ({@link GraphInput}, {@link WalkConfig},
 * {@link SkipGramConfig}, {@link ModelConfig}, {@link TrainingConfig}), with its default, range and help; this class
 * composes them, reads and writes job files (JSON or YAML, through Jackson) and applies overrides (command-line
 * flags, search candidates).
 *
 * <pre>
 * graph:    {input: graph.yaml, holdout: 0.1}
 * walks:    {metapaths: [user-article-topic-article-user], walksPerNode: 10, walkLength: 80}
 * skipGram: {window: 5, negatives: 5}
 * model:    {dimension: 128}
 * training: {engine: fast, epochs: 2, seed: 42}
 * </pre>
 * Missing sections and settings take their defaults; unknown keys and values out of range are
 * {@link SettingException}s naming the key. Immutable and serializable.
 */
public final class EmbeddingJob implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The sections of a job file, in file order; {@code spark} only in jobs that train on Spark. */
    public static final List<SettingSection<?, ?>> SECTIONS = List.of(GraphInput.SETTINGS, WalkConfig.SETTINGS,
            SkipGramConfig.SETTINGS, ModelConfig.SETTINGS, TrainingConfig.SETTINGS, TablesConfig.SETTINGS,
            SparkConfig.SETTINGS);

    private final GraphInput graph;
    private final WalkConfig walks;
    private final SkipGramConfig skipGram;
    private final ModelConfig model;
    private final TrainingConfig training;
    private final TablesConfig tables;
    private final SparkConfig spark;

    private EmbeddingJob(Builder b) {
        this.graph = Objects.requireNonNull(b.graph, "graph");
        this.training = Objects.requireNonNull(b.training, "training");
        this.model = Objects.requireNonNull(b.model, "model");
        this.tables = Objects.requireNonNull(b.tables, "tables");
        this.spark = b.spark;
        // The seed and threads of walks and pairs are the job's (training.seed, training.threads).
        this.walks = b.walks.toBuilder().seed(training.seed()).threads(training.threadCount()).build();
        this.skipGram = b.skipGram.toBuilder().seed(training.seed()).build();
        TrainingConfig.Engine engine = training.engine();
        if (!model.typeDimensions().isEmpty() && engine != null && engine != TrainingConfig.Engine.FIT
                && model.typeDimensions().values().stream().anyMatch(d -> d != model.dimension())) {
            throw ModelConfig.TYPE_DIMENSIONS.invalid("needs the fit engine (the " + name(engine)
                    + " engine trains tables of one shared width)");
        }
        if (spark != null && (spark.mode() == SparkConfig.Mode.PARTITIONED) != tables.partitioned()) {
            throw tables.partitioned()
                    ? SparkConfig.MODE.invalid("must be partitioned when the tables are (tables.partitions = "
                    + tables.partitions() + "), got " + name(spark.mode()))
                    : TablesConfig.PARTITIONS.invalid("must be set (a multiple of the executors) for Spark's partitioned "
                    + "mode: the tables are split into that many partitions");
        }
        if (tables.partitioned()) {
            if (engine != null && engine != TrainingConfig.Engine.FAST) {
                throw TablesConfig.PARTITIONS.invalid("trains with the fast engine's arithmetic bucket by bucket: "
                        + "leave the engine unset or fast, got " + name(engine));
            }
            if (!model.typeDimensions().isEmpty() && model.typeDimensions().values().stream().anyMatch(d -> d != model.dimension())) {
                throw TablesConfig.PARTITIONS.invalid("needs tables of one shared width (no model.typeDimensions)");
            }
        }
    }

    private static String name(Enum<?> e) {
        return org.heteroembed.config.ValueType.name(e);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().graph(graph).walks(walks).skipGram(skipGram).model(model).training(training).tables(tables)
                .spark(spark);
    }

    /** A job with every setting at its default (a uniform walk over the generated demo graph). */
    public static EmbeddingJob defaults() {
        return builder().build();
    }

    public GraphInput graph() {
        return graph;
    }

    /** The walks, seeded with {@code training.seed} and run on {@code training.threads}. */
    public WalkConfig walks() {
        return walks;
    }

    /** The skip-gram pairs, seeded with {@code training.seed}. */
    public SkipGramConfig skipGram() {
        return skipGram;
    }

    public ModelConfig model() {
        return model;
    }

    public TrainingConfig training() {
        return training;
    }

    /** Where the tables live: in memory, or partitioned on disk. */
    public TablesConfig tables() {
        return tables;
    }

    /** How the job trains on Spark, or null for a job that trains in one process. */
    public SparkConfig spark() {
        return spark;
    }

    /** This job on Spark: with a {@code spark} section (the defaults when it has none). */
    public EmbeddingJob onSpark() {
        return spark != null ? this : toBuilder().spark(SparkConfig.builder().build()).build();
    }

    /**
     * This job with its automatic choices made (walk kind, engine, updater, learning rate), as it will run.
     *
     * @param cudaBackend whether ND4J runs on CUDA (then the default engine is fit)
     */
    public EmbeddingJob resolved(boolean cudaBackend) {
        Builder b = toBuilder().walks(walks.toBuilder().kind(walks.kind()).build());
        if (spark == null) {
            return b.training(training.resolved(cudaBackend)).build();
        }
        // On Spark the mode decides: the fast engine per partition, or DL4J's masters (fit on the executors).
        TrainingConfig.Engine engine = spark.mode() == SparkConfig.Mode.FAST || spark.mode() == SparkConfig.Mode.PARTITIONED
                ? TrainingConfig.Engine.FAST
                : TrainingConfig.Engine.FIT;
        if (training.engine() != null && training.engine() != engine) {
            throw TrainingConfig.ENGINE.invalid("must be " + name(engine) + " (or unset) for Spark's " + name(spark.mode())
                    + " mode, got " + name(training.engine()));
        }
        return b.training(training.toBuilder().engine(engine).build().resolved(false)).build();
    }

    // ------------------------------------------------------------------ settings by key

    /** Every setting of a job, section by section. */
    public static List<Setting<?, ?, ?>> settings() {
        List<Setting<?, ?, ?>> all = new ArrayList<>();
        SECTIONS.forEach(s -> all.addAll(s.settings()));
        return all;
    }

    /**
     * The setting of a key such as {@code training.epochs}.
     *
     * @throws SettingException when there is none
     */
    public static Setting<?, ?, ?> setting(String key) {
        int dot = key.indexOf('.');
        SettingSection<?, ?> section = section(dot < 0 ? key : key.substring(0, dot));
        if (dot < 0) {
            throw new SettingException(key, null, "is a section, not a setting; its settings are " + section.settings());
        }
        return section.find(key.substring(dot + 1)).orElseThrow(() -> {
            // the section's own error, with its "did you mean"
            ObjectNode probe = SettingsJson.mapper().createObjectNode().putNull(key.substring(dot + 1));
            try {
                section.fromTree(probe);
            } catch (SettingException e) {
                return e;
            }
            return new SettingException(key, null, "is not a setting");
        });
    }

    private static SettingSection<?, ?> section(String name) {
        for (SettingSection<?, ?> s : SECTIONS) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        List<String> names = SECTIONS.stream().map(SettingSection::name).toList();
        throw new SettingException(name, null, "is not a section of a job; the sections are " + String.join(", ", names));
    }

    /** The value of a setting in this job. */
    public Object get(String key) {
        return get(setting(key));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public Object get(Setting<?, ?, ?> s) {
        return ((Setting) s).get(sectionValue(s.section()));
    }

    private Object sectionValue(String name) {
        return switch (name) {
            case "graph" -> graph;
            case "walks" -> walks;
            case "skipGram" -> skipGram;
            case "model" -> model;
            case "training" -> training;
            case "tables" -> tables;
            case "spark" -> spark != null ? spark : SparkConfig.builder().build();
            default -> throw new IllegalArgumentException("no section " + name);
        };
    }

    /**
     * This job with some settings replaced (command-line flags, search candidates).
     *
     * @param overrides values by key, e.g. {@code training.epochs -> 3}; null unsets an optional setting
     * @throws SettingException naming the key of an unknown setting or a value it cannot take
     */
    public EmbeddingJob with(Map<String, ?> overrides) {
        Map<String, Map<String, Object>> bySection = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : overrides.entrySet()) {
            Setting<?, ?, ?> s = setting(e.getKey());
            bySection.computeIfAbsent(s.section(), k -> new LinkedHashMap<>()).put(s.name(), e.getValue());
        }
        Builder b = toBuilder();
        for (Map.Entry<String, Map<String, Object>> e : bySection.entrySet()) {
            Map<String, Object> values = e.getValue();
            switch (e.getKey()) {
                case "graph" -> b.graph(GraphInput.SETTINGS.with(graph, values));
                case "walks" -> b.walks(WalkConfig.SETTINGS.with(walks, values));
                case "skipGram" -> b.skipGram(SkipGramConfig.SETTINGS.with(skipGram, values));
                case "model" -> b.model(ModelConfig.SETTINGS.with(model, values));
                case "training" -> b.training(TrainingConfig.SETTINGS.with(training, values));
                case "tables" -> b.tables(TablesConfig.SETTINGS.with(tables, values));
                case "spark" -> b.spark(SparkConfig.SETTINGS.with(spark != null ? spark : SparkConfig.builder().build(), values));
                default -> throw new IllegalStateException(e.getKey());
            }
        }
        return b.build();
    }

    // ------------------------------------------------------------------ files

    /** The job as a JSON tree: every section and setting, unset optional settings as null. */
    public ObjectNode toTree() {
        ObjectNode root = SettingsJson.mapper().createObjectNode();
        root.set(GraphInput.SETTINGS.name(), GraphInput.SETTINGS.toTree(graph));
        root.set(WalkConfig.SETTINGS.name(), WalkConfig.SETTINGS.toTree(walks));
        root.set(SkipGramConfig.SETTINGS.name(), SkipGramConfig.SETTINGS.toTree(skipGram));
        root.set(ModelConfig.SETTINGS.name(), ModelConfig.SETTINGS.toTree(model));
        root.set(TrainingConfig.SETTINGS.name(), TrainingConfig.SETTINGS.toTree(training));
        root.set(TablesConfig.SETTINGS.name(), TablesConfig.SETTINGS.toTree(tables));
        if (spark != null) {
            root.set(SparkConfig.SETTINGS.name(), SparkConfig.SETTINGS.toTree(spark));
        }
        return root;
    }

    public String toJson() {
        return SettingsJson.write(toTree(), false);
    }

    public String toYaml() {
        return SettingsJson.write(toTree(), true);
    }

    /**
     * What defines a run, as compact JSON: every setting that changes the result (not threads, checkpoint
     * interval, time budget, or how the graph file is read: the graph itself is identified by the caller). A
     * resume must have the same identity.
     */
    public String identity() {
        ObjectNode root = toTree();
        for (SettingSection<?, ?> section : SECTIONS) {
            ObjectNode node = (ObjectNode) root.get(section.name());
            if (node == null) {
                continue; // no spark section
            }
            for (Setting<?, ?, ?> s : section.settings()) {
                if (!s.isIdentity()) {
                    node.remove(s.name());
                }
            }
        }
        return root.toString();
    }

    /**
     * Reads a job from a tree; missing sections and settings take their defaults.
     *
     * @throws SettingException naming the key of an unknown section or setting, or a value it cannot take
     */
    public static EmbeddingJob fromTree(JsonNode root) {
        if (!root.isObject()) {
            throw new SettingException("job", null, "must be a map of sections, got " + root);
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            section(it.next());
        }
        return builder().graph(GraphInput.SETTINGS.fromTree(root.get("graph")))
                .walks(WalkConfig.SETTINGS.fromTree(root.get("walks")))
                .skipGram(SkipGramConfig.SETTINGS.fromTree(root.get("skipGram")))
                .model(ModelConfig.SETTINGS.fromTree(root.get("model")))
                .training(TrainingConfig.SETTINGS.fromTree(root.get("training")))
                .tables(TablesConfig.SETTINGS.fromTree(root.get("tables")))
                .spark(root.has("spark") ? SparkConfig.SETTINGS.fromTree(root.get("spark")) : null)
                .build();
    }

    /** Reads a job from JSON or YAML text; {@code source} names it in errors. */
    public static EmbeddingJob parse(String text, boolean yaml, String source) {
        return fromTree(SettingsJson.parse(text, yaml, source));
    }

    public static EmbeddingJob fromJson(String json) {
        return parse(json, false, "job JSON");
    }

    /**
     * Reads a job file ({@code .yaml}/{@code .yml} as YAML, anything else as JSON); a relative graph input is
     * relative to the file.
     *
     * @throws IllegalArgumentException naming the file, and the key or line, of what is wrong
     */
    public static EmbeddingJob fromFile(Path file) throws IOException {
        JsonNode tree = SettingsJson.read(file);
        try {
            EmbeddingJob job = fromTree(tree);
            return job.toBuilder().graph(job.graph.resolvedAgainst(file.toAbsolutePath().getParent())).build();
        } catch (SettingException e) {
            throw new FileSettingException(file.toString(), e);
        }
    }

    /** A setting error in a job file: the message names the file, then the key. */
    public static final class FileSettingException extends SettingException {
        private static final long serialVersionUID = 1L;
        private final String file;

        FileSettingException(String file, SettingException cause) {
            super(cause.key(), cause.flag(), cause.problem());
            this.file = file;
            initCause(cause);
        }

        public String file() {
            return file;
        }

        @Override
        public String getMessage() {
            return inFile(file);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EmbeddingJob j && j.toTree().equals(toTree());
    }

    @Override
    public int hashCode() {
        return toTree().hashCode();
    }

    @Override
    public String toString() {
        return "EmbeddingJob" + toTree().toString();
    }

    public static final class Builder {
        private GraphInput graph = GraphInput.builder().build();
        private WalkConfig walks = WalkConfig.builder().build();
        private SkipGramConfig skipGram = SkipGramConfig.builder().build();
        private ModelConfig model = ModelConfig.builder().build();
        private TrainingConfig training = TrainingConfig.builder().build();
        private TablesConfig tables = TablesConfig.builder().build();
        private SparkConfig spark;

        public Builder graph(GraphInput graph) {
            this.graph = graph;
            return this;
        }

        /** The walks; their seed and threads are replaced by the training's. */
        public Builder walks(WalkConfig walks) {
            this.walks = walks;
            return this;
        }

        /** The skip-gram pairs; their seed is replaced by the training's. */
        public Builder skipGram(SkipGramConfig skipGram) {
            this.skipGram = skipGram;
            return this;
        }

        public Builder model(ModelConfig model) {
            this.model = model;
            return this;
        }

        public Builder training(TrainingConfig training) {
            this.training = training;
            return this;
        }

        /** Where the tables live (default: whole, in memory). */
        public Builder tables(TablesConfig tables) {
            this.tables = tables;
            return this;
        }

        /** How the job trains on Spark; null (default) for one process. */
        public Builder spark(SparkConfig spark) {
            this.spark = spark;
            return this;
        }

        public EmbeddingJob build() {
            return new EmbeddingJob(this);
        }
    }
}
