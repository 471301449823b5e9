package org.heteroembed.search;

import org.heteroembed.config.Setting;
import org.heteroembed.config.SettingException;
import org.heteroembed.config.SettingsJson;
import org.heteroembed.config.ValueType;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.NodeLabels;
import org.heteroembed.job.EmbeddingJob;
import org.heteroembed.walk.Metapath;
import org.heteroembed.walk.WalkConfig;
import org.nd4j.shade.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.heteroembed.search.SearchSettings.*;

/**
 * A search config file (YAML or JSON): the fixed values of every candidate as a job ({@code job:}, the schema of
 * {@code train --config} files), the searched settings by key ({@code space:}), and the search's own sections
 * ({@code search:}, {@code score:}, declared in {@link SearchSettings}). Read by Jackson and the settings'
 * declarations; anything wrong fails before any training, naming the file and the key:
 * {@code grid.yaml: space.skipGram.window: min 5 > max 2}. Immutable.
 *
 * <pre>
 * job:                         # fixed values; paths relative to this file; no graph.input: the generated graph
 *   graph: {demoEdges: 20000}
 *   walks: {walkLength: 40}
 *   training: {engine: fast, threads: 1, maxSeconds: 60}    # maxSeconds: each candidate's time budget
 * space:                       # setting key: a value, a list of choices, or a range {min, max[, scale: log]}
 *   model.dimension: [16, 32, 64]
 *   skipGram.window: {min: 2, max: 6}
 *   training.learningRate: {min: 0.005, max: 0.05, scale: log}
 *   walks.kind: [uniform, metapath, node2vec]
 *   walks.metapaths: [user-article-user, [user-article-user, article-topic-article]]  # a list: walked together
 * search: {generator: random, maxCandidates: 8, threads: 2, onBudget: score}
 * score: {function: link-auc, similarity: cosine, negatives: 10}    # a file graph also needs heldOut: FILE
 * output: search-output/demo   # relative to the working directory; the runner may override it
 * </pre>
 */
public final class SearchConfig {
    private static final List<String> SECTIONS = List.of("job", "space", "search", "score", "output");

    private final String source;
    private final EmbeddingJob job;
    private final EmbeddingJobSpace space;
    private final SectionValues search;
    private final SectionValues score;
    private final Path heldOutFile;
    private final Path outputDir;

    private SearchConfig(String source, EmbeddingJob job, EmbeddingJobSpace space, SectionValues search,
                         SectionValues score, Path heldOutFile, Path outputDir) {
        this.source = source;
        this.job = job;
        this.space = space;
        this.search = search;
        this.score = score;
        this.heldOutFile = heldOutFile;
        this.outputDir = outputDir;
    }

    /**
     * Reads a search config; {@code .yaml}/{@code .yml} files are YAML, anything else JSON.
     *
     * @throws IllegalArgumentException naming the file and the key (or line) of what is wrong
     */
    public static SearchConfig fromFile(Path file) throws IOException {
        return fromTree(SettingsJson.read(file), file.toString(), file.toAbsolutePath().getParent());
    }

    /**
     * Parses a search config from text.
     *
     * @param source  name used in error messages (usually the file)
     * @param baseDir directory that relative paths are resolved against
     */
    public static SearchConfig parse(String text, boolean yaml, String source, Path baseDir) {
        return fromTree(SettingsJson.parse(text, yaml, source), source, baseDir);
    }

