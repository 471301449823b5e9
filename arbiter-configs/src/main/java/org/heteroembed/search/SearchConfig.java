package org.heteroembed.search;

import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.distribution.LogUniformDistribution;
import org.deeplearning4j.arbiter.optimize.generator.GridSearchCandidateGenerator;
import org.deeplearning4j.arbiter.optimize.parameter.FixedValue;
import org.deeplearning4j.arbiter.optimize.parameter.continuous.ContinuousParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.integer.IntegerParameterSpace;
import org.heteroembed.eval.Similarity;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.NodeLabels;
import org.heteroembed.walk.Metapath;
import org.heteroembed.walk.WalkKind;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A search described by a small YAML or JSON file of our own: the graph, the candidate generator (random or
 * grid), the score function, the per-candidate time budget, the trainer and the parameter ranges. Parsed and
 * checked entry by entry, so a wrong entry fails before any training with an {@link IllegalArgumentException}
 * that names the file and the key, e.g. {@code grid.yaml: space.window: min 5 > max 2}. Immutable.
 *
 * <pre>
 * graph:                       # one of:
 *   planted: {edges: 20000, seed: 7}      #   a generated planted-community graph (held-out clicks included)
 *   # file: data/graph.yaml              #   a graph spec, edge list or snapshot (relative to this file)
 *   # heldOut: data/heldout.tsv          #   held-out edges for link scores: src_type src_id dst_type dst_id
 * search:
 *   generator: random          # random | grid
 *   maxCandidates: 8           # random: required; grid: at most this many grid points (default: all)
 *   discretization: 3          # grid: values per continuous range (and at most per integer range)
 *   order: sequential          # grid: sequential | random
 *   seed: 42                   # candidate generation
 *   threads: 2                 # candidates trained at once (default: cores / training.threads)
 *   budgetSeconds: 60          # per candidate; 0 = none
 *   onBudget: score            # score: stop and score what was trained | fail: mark the candidate failed
 *   maxSeconds: 0              # whole search; 0 = none (running candidates finish)
 * training:
 *   engine: fast               # fast (FastSkipGramEngine) | fit (DL4J ComputationGraph.fit)
 *   threads: 1                 # walker/trainer threads per candidate
 *   batchSize: 1024            # fit only: pairs per batch
 *   updater: adam              # fit only: adam | sgd, with the candidate's learning rate
 *   seed: 42                   # walks, negatives and initialisation: the same for every candidate
 * score:
 *   function: link-auc         # link-auc | link-mrr | node-f1
 *   similarity: cosine         # link: dot | cosine
 *   negatives: 10              # link: type-consistent negatives per held-out edge
 *   maxEdges: 2000             # link: held-out edges used (a seeded sample); 0 = all
 *   nodeType: user             # node-f1: labelled type (default: the first labelled type)
 *   folds: 5                   # node-f1: splits, each training on (folds-1)/folds of the nodes
 *   maxNodes: 2000             # node-f1: labelled nodes used; 0 = all
 *   seed: 1                    # sampling of edges, negatives, nodes and splits
 * space:                       # a value (fixed), a list (choices) or a range {min, max, scale: linear|log}
 *   embeddingSize: [32, 64]
 *   window: {min: 2, max: 6}
 *   learningRate: {min: 0.005, max: 0.05, scale: log}
 *   walkKind: [uniform, metapath, node2vec]
 *   p: {min: 0.25, max: 4, scale: log}
 *   metapaths: [user-article-user, [user-article-user, article-topic-article]]   # a list = walked together
 * output: search-output/demo   # relative to the working directory; the runner may override it
 * </pre>
 * Parameters not in {@code space} keep {@link EmbeddingJobConfig.Builder}'s defaults. Integer parameters take
 * integer ranges; {@code scale: log} is for continuous ones.
 */
public final class SearchConfig {
    /** Candidate generators. */
    public enum Generator {
        RANDOM, GRID
    }

    /** Score functions, by their config names. */
    public enum ScoreKind {
        LINK_AUC("link-auc"), LINK_MRR("link-mrr"), NODE_F1("node-f1");

        private final String configName;

        ScoreKind(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        public boolean isLink() {
            return this != NODE_F1;
        }
    }

