package org.heteroembed.search;

import org.deeplearning4j.arbiter.optimize.api.CandidateGenerator;
import org.deeplearning4j.arbiter.optimize.api.termination.MaxTimeCondition;
import org.deeplearning4j.arbiter.optimize.api.termination.TerminationCondition;
import org.deeplearning4j.arbiter.optimize.config.OptimizationConfiguration;
import org.deeplearning4j.arbiter.optimize.generator.GridSearchCandidateGenerator;
import org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator;
import org.deeplearning4j.arbiter.optimize.runner.LocalOptimizationRunner;
import org.heteroembed.graph.HeldOutLinks;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.generate.PlantedGraph;
import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
import org.heteroembed.graph.io.AtomicFiles;
import org.heteroembed.graph.io.GraphLoader;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link SearchConfig}: loads (or generates) the graph, checks the config against it, draws the
 * evaluation data, and runs Arbiter's {@link LocalOptimizationRunner} over the {@link EmbeddingJobSpace} with
 * random or grid candidates, {@code threads} candidates at a time, each trained and scored by an
 * {@link EmbeddingTaskCreator}. Everything that can be wrong with the config fails before the first candidate.
 *
 * <p>Writes into the output directory:
 * <ul>
 *   <li>{@value #RESULTS}: one row per candidate ({@link ResultTable}), appended as candidates finish;</li>
 *   <li>{@value #BEST_MODEL}: the best candidate's model ({@code HeteroModelFile}, loadable with
 *       {@code HeteroEmbeddings.load}), replaced whenever a better candidate finishes;</li>
 *   <li>{@value #SUMMARY}: the best candidate, its parameters and metrics, the chance level, counts, times;</li>
 *   <li>{@value #SPACE}: the searched space as Arbiter JSON.</li>
 * </ul>
 *
 * <pre>
 * SearchResult r = SearchRunner.run(Path.of("configs/random-demo.yaml"), null, null);
 * System.out.print(r.summary());
 * </pre>
 */
public final class SearchRunner {
    private static final Logger log = LoggerFactory.getLogger(SearchRunner.class);
    public static final String RESULTS = "results.csv", BEST_MODEL = "best-model.zip", SUMMARY = "summary.json",
            SPACE = "space.json";

    private final SearchConfig config;
    private final SearchListener listener;
    private final HeteroGraph givenGraph;
    private final HeldOutLinks givenHeldOut;

    private SearchRunner(Builder b) {
        this.config = b.outputDir == null ? b.config : b.config.withOutputDir(b.outputDir);
        this.listener = b.listener;
        this.givenGraph = b.graph;
        this.givenHeldOut = b.heldOut;
    }

    public static Builder builder(SearchConfig config) {
        return new Builder(config);
    }

    /**
     * Reads a config file and runs its search: the call a command line makes.
     *
     * @param outputDir replaces the config's output directory when not null
     * @param listener  progress callback, may be null
     * @throws IllegalArgumentException naming the file and key of an invalid entry, before any training
     */
    public static SearchResult run(Path configFile, Path outputDir, SearchListener listener)
            throws IOException, InterruptedException {
        return builder(SearchConfig.fromFile(configFile)).outputDir(outputDir).listener(listener).build().run();
    }

    public SearchConfig config() {
        return config;
    }

    public SearchResult run() throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        // 1. The graph and the evaluation data, and every check that needs them: all before training.
        HeteroGraph graph;
        HeldOutLinks heldOut = givenHeldOut;
        if (givenGraph != null) {
            graph = givenGraph;
        } else if (config.plantedEdges() > 0) {
            PlantedGraph planted = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(config.plantedEdges(), config.plantedSeed()));
            graph = planted.graph();
            heldOut = planted.heldOut();
        } else {
            graph = new GraphLoader().load(config.graphFile(), null);
        }
        if (heldOut == null && config.heldOutFile() != null) {
            try {
                heldOut = HeldOutLinks.read(config.heldOutFile(), graph);
            } catch (IllegalArgumentException e) {
                throw config.error("graph.heldOut", e.getMessage());
            }
        }
        config.validateAgainst(graph, heldOut != null);
        EmbeddingScoreFunction score = scoreFunction(graph, heldOut);
        log.info("search {}: {} on {}, score {} (chance {})", config.source(), config.generator().name().toLowerCase(Locale.ROOT),
                graph, score, String.format(Locale.ROOT, "%.4f", score.chance()));

        // 2. Candidates.
        EmbeddingJobSpace space = config.space();
        CandidateGenerator inner;
        int planned;
        if (config.generator() == SearchConfig.Generator.GRID) {
            GridSearchCandidateGenerator grid = new GridSearchCandidateGenerator(space, config.discretization(),
                    config.gridOrder(), null);
            int size = grid.getTotalNumCandidates();
            planned = config.maxCandidates() > 0 ? Math.min(size, config.maxCandidates()) : size;
            if (planned < size) {
                log.warn("grid of {} points, search.maxCandidates {}: only the first {} are tried", size, config.maxCandidates(), planned);
            }
            inner = grid;
        } else {
            inner = new RandomSearchGenerator(space, null);
            planned = config.maxCandidates();
        }
        CandidateGenerator generator = new LimitedCandidateGenerator(inner, planned);

        // 3. Output.
        Path out = config.outputDir();
        Files.createDirectories(out);
        AtomicFiles.writeText(out.resolve(SPACE), w -> w.write(space.toJson()));
        BestModelSaver saver = new BestModelSaver(out.resolve(BEST_MODEL));
        Files.deleteIfExists(saver.file()); // a best model of an earlier run would pose as this run's
        ResultTable table = new ResultTable(out.resolve(RESULTS), score.metricNames());

        // 4. Run.
        Object progressLock = new Object();
        CandidateResult[] best = {null};
        int[] finished = {0};
        List<TerminationCondition> conditions = new ArrayList<>();
        conditions.add(new AllCandidatesDone(generator));
        if (!config.maxTime().isZero()) {
            conditions.add(new MaxTimeCondition(config.maxTime().toMillis(), TimeUnit.MILLISECONDS));
        }
        OptimizationConfiguration oc = new OptimizationConfiguration.Builder()
                .candidateGenerator(generator)
                .scoreFunction(score)
                .modelSaver(saver)
                .terminationConditions(conditions)
                .rngSeed(config.searchSeed())
                .build();
        try (EmbeddingTaskCreator tasks = EmbeddingTaskCreator.builder(graph)
                .engine(config.engine())
                .threadsPerCandidate(config.threadsPerCandidate())
                .budget(config.budget())
                .budgetPolicy(config.onBudget())
                .fitBatchSize(config.fitBatchSize())
                .fitUpdater(config.fitUpdater())
                .listener(r -> {
                    table.add(r);
                    synchronized (progressLock) {
                        finished[0]++;
                        if (r.hasScore() && (best[0] == null || r.score() > best[0].score())) {
                            best[0] = r;
                        }
                        if (listener != null) {
                            listener.onCandidate(r, finished[0], planned, best[0]);
                        }
                    }
                })
                .build()) {
            log.info("{} candidates, {} at a time, {} thread(s) each, budget {} per candidate ({})", planned,
                    config.threads(), config.threadsPerCandidate(),
                    config.budget().isZero() ? "none" : config.budget().toMillis() / 1000.0 + " s",
                    config.onBudget().name().toLowerCase(Locale.ROOT));
            new LocalOptimizationRunner(config.threads(), oc, tasks).execute();
        } finally {
            table.finish();
        }

        // 5. Summary.
        List<CandidateResult> rows = table.rows();
        CandidateResult top = null;
        for (CandidateResult r : rows) { // ties go to the earlier candidate
            if (r.hasScore() && (top == null || r.score() > top.score())) {
                top = r;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Path model = Files.isRegularFile(saver.file()) ? saver.file() : null;
        SearchResult result = new SearchResult(rows, top, score.metric(), score.chance(), seconds, out, table.file(),
                model, out.resolve(SUMMARY));
        writeSummary(result, graph);
        log.info("search {} done:\n{}", config.source(), result.summary());
        return result;
    }

    private EmbeddingScoreFunction scoreFunction(HeteroGraph graph, HeldOutLinks heldOut) {
        try {
            if (config.scoreKind().isLink()) {
                if (heldOut == null) {
                    throw config.error("graph.heldOut", "score " + config.scoreKind().configName() + " needs held-out edges");
                }
                String metric = config.scoreKind() == SearchConfig.ScoreKind.LINK_AUC ? LinkPredictionScoreFunction.AUC
                        : LinkPredictionScoreFunction.MRR;
                return LinkPredictionScoreFunction.create(graph, heldOut, metric, config.similarity(),
                        config.scoreNegatives(), config.maxEdges(), config.scoreSeed());
            }
            return NodeClassificationScoreFunction.create(graph, config.nodeTypeFor(graph), config.folds(),
                    config.maxNodes(), config.scoreSeed());
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(config.source() + ":")) {
                throw e;
            }
            throw config.error("score", e.getMessage());
        }
    }

    private void writeSummary(SearchResult r, HeteroGraph graph) throws IOException {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("config", config.source());
        s.put("graph", Map.of("nodes", graph.numNodes(), "edges", graph.numEdges()));
        s.put("generator", config.generator().name().toLowerCase(Locale.ROOT));
        s.put("engine", config.engine().name().toLowerCase(Locale.ROOT));
        s.put("scoreFunction", config.scoreKind().configName());
        s.put("metric", r.metric());
        s.put("chance", r.chance());
        s.put("candidates", r.candidates().size());
        Map<String, Long> counts = new LinkedHashMap<>();
        for (CandidateResult.Status st : CandidateResult.Status.values()) {
            counts.put(st.name().toLowerCase(Locale.ROOT), r.count(st));
        }
        s.put("status", counts);
        s.put("seconds", r.seconds());
        if (r.best() != null) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("candidate", r.best().index());
            b.put("score", r.best().score());
            b.put("metrics", r.best().metrics());
            b.put("parameters", r.best().job().parameters());
            b.put("job", r.best().job());
            s.put("best", b);
        }
        s.put("results", r.resultsCsv().getFileName().toString());
        if (r.bestModel() != null) {
            s.put("bestModel", r.bestModel().getFileName().toString());
        }
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        String text = m.writeValueAsString(s);
        AtomicFiles.writeText(r.summaryFile(), w -> w.write(text));
    }

    /** Builder: the config, and optionally another output directory, a progress listener, or an in-memory graph. */
    public static final class Builder {
        private final SearchConfig config;
        private Path outputDir;
        private SearchListener listener;
        private HeteroGraph graph;
        private HeldOutLinks heldOut;

        private Builder(SearchConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** Replaces the config's output directory (null keeps it). */
        public Builder outputDir(Path dir) {
            this.outputDir = dir;
            return this;
        }

        public Builder listener(SearchListener listener) {
            this.listener = listener;
            return this;
        }

        /**
         * Searches on a graph already in memory instead of the config's graph entry, with its held-out edges
         * for link scores (null for node-f1).
         */
        public Builder graph(HeteroGraph graph, HeldOutLinks heldOut) {
            this.graph = graph;
            this.heldOut = heldOut;
            return this;
        }

        public SearchRunner build() {
            return new SearchRunner(this);
        }
    }
}