    private static SearchConfig fromTree(JsonNode root, String source, Path baseDir) {
        Path base = baseDir == null ? Path.of("").toAbsolutePath() : baseDir;
        try {
            if (!root.isObject()) {
                throw new SettingException("(top level)", null, "must map the sections " + SECTIONS + ", got " + root);
            }
            for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!SECTIONS.contains(name)) {
                    throw new SettingException(name, null, "is not a section of a search config; the sections are "
                            + String.join(", ", SECTIONS));
                }
            }
            EmbeddingJob job = job(root.get("job"), base);
            SectionValues search = SEARCH.fromTree(root.get("search"));
            SectionValues score = SCORE.fromTree(root.get("score"));
            checkApplies(root, search, score);
            Path heldOut = score.get(HELD_OUT) == null ? null : existing(base.resolve(score.get(HELD_OUT)), HELD_OUT.key());
            EmbeddingJobSpace space = SpaceReader.read(job, root.get("space"));
            Path output = root.hasNonNull("output") ? Path.of(root.get("output").asText())
                    : Path.of("search-output", Path.of(source).getFileName().toString().replaceFirst("\\.[^.]*$", ""));
            return new SearchConfig(source, job, space, search, score, heldOut, output);
        } catch (SettingException e) {
            throw new IllegalArgumentException(source + ": " + e.key() + ": " + e.problem(), e);
        }
    }

    /** The job part: a job as in a job file, for one process, drawing no held-out edges of its own. */
    private static EmbeddingJob job(JsonNode node, Path base) {
        EmbeddingJob job;
        try {
            job = EmbeddingJob.fromTree(node == null || node.isNull() ? SettingsJson.mapper().createObjectNode() : node);
        } catch (SettingException e) {
            throw new SettingException(e.key().equals("job") ? "job" : "job." + e.key(), null, e.problem());
        }
        job = job.toBuilder().graph(job.graph().resolvedAgainst(base)).build();
        if (job.spark() != null) {
            throw new SettingException("job.spark", null, "is not for a search: each candidate trains in one process");
        }
        if (job.graph().holdout() > 0) {
            throw new SettingException("job.graph.holdout", null, "must be 0 in a search: the held-out edges are the "
                    + "same for every candidate (the generated graph's, or score.heldOut)");
        }
        if (job.graph().input() != null) {
            existing(job.graph().inputPath(), "job.graph.input");
        }
        return job;
    }

    private static Path existing(Path file, String key) {
        if (!Files.exists(file)) {
            throw new SettingException(key, null, file + " not found");
        }
        return file;
    }

    /** Options of another generator or score function are mistakes, not silently ignored settings. */
    private static void checkApplies(JsonNode root, SectionValues search, SectionValues score) {
        if (search.get(GENERATOR) == Generator.RANDOM && search.get(MAX_CANDIDATES) == null) {
            throw MAX_CANDIDATES.invalid("is required for a random search (how many candidates to try)");
        }
        for (Setting<?, ?, ?> s : List.of(DISCRETIZATION, ORDER)) {
            if (search.get(GENERATOR) != Generator.GRID && root.path("search").has(s.name())) {
                throw s.invalid("is only for a grid search");
            }
        }
        for (Setting<?, ?, ?> s : score.get(FUNCTION).isLink() ? NODE_ONLY : LINK_ONLY) {
            if (root.path("score").has(s.name())) {
                throw s.invalid("does not apply to " + ValueType.name(score.get(FUNCTION)));
            }
        }
    }

    /** A copy writing to another output directory (e.g. from a command-line option). */
    public SearchConfig withOutputDir(Path dir) {
        return new SearchConfig(source, job, space, search, score, heldOutFile, dir);
    }

    /** A copy training {@code threads} candidates at once. */
    public SearchConfig withThreads(int threads) {
        try {
            return new SearchConfig(source, job, space, SEARCH.with(search, Map.of(THREADS.name(), threads)), score,
                    heldOutFile, outputDir);
        } catch (SettingException e) {
            throw error(e.key(), e.problem());
        }
    }

    /**
     * Checks what depends on the graph: the metapaths of the job and of the space, the node type of node-f1, and
     * that link scores have held-out edges.
     *
     * @param heldOutGiven held-out edges come from elsewhere (code, or the generated graph)
     * @throws IllegalArgumentException naming the file and the key
     */
    public void validateAgainst(HeteroGraph graph, boolean heldOutGiven) {
        metapaths(job.walks().metapaths(), graph, "job.walks.metapaths");
        String key = WalkConfig.METAPATHS.key();
        if (space.keys().contains(key)) {
            List<Object> choices = space.probes(key);
            for (int i = 0; i < choices.size(); i++) {
                List<String> paths = space.candidate(Map.of(WalkConfig.KIND.key(), "metapath", key, choices.get(i)))
                        .walks().metapaths();
                metapaths(paths, graph, "space." + key + (choices.size() > 1 ? "[" + i + "]" : ""));
            }
        }
        if (get(FUNCTION) == ScoreKind.NODE_F1) {
            String type = nodeTypeFor(graph);
            int t = graph.schema().nodeType(type);
            if (t < 0) {
                throw error(NODE_TYPE.key(), "'" + type + "' is not a node type of the graph ("
                        + String.join(", ", graph.schema().nodeTypes()) + ")");
            }
            NodeLabels labels = graph.labels(t);
            if (labels == null || labels.numLabelled() < get(FOLDS)) {
                throw error(NODE_TYPE.key(), "'" + type + "' has " + (labels == null ? 0 : labels.numLabelled())
                        + " labelled nodes, node-f1 needs at least " + get(FOLDS) + " (one per fold)");
            }
        }
        if (get(FUNCTION).isLink() && !heldOutGiven && heldOutFile == null) {
            throw error(HELD_OUT.key(), ValueType.name(get(FUNCTION)) + " needs held-out edges: give the file of a "
                    + "graph file's held-out edges (the generated graph brings its own)");
        }
    }

    private void metapaths(List<String> paths, HeteroGraph graph, String key) {
        for (String m : paths) {
            try {
                Metapath.parse(m, graph.schema());
            } catch (IllegalArgumentException e) {
                throw error(key, e.getMessage());
            }
        }
    }

    /** The node type node-f1 classifies: the configured one, or the graph's first type with labels. */
    public String nodeTypeFor(HeteroGraph graph) {
        if (get(NODE_TYPE) != null) {
            return get(NODE_TYPE);
        }
        for (int t = 0; t < graph.numNodeTypes(); t++) {
            NodeLabels l = graph.labels(t);
            if (l != null && l.numLabelled() > 0) {
                return graph.schema().nodeTypeName(t);
            }
        }
        throw error(NODE_TYPE.key(), "the graph has no labelled node type to classify");
    }

    /** An error about this config: {@code file: key: problem}. */
    IllegalArgumentException error(String key, String problem) {
        return new IllegalArgumentException(source + ": " + key + ": " + problem);
    }

    /** Name of the config (its file) in messages. */
    public String source() {
        return source;
    }

    /** The fixed values of every candidate: the base job (relative paths resolved against the config). */
    public EmbeddingJob job() {
        return job;
    }

    public EmbeddingJobSpace space() {
        return space;
    }

    /** A setting of the {@code search} or {@code score} section ({@link SearchSettings}). */
    public <T> T get(Setting<SectionValues, SectionValues.Builder, T> setting) {
        return (setting.section().equals(SEARCH.name()) ? search : score).get(setting);
    }

    /** Candidates trained at once: search.threads, or the cores over each candidate's training.threads. */
    public int threads() {
        Integer t = get(THREADS);
        return t != null ? t : Math.max(1, Runtime.getRuntime().availableProcessors() / job.training().threadCount());
    }

    /** The held-out edge file of link scores on a graph file, or null. */
    public Path heldOutFile() {
        return heldOutFile;
    }

    public Path outputDir() {
        return outputDir;
    }

    @Override
    public String toString() {
        return "SearchConfig{" + source + ", " + search + ", " + score + ", " + space + "}";
    }
}