    private static final List<String> ROOT_KEYS = List.of("graph", "search", "training", "score", "space", "output");
    private static final List<String> GRAPH_KEYS = List.of("planted", "file", "heldOut");
    private static final List<String> PLANTED_KEYS = List.of("edges", "seed");
    private static final List<String> SEARCH_KEYS = List.of("generator", "maxCandidates", "discretization", "order",
            "seed", "threads", "budgetSeconds", "onBudget", "maxSeconds");
    private static final List<String> TRAINING_KEYS = List.of("engine", "threads", "batchSize", "updater", "seed");
    private static final List<String> SCORE_KEYS = List.of("function", "similarity", "negatives", "maxEdges",
            "nodeType", "folds", "maxNodes", "seed");
    private static final List<String> LINK_ONLY = List.of("similarity", "negatives", "maxEdges");
    private static final List<String> NODE_ONLY = List.of("nodeType", "folds", "maxNodes");

    private final String source;
    private final Path baseDir;
    // graph
    private final long plantedEdges;
    private final long plantedSeed;
    private final Path graphFile;
    private final Path heldOutFile;
    // search
    private final Generator generator;
    private final int maxCandidates;
    private final int discretization;
    private final GridSearchCandidateGenerator.Mode gridOrder;
    private final long searchSeed;
    private final int threads;
    private final Duration budget;
    private final BudgetPolicy onBudget;
    private final Duration maxTime;
    // training
    private final TrainingEngine engine;
    private final int threadsPerCandidate;
    private final int fitBatchSize;
    private final EmbeddingTaskCreator.FitUpdater fitUpdater;
    // score
    private final ScoreKind scoreKind;
    private final Similarity similarity;
    private final int scoreNegatives;
    private final int maxEdges;
    private final String nodeType;
    private final int folds;
    private final int maxNodes;
    private final long scoreSeed;
    // space
    private final EmbeddingJobSpace space;
    private final List<String> metapathChoices;
    private final Path outputDir;

    private SearchConfig(Parser p) {
        this.source = p.source;
        this.baseDir = p.baseDir;
        this.plantedEdges = p.plantedEdges;
        this.plantedSeed = p.plantedSeed;
        this.graphFile = p.graphFile;
        this.heldOutFile = p.heldOutFile;
        this.generator = p.generator;
        this.maxCandidates = p.maxCandidates;
        this.discretization = p.discretization;
        this.gridOrder = p.gridOrder;
        this.searchSeed = p.searchSeed;
        this.threads = p.threads;
        this.budget = p.budget;
        this.onBudget = p.onBudget;
        this.maxTime = p.maxTime;
        this.engine = p.engine;
        this.threadsPerCandidate = p.threadsPerCandidate;
        this.fitBatchSize = p.fitBatchSize;
        this.fitUpdater = p.fitUpdater;
        this.scoreKind = p.scoreKind;
        this.similarity = p.similarity;
        this.scoreNegatives = p.scoreNegatives;
        this.maxEdges = p.maxEdges;
        this.nodeType = p.nodeType;
        this.folds = p.folds;
        this.maxNodes = p.maxNodes;
        this.scoreSeed = p.scoreSeed;
        this.space = p.space;
        this.metapathChoices = List.copyOf(p.metapathChoices);
        this.outputDir = p.outputDir;
    }

