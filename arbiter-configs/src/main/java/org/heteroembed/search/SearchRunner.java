package org.heteroembed.search;

import org.deeplearning4j.arbiter.optimize.api.CandidateGenerator;
import org.deeplearning4j.arbiter.optimize.api.termination.MaxTimeCondition;
import org.deeplearning4j.arbiter.optimize.api.termination.TerminationCondition;
import org.deeplearning4j.arbiter.optimize.config.OptimizationConfiguration;
import org.deeplearning4j.arbiter.optimize.generator.GridSearchCandidateGenerator;
import org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator;
import org.deeplearning4j.arbiter.optimize.runner.LocalOptimizationRunner;
import org.heteroembed.config.SettingsJson;
import org.heteroembed.config.ValueType;
import org.heteroembed.graph.HeldOutLinks;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.generate.PlantedGraph;
import org.heteroembed.graph.io.AtomicFiles;
import org.heteroembed.graph.io.GraphInput;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link SearchConfig}: loads the job's graph (or generates it), checks the config against it, draws the
 * evaluation data, and runs Arbiter's {@link LocalOptimizationRunner} over the {@link EmbeddingJobSpace} with
 * random or grid candidates, {@code search.threads} candidates at a time, each run by the job runner and scored by
 * an {@link EmbeddingTaskCreator}. Everything that can be wrong with the config fails before the first candidate.
 *
 * <p>Writes into the output directory:
 * <ul>
 *   <li>{@value #RESULTS}: one row per candidate ({@link ResultTable}), appended as candidates finish;</li>
 *   <li>{@value #BEST_MODEL}: the best candidate's model ({@code HeteroModelFile}, loadable with
 *       {@code HeteroEmbeddings.load}), replaced whenever a better candidate finishes;</li>
 *   <li>{@value #SUMMARY}: the best candidate, its values of the space's keys, its job and metrics, the chance level,
 *       counts, times;</li>
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
        GraphInput input = config.job().graph();
        if (givenGraph != null) {
            graph = givenGraph;
        } else if (input.input() == null) { // the job's generated graph, with the clicks its generator held out
            PlantedGraph planted = input.demo();
            graph = planted.graph();
            heldOut = config.heldOutFile() == null ? planted.heldOut() : null;
        } else {
            graph = input.load(null).graph();
        }
        if (heldOut == null && config.heldOutFile() != null) {
            try {
                heldOut = HeldOutLinks.read(config.heldOutFile(), graph);
            } catch (IllegalArgumentException e) {
                throw config.error(SearchSettings.HELD_OUT.key(), e.getMessage());
            }
        }
        config.validateAgainst(graph, heldOut != null);
        EmbeddingScoreFunction score = scoreFunction(graph, heldOut);
        log.info("search {}: {} on {}, score {} (chance {})", config.source(), ValueType.name(config.get(SearchSettings.GENERATOR)),
                graph, score, String.format(Locale.ROOT, "%.4f", score.chance()));

        // 2. Candidates.
        EmbeddingJobSpace space = config.space();
        CandidateGenerator inner;
        int planned;
        Integer max = config.get(SearchSettings.MAX_CANDIDATES);
        if (config.get(SearchSettings.GENERATOR) == SearchSettings.Generator.GRID) {
            GridSearchCandidateGenerator grid = new GridSearchCandidateGenerator(space, config.get(SearchSettings.DISCRETIZATION),
                    config.get(SearchSettings.ORDER) == SearchSettings.Order.RANDOM ? GridSearchCandidateGenerator.Mode.RandomOrder
                            : GridSearchCandidateGenerator.Mode.Sequential, null);
            int size = grid.getTotalNumCandidates();
            planned = max != null ? Math.min(size, max) : size;
            if (planned < size) {
                log.warn("grid of {} points, search.maxCandidates {}: only the first {} are tried", size, max, planned);
            }
            inner = grid;
        } else {
            inner = new RandomSearchGenerator(space, null);
            planned = max;
        }
        CandidateGenerator generator = new LimitedCandidateGenerator(inner, planned);

        // 3. Output.
        Path out = config.outputDir();
        Files.createDirectories(out);
        AtomicFiles.writeText(out.resolve(SPACE), w -> w.write(space.toJson()));
        BestModelSaver saver = new BestModelSaver(out.resolve(BEST_MODEL));
        Files.deleteIfExists(saver.file()); // a best model of an earlier run would pose as this run's
        ResultTable table = new ResultTable(out.resolve(RESULTS), score.metricNames(), space.keys());

        // 4. Run.
        Object progressLock = new Object();
        CandidateResult[] best = {null};
        int[] finished = {0};
        List<TerminationCondition> conditions = new ArrayList<>();
        conditions.add(new AllCandidatesDone(generator));
        double maxSeconds = config.get(SearchSettings.MAX_SECONDS);
        if (maxSeconds > 0) {
            conditions.add(new MaxTimeCondition(Math.round(maxSeconds * 1000), TimeUnit.MILLISECONDS));
        }
        OptimizationConfiguration oc = new OptimizationConfiguration.Builder()
                .candidateGenerator(generator)
                .scoreFunction(score)
                .modelSaver(saver)
                .terminationConditions(conditions)
                .rngSeed(config.get(SearchSettings.SEED))
                .build();
        EmbeddingTaskCreator tasks = EmbeddingTaskCreator.builder(graph)
                .budgetPolicy(config.get(SearchSettings.ON_BUDGET))
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
                .build();
        double budget = config.job().training().maxSeconds();
        log.info("{} candidates, {} at a time, time budget {} per candidate ({})", planned, config.threads(),
                budget > 0 ? budget + " s" : "none", ValueType.name(config.get(SearchSettings.ON_BUDGET)));
        try {
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
        SearchResult result = new SearchResult(rows, top, score.metric(), score.chance(), seconds, space.keys(), out,
                table.file(), model, out.resolve(SUMMARY));
        writeSummary(result, graph);
        log.debug("search {} done:\n{}", config.source(), result.summary());
        return result;
    }

    private EmbeddingScoreFunction scoreFunction(HeteroGraph graph, HeldOutLinks heldOut) {
        SearchSettings.ScoreKind kind = config.get(SearchSettings.FUNCTION);
        try {
            if (kind.isLink()) {
                String metric = kind == SearchSettings.ScoreKind.LINK_AUC ? LinkPredictionScoreFunction.AUC
                        : LinkPredictionScoreFunction.MRR;
                return LinkPredictionScoreFunction.create(graph, heldOut, metric, config.get(SearchSettings.SIMILARITY),
                        config.get(SearchSettings.NEGATIVES), config.get(SearchSettings.MAX_EDGES),
                        config.get(SearchSettings.SCORE_SEED));
            }
            return NodeClassificationScoreFunction.create(graph, config.nodeTypeFor(graph), config.get(SearchSettings.FOLDS),
                    config.get(SearchSettings.MAX_NODES), config.get(SearchSettings.SCORE_SEED));
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(config.source() + ":")) {
                throw e;
            }
            throw config.error("score", e.getMessage());
        }
    }

    private void writeSummary(SearchResult r, HeteroGraph graph) throws IOException {
        ObjectNode s = SettingsJson.mapper().createObjectNode();
        s.put("config", config.source());
        s.putObject("graph").put("nodes", graph.numNodes()).put("edges", graph.numEdges());
        s.put("generator", ValueType.name(config.get(SearchSettings.GENERATOR)));
        s.put("scoreFunction", ValueType.name(config.get(SearchSettings.FUNCTION)));
        s.put("metric", r.metric());
        s.put("chance", r.chance());
        s.put("candidates", r.candidates().size());
        ObjectNode counts = s.putObject("status");
        for (CandidateResult.Status st : CandidateResult.Status.values()) {
            counts.put(ValueType.name(st), r.count(st));
        }
        s.put("seconds", r.seconds());
        if (r.best() != null) {
            ObjectNode b = s.putObject("best");
            b.put("candidate", r.best().index());
            b.put("score", r.best().score());
            b.set("metrics", SettingsJson.mapper().valueToTree(r.best().metrics()));
            ObjectNode job = r.best().job().toTree();
            ObjectNode values = b.putObject("values"); // as the job file spells them
            r.keys().forEach(k -> values.set(k, job.at("/" + k.replace('.', '/'))));
            b.set("job", job);
        }
        s.put("results", r.resultsCsv().getFileName().toString());
        if (r.bestModel() != null) {
            s.put("bestModel", r.bestModel().getFileName().toString());
        }
        String text = SettingsJson.write(s, false);
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
         * Searches on a graph already in memory instead of the job's graph input, with its held-out edges
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
