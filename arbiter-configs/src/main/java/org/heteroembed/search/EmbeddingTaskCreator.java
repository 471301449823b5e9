package org.heteroembed.search;

import org.apache.commons.lang3.exception.ExceptionUtils;
import org.deeplearning4j.arbiter.optimize.api.Candidate;
import org.deeplearning4j.arbiter.optimize.api.OptimizationResult;
import org.deeplearning4j.arbiter.optimize.api.TaskCreator;
import org.deeplearning4j.arbiter.optimize.api.data.DataProvider;
import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.deeplearning4j.arbiter.optimize.api.saving.ResultReference;
import org.deeplearning4j.arbiter.optimize.api.saving.ResultSaver;
import org.deeplearning4j.arbiter.optimize.api.score.ScoreFunction;
import org.deeplearning4j.arbiter.optimize.runner.CandidateInfo;
import org.deeplearning4j.arbiter.optimize.runner.CandidateStatus;
import org.deeplearning4j.arbiter.optimize.runner.IOptimizationRunner;
import org.deeplearning4j.arbiter.optimize.runner.listener.StatusListener;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.datavec.SkipGramMultiDataSetIterator;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.inference.HeteroEmbeddings;
import org.heteroembed.inference.NodeIdTables;
import org.heteroembed.nn.HeteroEmbeddingModels;
import org.heteroembed.sampling.SkipGramPairGenerator;
import org.heteroembed.train.fast.FastSkipGramEngine;
import org.heteroembed.walk.WalkGenerator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Arbiter {@link TaskCreator} for {@link EmbeddingJobSpace} candidates: a task walks the graph with the
 * candidate's {@code WalkConfig}, trains a fresh skip-gram ComputationGraph with the fast engine or DL4J's
 * {@code fit} ({@link TrainingEngine}), scores its vectors with the search's {@link EmbeddingScoreFunction},
 * hands the model to the configuration's {@link ResultSaver} (e.g. {@link BestModelSaver}), and reports a
 * {@link CandidateResult} to the listener.
 *
 * <p><b>Data.</b> The graph is given to this creator, not through an Arbiter data source: every candidate of
 * a search shares the one in-memory (or memory-mapped) graph instead of loading it again; the score
 * function holds its own evaluation data.
 *
 * <p><b>Time budget.</b> A candidate's budget counts from the start of its task (walk counting included).
 * Training is stopped when it runs out: the fast engine through {@code requestStop()} (it finishes the walk
 * chunks in flight), {@code fit} between two batches. Then {@link BudgetPolicy#SCORE} scores what was trained
 * (status {@code STOPPED}) and {@link BudgetPolicy#FAIL} marks the candidate failed. Scoring itself is not
 * budgeted.
 *
 * <p><b>Duplicates.</b> Candidates whose resolved jobs are equal (a grid over p and q also produces uniform
 * walks once per (p, q)) are trained once: later ones wait for the first and take its result, status
 * {@code DUPLICATE}.
 *
 * <p>Tasks run in parallel on Arbiter's runner threads; each uses {@code threadsPerCandidate} walker/trainer
 * threads. Close the creator to stop its budget timer.
 */
@SuppressWarnings({"rawtypes", "deprecation"}) // Arbiter's TaskCreator API: raw Candidate, DataProvider variant
public final class EmbeddingTaskCreator implements TaskCreator, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddingTaskCreator.class);

    /** The DL4J updater of {@link TrainingEngine#FIT}, with the candidate's learning rate. */
    public enum FitUpdater {
        ADAM, SGD;

        public static FitUpdater parse(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("updater '" + name + "' is not one of adam, sgd");
            }
        }

        IUpdater create(double learningRate) {
            return this == ADAM ? new Adam(learningRate) : new Sgd(learningRate);
        }
    }

    private final HeteroGraph graph;
    private final NodeIdTables ids;
    private final TrainingEngine engine;
    private final int threadsPerCandidate;
    private final Duration budget;
    private final BudgetPolicy budgetPolicy;
    private final int fitBatchSize;
    private final FitUpdater fitUpdater;
    private final boolean deduplicate;
    private final Consumer<CandidateResult> listener;
    private final ScheduledExecutorService timer;
    private final Map<EmbeddingJobConfig, CompletableFuture<CandidateResult>> jobs = new ConcurrentHashMap<>();

    private EmbeddingTaskCreator(Builder b) {
        this.graph = b.graph;
        this.ids = NodeIdTables.of(b.graph); // once: every candidate's model has the same node ids
        this.engine = b.engine;
        this.threadsPerCandidate = b.threadsPerCandidate;
        this.budget = b.budget;
        this.budgetPolicy = b.budgetPolicy;
        this.fitBatchSize = b.fitBatchSize;
        this.fitUpdater = b.fitUpdater;
        this.deduplicate = b.deduplicate;
        this.listener = b.listener;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "search-budget-timer");
            t.setDaemon(true);
            return t;
        });
        // The models are FLOAT; DL4J creates some arrays (labels, masks) in the default type.
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    public static Builder builder(HeteroGraph graph) {
        return new Builder(graph);
    }

    public HeteroGraph graph() {
        return graph;
    }

    public NodeIdTables ids() {
        return ids;
    }

    public TrainingEngine engine() {
        return engine;
    }

    public int threadsPerCandidate() {
        return threadsPerCandidate;
    }

    @Override
    public Callable<OptimizationResult> create(Candidate candidate, DataProvider dataProvider, ScoreFunction scoreFunction,
                                               List<StatusListener> statusListeners, IOptimizationRunner runner) {
        return () -> run(candidate, scoreFunction, statusListeners, runner);
    }

    @Override
    public Callable<OptimizationResult> create(Candidate candidate, Class<? extends DataSource> dataSource,
                                               Properties dataSourceProperties, ScoreFunction scoreFunction,
                                               List<StatusListener> statusListeners, IOptimizationRunner runner) {
        return () -> run(candidate, scoreFunction, statusListeners, runner);
    }

    private OptimizationResult run(Candidate candidate, ScoreFunction scoreFunction, List<StatusListener> statusListeners,
                                   IOptimizationRunner runner) {
        long startMs = System.currentTimeMillis();
        int index = candidate.getIndex();
        CandidateResult result;
        Object model = null;
        try {
            EmbeddingJobConfig job = (EmbeddingJobConfig) candidate.getValue();
            CompletableFuture<CandidateResult> mine = new CompletableFuture<>();
            CompletableFuture<CandidateResult> first = deduplicate ? jobs.putIfAbsent(job, mine) : null;
            if (first != null) {
                result = first.join().asDuplicate(index);
                log.info("candidate {}: same job as candidate {}, not trained again", index, result.duplicateOf());
            } else {
                try {
                    Trained t = trainAndScore(index, job, scoreFunction);
                    result = t.result;
                    model = t.model;
                } catch (Throwable e) {
                    result = failed(index, job, e, System.currentTimeMillis() - startMs);
                }
                mine.complete(result);
            }
        } catch (Throwable e) {
            result = failed(index, null, e, System.currentTimeMillis() - startMs);
        } finally {
            Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
        }

        boolean ok = result.hasScore();
        CandidateInfo info = new CandidateInfo(index, ok ? CandidateStatus.Complete : CandidateStatus.Failed,
                result.score(), startMs, startMs, System.currentTimeMillis(), candidate.getFlatParameters(), result.error());
        OptimizationResult optimizationResult = new OptimizationResult(candidate, result.score(), index,
                result.metrics(), info, null);
        ResultSaver saver = runner == null ? null : runner.getConfiguration().getResultSaver();
        if (ok && model != null && saver != null) {
            try {
                ResultReference ref = saver.saveModel(optimizationResult, model);
                optimizationResult.setResultReference(ref);
            } catch (Exception e) {
                log.warn("candidate {}: saving the model failed", index, e);
            }
        }
        if (listener != null) {
            try {
                listener.accept(result);
            } catch (RuntimeException e) {
                log.error("candidate {}: result listener failed", index, e);
            }
        }
        if (statusListeners != null) {
            for (StatusListener sl : statusListeners) {
                try {
                    sl.onCandidateStatusChange(info, runner, optimizationResult);
                } catch (RuntimeException e) {
                    log.error("candidate {}: status listener failed", index, e);
                }
            }
        }
        return optimizationResult;
    }

    private record Trained(CandidateResult result, TrainedEmbeddingModel model) {
    }

    private Trained trainAndScore(int index, EmbeddingJobConfig job, ScoreFunction scoreFunction) throws Exception {
        long t0 = System.nanoTime();
        long deadline = budget.isZero() ? Long.MAX_VALUE : t0 + budget.toNanos();
        log.info("candidate {}: {}", index, job.parameters());
        WalkGenerator walks = new WalkGenerator(graph, job.walkConfig(threadsPerCandidate));
        SkipGramPairGenerator pairs = SkipGramPairGenerator.forWalks(walks, job.skipGramConfig());
        // The fast engine updates the tables itself: the network's updater only matters to fit (plain SGD otherwise,
        // as the train command does, so no updater state is allocated or saved).
        IUpdater updater = engine == TrainingEngine.FIT ? fitUpdater.create(job.learningRate()) : new Sgd(job.learningRate());
        ComputationGraph net = new ComputationGraph(HeteroEmbeddingModels.skipGram(graph, job.embeddingSize(),
                job.negatives(), updater, job.seed(), DataType.FLOAT));
        net.init();

        long trainedPairs;
        boolean stopped;
        if (engine == TrainingEngine.FAST) {
            FastSkipGramEngine fast = FastSkipGramEngine.builder().learningRate(job.learningRate())
                    .minLearningRate(job.learningRate() * 1e-4).epochs(job.epochs()).build();
            ScheduledFuture<?> stop = deadline == Long.MAX_VALUE ? null
                    : timer.schedule(fast::requestStop, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            FastSkipGramEngine.Result r;
            try {
                r = fast.fit(net, walks, pairs);
            } finally {
                if (stop != null) {
                    stop.cancel(false);
                }
            }
            trainedPairs = r.progress().pairs();
            stopped = !r.completed();
        } else {
            long[] count = {0};
            stopped = fit(net, walks, pairs, job.epochs(), deadline, count);
            trainedPairs = count[0];
        }
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        String note = null;
        if (stopped) {
            note = String.format(Locale.ROOT, "over the time budget of %s s: stopped after %,d pairs (%.1f s)",
                    budget.toMillis() / 1000.0, trainedPairs, trainSeconds);
            log.info("candidate {}: {}", index, note);
            if (budgetPolicy == BudgetPolicy.FAIL) {
                return new Trained(new CandidateResult(index, CandidateResult.Status.FAILED, null, Map.of(), trainedPairs,
                        trainSeconds, 0, job, -1, note), null);
            }
        }

        long s0 = System.nanoTime();
        HeteroEmbeddings vectors = HeteroEmbeddings.of(net, ids);
        TrainedEmbeddingModel model = new TrainedEmbeddingModel(net, ids, job, vectors);
        Map<String, Double> metrics;
        double score;
        if (scoreFunction instanceof EmbeddingScoreFunction esf) {
            metrics = esf.evaluate(vectors);
            score = metrics.get(esf.metric());
        } else {
            score = scoreFunction.score(model, (DataProvider) null, null);
            metrics = Map.of("score", score);
        }
        double scoreSeconds = (System.nanoTime() - s0) / 1e9;
        if (Double.isNaN(score)) {
            throw new IllegalStateException("score is NaN (did training diverge?)");
        }
        log.info("candidate {}: score {} in {} s ({} s training)", index, String.format(Locale.ROOT, "%.4f", score),
                String.format(Locale.ROOT, "%.1f", trainSeconds + scoreSeconds), String.format(Locale.ROOT, "%.1f", trainSeconds));
        return new Trained(new CandidateResult(index, stopped ? CandidateResult.Status.STOPPED : CandidateResult.Status.COMPLETED,
                score, metrics, trainedPairs, trainSeconds, scoreSeconds, job, -1, note), model);
    }

    /** DL4J's fit, one batch at a time so the deadline is checked between batches. Returns whether it stopped early. */
    private boolean fit(ComputationGraph net, WalkGenerator walks, SkipGramPairGenerator pairs, int epochs, long deadline,
                        long[] pairCount) {
        SkipGramMultiDataSetIterator it = SkipGramMultiDataSetIterator.builder(walks, pairs).batchSize(fitBatchSize).build();
        try {
            for (int epoch = 0; epoch < epochs; epoch++) {
                if (epoch > 0) {
                    it.reset();
                }
                while (it.hasNext()) {
                    if (System.nanoTime() >= deadline) {
                        return true;
                    }
                    MultiDataSet batch = it.next();
                    net.fit(batch);
                    pairCount[0] += batch.getFeatures(0).rows();
                }
            }
            return false;
        } finally {
            it.close();
        }
    }

    private static CandidateResult failed(int index, EmbeddingJobConfig job, Throwable e, long millis) {
        log.warn("candidate {} failed", index, e);
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
        if (e.getCause() != null && e.getMessage() == null) {
            message += " (" + ExceptionUtils.getRootCauseMessage(e) + ")";
        }
        return new CandidateResult(index, CandidateResult.Status.FAILED, null, Map.of(), 0, millis / 1000.0, 0, job, -1, message);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** Builder: fast engine, one thread per candidate, no budget ({@link Duration#ZERO}), {@link BudgetPolicy#SCORE}. */
    public static final class Builder {
        private final HeteroGraph graph;
        private TrainingEngine engine = TrainingEngine.FAST;
        private int threadsPerCandidate = 1;
        private Duration budget = Duration.ZERO;
        private BudgetPolicy budgetPolicy = BudgetPolicy.SCORE;
        private int fitBatchSize = 1024;
        private FitUpdater fitUpdater = FitUpdater.ADAM;
        private boolean deduplicate = true;
        private Consumer<CandidateResult> listener;

        private Builder(HeteroGraph graph) {
            this.graph = Objects.requireNonNull(graph, "graph");
        }

        public Builder engine(TrainingEngine engine) {
            this.engine = Objects.requireNonNull(engine);
            return this;
        }

        /** Walker (and, with the fast engine, trainer) threads of each candidate. */
        public Builder threadsPerCandidate(int threads) {
            this.threadsPerCandidate = threads;
            return this;
        }

        /** Time budget per candidate; {@link Duration#ZERO} for none. */
        public Builder budget(Duration budget) {
            this.budget = Objects.requireNonNull(budget);
            return this;
        }

        public Builder budgetPolicy(BudgetPolicy policy) {
            this.budgetPolicy = Objects.requireNonNull(policy);
            return this;
        }

        /** Pairs per batch with {@link TrainingEngine#FIT}. */
        public Builder fitBatchSize(int pairs) {
            this.fitBatchSize = pairs;
            return this;
        }

        public Builder fitUpdater(FitUpdater updater) {
            this.fitUpdater = Objects.requireNonNull(updater);
            return this;
        }

        /** Whether equal jobs are trained once (default true). */
        public Builder deduplicate(boolean deduplicate) {
            this.deduplicate = deduplicate;
            return this;
        }

        /** Called once per candidate, on the candidate's runner thread, when it is done (any status). */
        public Builder listener(Consumer<CandidateResult> listener) {
            this.listener = listener;
            return this;
        }

        public EmbeddingTaskCreator build() {
            if (threadsPerCandidate < 1) {
                throw new IllegalArgumentException("threadsPerCandidate must be >= 1, got " + threadsPerCandidate);
            }
            if (budget.isNegative()) {
                throw new IllegalArgumentException("budget must not be negative, got " + budget);
            }
            if (fitBatchSize < 1) {
                throw new IllegalArgumentException("fitBatchSize must be >= 1, got " + fitBatchSize);
            }
            return new EmbeddingTaskCreator(this);
        }
    }
}