    /**
     * Reads a search config; {@code .yaml}/{@code .yml} files are YAML, anything else JSON.
     *
     * @throws IllegalArgumentException naming the file and the offending key
     */
    public static SearchConfig fromFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": search config not found");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
        Path base = file.toAbsolutePath().getParent();
        return parse(Files.readString(file), yaml, file.toString(), base);
    }

    /**
     * Parses a search config from text.
     *
     * @param source  name used in error messages (usually the file)
     * @param baseDir directory that relative graph paths are resolved against
     */
    public static SearchConfig parse(String text, boolean yaml, String source, Path baseDir) {
        ObjectMapper mapper = yaml ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper();
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr();
            throw new IllegalArgumentException(source + where + ": not valid " + (yaml ? "YAML" : "JSON") + ": "
                    + e.getOriginalMessage(), e);
        }
        return new SearchConfig(new Parser(source, baseDir).parse(root));
    }

    /** A copy writing to another output directory (e.g. from a command-line option). */
    public SearchConfig withOutputDir(Path dir) {
        Parser p = Parser.copyOf(this);
        p.outputDir = dir;
        return new SearchConfig(p);
    }

    /** A copy training {@code threads} candidates at once. */
    public SearchConfig withThreads(int threads) {
        Parser p = Parser.copyOf(this);
        if (threads < 1) {
            throw p.error("search.threads", "must be >= 1, got " + threads);
        }
        p.threads = threads;
        return new SearchConfig(p);
    }

    /**
     * Checks the entries that depend on the graph: every metapath's types and steps, the node type of
     * node-f1, and that link scores have held-out edges.
     *
     * @throws IllegalArgumentException naming the file and the key
     */
    public void validateAgainst(HeteroGraph graph) {
        validateAgainst(graph, false);
    }

    /** As {@link #validateAgainst(HeteroGraph)}; {@code heldOutGiven}: held-out edges come from elsewhere (code). */
    void validateAgainst(HeteroGraph graph, boolean heldOutGiven) {
        for (int i = 0; i < metapathChoices.size(); i++) {
            for (String m : EmbeddingJobSpace.splitMetapaths(metapathChoices.get(i))) {
                try {
                    Metapath.parse(m, graph.schema());
                } catch (IllegalArgumentException e) {
                    throw error("space.metapaths" + (metapathChoices.size() > 1 ? "[" + i + "]" : ""), e.getMessage());
                }
            }
        }
        if (scoreKind == ScoreKind.NODE_F1) {
            String type = nodeTypeFor(graph);
            int t = graph.schema().nodeType(type);
            if (t < 0) {
                throw error("score.nodeType", "'" + type + "' is not a node type of the graph ("
                        + String.join(", ", graph.schema().nodeTypes()) + ")");
            }
            NodeLabels labels = graph.labels(t);
            if (labels == null || labels.numLabelled() < folds) {
                throw error("score.nodeType", "'" + type + "' has " + (labels == null ? 0 : labels.numLabelled())
                        + " labelled nodes, node-f1 needs at least " + folds + " (one per fold)");
            }
        }
        if (scoreKind.isLink() && !heldOutGiven && plantedEdges == 0 && heldOutFile == null) {
            throw error("graph.heldOut", "score " + scoreKind.configName() + " needs held-out edges: give graph.heldOut");
        }
    }

    /** The node type node-f1 classifies: the configured one, or the graph's first type with labels. */
    public String nodeTypeFor(HeteroGraph graph) {
        if (nodeType != null) {
            return nodeType;
        }
        for (int t = 0; t < graph.numNodeTypes(); t++) {
            NodeLabels l = graph.labels(t);
            if (l != null && l.numLabelled() > 0) {
                return graph.schema().nodeTypeName(t);
            }
        }
        throw error("score.nodeType", "the graph has no labelled node type to classify");
    }

    IllegalArgumentException error(String key, String message) {
        return new IllegalArgumentException(source + ": " + key + ": " + message);
    }

    /** Name of the config (its file) in messages. */
    public String source() {
        return source;
    }

    /** Edges of the planted graph to generate, or 0 when the graph is a file. */
    public long plantedEdges() {
        return plantedEdges;
    }

    public long plantedSeed() {
        return plantedSeed;
    }

    /** The graph file (spec, edge list or snapshot), or null for a planted graph. */
    public Path graphFile() {
        return graphFile;
    }

    /** The held-out edge file, or null. */
    public Path heldOutFile() {
        return heldOutFile;
    }

    public Generator generator() {
        return generator;
    }

    /** Random search: candidates to try; grid: the cap on grid points (0: the whole grid). */
    public int maxCandidates() {
        return maxCandidates;
    }

    public int discretization() {
        return discretization;
    }

    public GridSearchCandidateGenerator.Mode gridOrder() {
        return gridOrder;
    }

    public long searchSeed() {
        return searchSeed;
    }

    /** Candidates trained at once. */
    public int threads() {
        return threads;
    }

    /** Per candidate; zero for none. */
    public Duration budget() {
        return budget;
    }

    public BudgetPolicy onBudget() {
        return onBudget;
    }

    /** For the whole search; zero for none. */
    public Duration maxTime() {
        return maxTime;
    }

    public TrainingEngine engine() {
        return engine;
    }

    public int threadsPerCandidate() {
        return threadsPerCandidate;
    }

    public int fitBatchSize() {
        return fitBatchSize;
    }

    public EmbeddingTaskCreator.FitUpdater fitUpdater() {
        return fitUpdater;
    }

    public ScoreKind scoreKind() {
        return scoreKind;
    }

    public Similarity similarity() {
        return similarity;
    }

    public int scoreNegatives() {
        return scoreNegatives;
    }

    public int maxEdges() {
        return maxEdges;
    }

    /** The configured node type of node-f1, or null for the first labelled one. */
    public String nodeType() {
        return nodeType;
    }

    public int folds() {
        return folds;
    }

    public int maxNodes() {
        return maxNodes;
    }

    public long scoreSeed() {
        return scoreSeed;
    }

    public EmbeddingJobSpace space() {
        return space;
    }

    /** The metapath choices of the space, each one metapath or several joined by {@code " + "}. */
    public List<String> metapathChoices() {
        return metapathChoices;
    }

    public Path outputDir() {
        return outputDir;
    }

    @Override
    public String toString() {
        return "SearchConfig{" + source + ", " + generator.name().toLowerCase(Locale.ROOT) + ", "
                + scoreKind.configName() + ", " + space + "}";
    }

    /** Reads the tree entry by entry; every error names the key. */
    private static final class Parser {
        private final String source;
        private final Path baseDir;
        long plantedEdges;
        long plantedSeed = 42;
        Path graphFile;
        Path heldOutFile;
        Generator generator;
        int maxCandidates;
        int discretization = 3;
        GridSearchCandidateGenerator.Mode gridOrder = GridSearchCandidateGenerator.Mode.Sequential;
        long searchSeed = 42;
        int threads;
        Duration budget = Duration.ZERO;
        BudgetPolicy onBudget = BudgetPolicy.SCORE;
        Duration maxTime = Duration.ZERO;
        TrainingEngine engine = TrainingEngine.FAST;
        int threadsPerCandidate = 1;
        int fitBatchSize = 1024;
        EmbeddingTaskCreator.FitUpdater fitUpdater = EmbeddingTaskCreator.FitUpdater.ADAM;
        ScoreKind scoreKind;
        Similarity similarity = Similarity.COSINE;
        int scoreNegatives = 10;
        int maxEdges = 2000;
        String nodeType;
        int folds = 5;
        int maxNodes = 2000;
        long scoreSeed = 1;
        EmbeddingJobSpace space;
        List<String> metapathChoices = new ArrayList<>();
        Path outputDir;
        long trainingSeed = 42;

        Parser(String source, Path baseDir) {
            this.source = source;
            this.baseDir = baseDir == null ? Path.of("") : baseDir;
        }

        static Parser copyOf(SearchConfig c) {
            Parser p = new Parser(c.source, c.baseDir);
            p.plantedEdges = c.plantedEdges;
            p.plantedSeed = c.plantedSeed;
            p.graphFile = c.graphFile;
            p.heldOutFile = c.heldOutFile;
            p.generator = c.generator;
            p.maxCandidates = c.maxCandidates;
            p.discretization = c.discretization;
            p.gridOrder = c.gridOrder;
            p.searchSeed = c.searchSeed;
            p.threads = c.threads;
            p.budget = c.budget;
            p.onBudget = c.onBudget;
            p.maxTime = c.maxTime;
            p.engine = c.engine;
            p.threadsPerCandidate = c.threadsPerCandidate;
            p.fitBatchSize = c.fitBatchSize;
            p.fitUpdater = c.fitUpdater;
            p.scoreKind = c.scoreKind;
            p.similarity = c.similarity;
            p.scoreNegatives = c.scoreNegatives;
            p.maxEdges = c.maxEdges;
            p.nodeType = c.nodeType;
            p.folds = c.folds;
            p.maxNodes = c.maxNodes;
            p.scoreSeed = c.scoreSeed;
            p.space = c.space;
            p.metapathChoices = new ArrayList<>(c.metapathChoices);
            p.outputDir = c.outputDir;
            return p;
        }

        IllegalArgumentException error(String key, String message) {
            return new IllegalArgumentException(source + ": " + key + ": " + message);
        }

        Parser parse(JsonNode root) {
            if (root == null || root.isMissingNode() || root.isNull()) {
                throw new IllegalArgumentException(source + ": empty search config");
            }
            object(root, "(top level)", ROOT_KEYS);
            graph(required(root, "graph", ""));
            // training before search: the default thread count depends on threads per candidate
            JsonNode training = root.get("training");
            if (training != null) {
                training(training);
            }
            search(required(root, "search", ""));
            score(required(root, "score", ""));
            space(root.get("space"));
            JsonNode out = root.get("output");
            if (out != null) {
                outputDir = Path.of(text(out, "output"));
            } else {
                String name = Path.of(source).getFileName().toString().replaceFirst("\\.[^.]*$", "");
                outputDir = Path.of("search-output", name);
            }
            return this;
        }

        // ------------------------------------------------------------------ sections

        void graph(JsonNode g) {
            object(g, "graph", GRAPH_KEYS);
            JsonNode planted = g.get("planted");
            JsonNode file = g.get("file");
            if ((planted == null) == (file == null)) {
                throw error("graph", "give exactly one of 'planted' (a generated graph) and 'file'");
            }
            if (planted != null) {
                object(planted, "graph.planted", PLANTED_KEYS);
                plantedEdges = integer(required(planted, "edges", "graph.planted"), "graph.planted.edges", 1, Long.MAX_VALUE);
                JsonNode seed = planted.get("seed");
                plantedSeed = seed == null ? 42 : integer(seed, "graph.planted.seed", Long.MIN_VALUE, Long.MAX_VALUE);
            } else {
                graphFile = baseDir.resolve(text(file, "graph.file"));
                if (!Files.exists(graphFile)) {
                    throw error("graph.file", graphFile + " not found");
                }
            }
            JsonNode held = g.get("heldOut");
            if (held != null) {
                if (planted != null) {
                    throw error("graph.heldOut", "a planted graph brings its own held-out edges");
                }
                heldOutFile = baseDir.resolve(text(held, "graph.heldOut"));
                if (!Files.isRegularFile(heldOutFile)) {
                    throw error("graph.heldOut", heldOutFile + " not found");
                }
            }
        }

        void search(JsonNode s) {
            object(s, "search", SEARCH_KEYS);
            String gen = text(required(s, "generator", "search"), "search.generator").toLowerCase(Locale.ROOT);
            generator = switch (gen) {
                case "random" -> Generator.RANDOM;
                case "grid" -> Generator.GRID;
                default -> throw error("search.generator", "'" + gen + "' is not one of random, grid");
            };
            JsonNode max = s.get("maxCandidates");
            if (max != null) {
                maxCandidates = (int) integer(max, "search.maxCandidates", 1, Integer.MAX_VALUE);
            } else if (generator == Generator.RANDOM) {
                throw error("search.maxCandidates", "required for random search (how many candidates to try)");
            }
            JsonNode disc = s.get("discretization");
            if (disc != null) {
                if (generator != Generator.GRID) {
                    throw error("search.discretization", "only for grid search");
                }
                discretization = (int) integer(disc, "search.discretization", 2, 1000);
            }
            JsonNode order = s.get("order");
            if (order != null) {
                if (generator != Generator.GRID) {
                    throw error("search.order", "only for grid search");
                }
                String o = text(order, "search.order").toLowerCase(Locale.ROOT);
                gridOrder = switch (o) {
                    case "sequential" -> GridSearchCandidateGenerator.Mode.Sequential;
                    case "random" -> GridSearchCandidateGenerator.Mode.RandomOrder;
                    default -> throw error("search.order", "'" + o + "' is not one of sequential, random");
                };
            }
            JsonNode seed = s.get("seed");
            if (seed != null) {
                searchSeed = integer(seed, "search.seed", Long.MIN_VALUE, Long.MAX_VALUE);
            }
            JsonNode th = s.get("threads");
            threads = th != null ? (int) integer(th, "search.threads", 1, 4096)
                    : Math.max(1, Runtime.getRuntime().availableProcessors() / threadsPerCandidate);
            JsonNode b = s.get("budgetSeconds");
            if (b != null) {
                budget = seconds(b, "search.budgetSeconds");
            }
            JsonNode ob = s.get("onBudget");
            if (ob != null) {
                try {
                    onBudget = BudgetPolicy.parse(text(ob, "search.onBudget"));
                } catch (IllegalArgumentException e) {
                    throw error("search.onBudget", e.getMessage());
                }
            }
            JsonNode mt = s.get("maxSeconds");
            if (mt != null) {
                maxTime = seconds(mt, "search.maxSeconds");
            }
        }

        void training(JsonNode t) {
            object(t, "training", TRAINING_KEYS);
            JsonNode e = t.get("engine");
            if (e != null) {
                try {
                    engine = TrainingEngine.parse(text(e, "training.engine"));
                } catch (IllegalArgumentException ex) {
                    throw error("training.engine", ex.getMessage());
                }
            }
            JsonNode th = t.get("threads");
            if (th != null) {
                threadsPerCandidate = (int) integer(th, "training.threads", 1, 4096);
            }
            JsonNode bs = t.get("batchSize");
            if (bs != null) {
                if (engine != TrainingEngine.FIT) {
                    throw error("training.batchSize", "only for engine fit");
                }
                fitBatchSize = (int) integer(bs, "training.batchSize", 1, Integer.MAX_VALUE);
            }
            JsonNode up = t.get("updater");
            if (up != null) {
                if (engine != TrainingEngine.FIT) {
                    throw error("training.updater", "only for engine fit (the fast engine has its own SGD)");
                }
                try {
                    fitUpdater = EmbeddingTaskCreator.FitUpdater.parse(text(up, "training.updater"));
                } catch (IllegalArgumentException ex) {
                    throw error("training.updater", ex.getMessage());
                }
            }
            JsonNode seed = t.get("seed");
            if (seed != null) {
                trainingSeed = integer(seed, "training.seed", Long.MIN_VALUE, Long.MAX_VALUE);
            }
        }

        void score(JsonNode s) {
            object(s, "score", SCORE_KEYS);
            String f = text(required(s, "function", "score"), "score.function").toLowerCase(Locale.ROOT);
            for (ScoreKind k : ScoreKind.values()) {
                if (k.configName().equals(f)) {
                    scoreKind = k;
                }
            }
            if (scoreKind == null) {
                throw error("score.function", "'" + f + "' is not one of link-auc, link-mrr, node-f1");
            }
            for (String key : scoreKind.isLink() ? NODE_ONLY : LINK_ONLY) {
                if (s.has(key)) {
                    throw error("score." + key, "does not apply to " + scoreKind.configName());
                }
            }
            JsonNode sim = s.get("similarity");
            if (sim != null) {
                try {
                    similarity = Similarity.parse(text(sim, "score.similarity"));
                } catch (IllegalArgumentException e) {
                    throw error("score.similarity", e.getMessage());
                }
            }
            JsonNode neg = s.get("negatives");
            if (neg != null) {
                scoreNegatives = (int) integer(neg, "score.negatives", 1, 100_000);
            }
            JsonNode me = s.get("maxEdges");
            if (me != null) {
                maxEdges = (int) integer(me, "score.maxEdges", 0, Integer.MAX_VALUE);
            }
            JsonNode nt = s.get("nodeType");
            if (nt != null) {
                nodeType = text(nt, "score.nodeType");
            }
            JsonNode fo = s.get("folds");
            if (fo != null) {
                folds = (int) integer(fo, "score.folds", 2, 100);
            }
            JsonNode mn = s.get("maxNodes");
            if (mn != null) {
                maxNodes = (int) integer(mn, "score.maxNodes", 0, Integer.MAX_VALUE);
            }
            JsonNode seed = s.get("seed");
            if (seed != null) {
                scoreSeed = integer(seed, "score.seed", Long.MIN_VALUE, Long.MAX_VALUE);
            }
        }

        void space(JsonNode s) {
            EmbeddingJobSpace.Builder b = EmbeddingJobSpace.builder().seed(trainingSeed);
            if (s == null) {
                space = b.build();
                return;
            }
            object(s, "space", EmbeddingJobSpace.PARAMETERS);
            Iterator<Map.Entry<String, JsonNode>> it = s.fields();
            Set<String> kinds = new LinkedHashSet<>(List.of("uniform"));
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = e.getKey(), key = "space." + name;
                JsonNode v = e.getValue();
                switch (name) {
                    case EmbeddingJobSpace.EMBEDDING_SIZE -> b.space(name, intSpace(v, key, 1));
                    case EmbeddingJobSpace.WINDOW -> b.space(name, intSpace(v, key, 1));
                    case EmbeddingJobSpace.NEGATIVES -> b.space(name, intSpace(v, key, 1));
                    case EmbeddingJobSpace.EPOCHS -> b.space(name, intSpace(v, key, 1));
                    case EmbeddingJobSpace.WALKS_PER_NODE -> b.space(name, intSpace(v, key, 1));
                    case EmbeddingJobSpace.WALK_LENGTH -> b.space(name, intSpace(v, key, 2));
                    case EmbeddingJobSpace.NEGATIVE_EXPONENT, EmbeddingJobSpace.SUBSAMPLE ->
                            b.space(name, doubleSpace(v, key, 0, true));
                    case EmbeddingJobSpace.LEARNING_RATE, EmbeddingJobSpace.P, EmbeddingJobSpace.Q ->
                            b.space(name, doubleSpace(v, key, 0, false));
                    case EmbeddingJobSpace.TYPE_AWARE_NEGATIVES -> b.space(name, booleanSpace(v, key));
                    case EmbeddingJobSpace.WALK_KIND -> {
                        List<String> names = new ArrayList<>();
                        for (JsonNode x : values(v, key)) {
                            String kind = text(x, key).toLowerCase(Locale.ROOT);
                            try {
                                EmbeddingJobSpace.parseWalkKind(kind);
                            } catch (IllegalArgumentException ex) {
                                throw error(key, ex.getMessage());
                            }
                            names.add(kind);
                        }
                        unique(names, key);
                        kinds = new LinkedHashSet<>(names);
                        b.space(name, choice(names));
                    }
                    case EmbeddingJobSpace.METAPATHS -> {
                        List<JsonNode> list = values(v, key);
                        for (int i = 0; i < list.size(); i++) {
                            String where = list.size() > 1 ? key + "[" + i + "]" : key;
                            List<String> paths = new ArrayList<>();
                            JsonNode x = list.get(i);
                            if (x.isArray()) {
                                if (x.isEmpty()) {
                                    throw error(where, "empty list of metapaths");
                                }
                                for (JsonNode y : x) {
                                    paths.add(text(y, where));
                                }
                            } else {
                                paths.addAll(EmbeddingJobSpace.splitMetapaths(text(x, where)));
                            }
                            for (String m : paths) {
                                try {
                                    Metapath.typeNames(m);
                                } catch (IllegalArgumentException ex) {
                                    throw error(where, ex.getMessage());
                                }
                            }
                            metapathChoices.add(String.join(EmbeddingJobSpace.METAPATH_JOIN, paths));
                        }
                        unique(metapathChoices, key);
                        b.space(name, choice(metapathChoices));
                    }
                    default -> throw error(key, "unknown parameter (known: " + String.join(", ", EmbeddingJobSpace.PARAMETERS) + ")");
                }
            }
            // Entries that no candidate could use, or that a candidate needs and lacks.
            if (kinds.contains("metapath") && metapathChoices.isEmpty()) {
                throw error("space.metapaths", "required: walkKind includes metapath");
            }
            if (!kinds.contains("metapath") && !metapathChoices.isEmpty()) {
                throw error("space.metapaths", "given, but walkKind " + kinds + " never walks metapaths (add metapath to walkKind)");
            }
            for (String pq : List.of(EmbeddingJobSpace.P, EmbeddingJobSpace.Q)) {
                if (s.has(pq) && !kinds.contains("node2vec")) {
                    throw error("space." + pq, "node2vec's " + pq + " is set, but walkKind " + kinds + " has no node2vec");
                }
            }
            space = b.build();
        }

        // ------------------------------------------------------------------ space entries

        private ParameterSpace<?> intSpace(JsonNode v, String key, long min) {
            if (v.isObject()) {
                Range r = range(v, key, min, false, true);
                if (r.log) {
                    throw error(key + ".scale", "log scale is for continuous parameters; give a list of values instead");
                }
                return r.min == r.max ? new FixedValue<>((int) r.min) : new IntegerParameterSpace((int) r.min, (int) r.max);
            }
            List<Integer> values = new ArrayList<>();
            for (JsonNode x : values(v, key)) {
                values.add((int) integer(x, key, min, Integer.MAX_VALUE));
            }
            unique(values, key);
            return choice(values);
        }

        private ParameterSpace<?> doubleSpace(JsonNode v, String key, double min, boolean minInclusive) {
            if (v.isObject()) {
                Range r = range(v, key, min, minInclusive, false);
                if (r.min == r.max) {
                    return new FixedValue<>(r.min);
                }
                return r.log ? new ContinuousParameterSpace(new LogUniformDistribution(r.min, r.max))
                        : new ContinuousParameterSpace(r.min, r.max);
            }
            List<Double> values = new ArrayList<>();
            for (JsonNode x : values(v, key)) {
                values.add(number(x, key, min, minInclusive));
            }
            unique(values, key);
            return choice(values);
        }

        private ParameterSpace<?> booleanSpace(JsonNode v, String key) {
            List<String> values = new ArrayList<>();
            for (JsonNode x : values(v, key)) {
                if (!x.isBoolean()) {
                    throw error(key, "'" + x.asText() + "' is not true or false");
                }
                values.add(Boolean.toString(x.asBoolean()));
            }
            unique(values, key);
            return choice(values);
        }

        /** One value: fixed (Arbiter's grid would count a one-valued discrete space as a dimension); else a choice. */
        private static <T> ParameterSpace<T> choice(List<T> values) {
            return values.size() == 1 ? new FixedValue<>(values.get(0)) : new DiscreteParameterSpace<>(values);
        }

        private record Range(double min, double max, boolean log) {
        }

        private Range range(JsonNode v, String key, double lowest, boolean lowestInclusive, boolean integers) {
            object(v, key, List.of("min", "max", "scale"));
            JsonNode lo = v.get("min"), hi = v.get("max");
            if (lo == null || hi == null) {
                throw error(key, "a range needs both min and max (got " + v + ")");
            }
            double min = integers ? integer(lo, key + ".min", (long) lowest, Integer.MAX_VALUE) : number(lo, key + ".min", lowest, lowestInclusive);
            double max = integers ? integer(hi, key + ".max", (long) lowest, Integer.MAX_VALUE) : number(hi, key + ".max", lowest, lowestInclusive);
            if (min > max) {
                throw error(key, "min " + fmt(min) + " > max " + fmt(max));
            }
            boolean log = false;
            JsonNode scale = v.get("scale");
            if (scale != null) {
                String sc = text(scale, key + ".scale").toLowerCase(Locale.ROOT);
                switch (sc) {
                    case "linear" -> log = false;
                    case "log" -> log = true;
                    default -> throw error(key + ".scale", "'" + sc + "' is not one of linear, log");
                }
                if (log && !(min > 0)) {
                    throw error(key + ".min", "a log-scale range needs min > 0, got " + fmt(min));
                }
            }
            return new Range(min, max, log);
        }

        private static String fmt(double x) {
            return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
        }

        /** A scalar or a non-empty list, as a list of nodes. */
        private List<JsonNode> values(JsonNode v, String key) {
            List<JsonNode> out = new ArrayList<>();
            if (v.isArray()) {
                if (v.isEmpty()) {
                    throw error(key, "empty list: give at least one value");
                }
                v.forEach(out::add);
            } else if (v.isObject()) {
                throw error(key, "give a value, a list of values, or a range {min, max}");
            } else if (v.isNull()) {
                throw error(key, "no value");
            } else {
                out.add(v);
            }
            return out;
        }

        private <T> void unique(List<T> values, String key) {
            Set<T> seen = new LinkedHashSet<>();
            for (T x : values) {
                if (!seen.add(x)) {
                    throw error(key, "value " + x + " is listed twice");
                }
            }
        }

        // ------------------------------------------------------------------ scalars

        private void object(JsonNode node, String key, List<String> known) {
            if (!node.isObject()) {
                throw error(key, "expected a mapping of keys (" + String.join(", ", known) + "), got " + node);
            }
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String n = names.next();
                if (!known.contains(n)) {
                    String full = key.equals("(top level)") ? n : key + "." + n;
                    throw error(full, "unknown key (known: " + String.join(", ", known) + ")");
                }
            }
        }

        private JsonNode required(JsonNode parent, String name, String parentKey) {
            JsonNode n = parent.get(name);
            if (n == null || n.isNull()) {
                throw error(parentKey.isEmpty() ? name : parentKey + "." + name, "required");
            }
            return n;
        }

        private String text(JsonNode n, String key) {
            if (!n.isTextual() || n.asText().isBlank()) {
                throw error(key, "expected a non-empty string, got " + n);
            }
            return n.asText().trim();
        }

        private long integer(JsonNode n, String key, long min, long max) {
            long v;
            if (n.isIntegralNumber()) {
                v = n.asLong();
            } else if (n.isNumber() && n.asDouble() == Math.rint(n.asDouble())) {
                v = (long) n.asDouble();
            } else {
                throw error(key, "'" + n.asText() + "' is not an integer");
            }
            if (v < min || v > max) {
                throw error(key, v + " is out of range [" + min + ", " + (max == Long.MAX_VALUE ? "..." : max) + "]");
            }
            return v;
        }

        private double number(JsonNode n, String key, double min, boolean minInclusive) {
            double v;
            if (n.isNumber()) {
                v = n.asDouble();
            } else if (n.isTextual()) { // YAML 1.1 reads 1e-3 (no dot) as a string
                try {
                    v = Double.parseDouble(n.asText().trim());
                } catch (NumberFormatException e) {
                    throw error(key, "'" + n.asText() + "' is not a number");
                }
            } else {
                throw error(key, "'" + n + "' is not a number");
            }
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                throw error(key, "must be finite, got " + v);
            }
            if (minInclusive ? v < min : v <= min) {
                throw error(key, "must be " + (minInclusive ? ">= " : "> ") + fmt(min) + ", got " + v);
            }
            return v;
        }

        private Duration seconds(JsonNode n, String key) {
            double s = number(n, key, 0, true);
            return Duration.ofMillis(Math.round(s * 1000));
        }
    }
}
