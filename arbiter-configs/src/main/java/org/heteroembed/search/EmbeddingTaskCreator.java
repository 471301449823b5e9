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
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.job.EmbeddingJob;
import org.heteroembed.job.JobRunner;
import org.heteroembed.job.TrainedModel;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Arbiter {@link TaskCreator} for {@link EmbeddingJobSpace} candidates: a task runs the candidate's job with the
 * {@link JobRunner} on the search's graph (walks, pairs, model, the job's engine, its time budget
 * {@code training.maxSeconds}), scores the vectors with the search's {@link EmbeddingScoreFunction}, hands the
 * model to the configuration's {@link ResultSaver} (e.g. {@link BestModelSaver}), and reports a
 * {@link CandidateResult} to the listener.
 *
 * <p><b>Data.</b> The graph is given to this creator, not through an Arbiter data source: every candidate shares
 * the one in-memory (or memory-mapped) graph; the score function holds its own evaluation data.
 *
 * <p><b>Time budget.</b> A run that the runner stops at {@code training.maxSeconds} ({@code OUT_OF_TIME}) is scored
 * as trained so far and {@code STOPPED} under {@link BudgetPolicy#SCORE}, or {@code FAILED} under
 * {@link BudgetPolicy#FAIL}. Scoring is not budgeted.
 *
 * <p><b>Duplicates.</b> Candidates that are the same job once its automatic choices are made (the space normalises
 * values the walk kind does not use, so a grid over p also gives uniform walks once per p) are trained once:
 * later ones wait for the first and take its result, status {@code DUPLICATE}. The whole resolved job is compared,
 * not its run identity, which leaves out threads and the time budget: in a search those change the model trained.
 */
@SuppressWarnings({"rawtypes", "deprecation"}) // Arbiter's TaskCreator API: raw Candidate, DataProvider variant
public final class EmbeddingTaskCreator implements TaskCreator {
    private static final Logger log = LoggerFactory.getLogger(EmbeddingTaskCreator.class);

    private final HeteroGraph graph;
    private final BudgetPolicy budgetPolicy;
    private final boolean deduplicate;
    private final Consumer<CandidateResult> listener;
    private final boolean cuda = JobRunner.cudaBackend();
    private final Map<String, CompletableFuture<CandidateResult>> jobs = new ConcurrentHashMap<>();

    private EmbeddingTaskCreator(Builder b) {
        this.graph = b.graph;
        this.budgetPolicy = b.budgetPolicy;
        this.deduplicate = b.deduplicate;
        this.listener = b.listener;
    }

    public static Builder builder(HeteroGraph graph) {
        return new Builder(graph);
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
        TrainedModel model = null;
        EmbeddingJob job = null;
        try {
            if (candidate.getException() != null) { // the space could not make the job
                throw candidate.getException();
            }
            job = (EmbeddingJob) candidate.getValue();
            CompletableFuture<CandidateResult> mine = new CompletableFuture<>();
            CompletableFuture<CandidateResult> first = deduplicate ? jobs.putIfAbsent(job.resolved(cuda).toJson(), mine) : null;
            if (first != null) {
                result = first.join().asDuplicate(index);
                log.info("candidate {}: same job as candidate {}, not trained again", index, result.duplicateOf());
            } else {
                try {
                    long t0 = System.nanoTime();
                    model = JobRunner.builder(job).graph(graph).build().run();
                    result = score(index, job, model, (System.nanoTime() - t0) / 1e9, scoreFunction);
                    if (result.status() == CandidateResult.Status.FAILED) {
                        model = null;
                    }
                } catch (Throwable e) {
                    result = failed(index, job, e, System.currentTimeMillis() - startMs);
                }
                mine.complete(result);
            }
        } catch (Throwable e) {
            result = failed(index, job, e, System.currentTimeMillis() - startMs);
        } finally {
            Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
        }
        return report(candidate, result, model, startMs, statusListeners, runner);
    }

    /** Tells Arbiter (its result, saver and status listeners) and our listener how the candidate ended. */
    private OptimizationResult report(Candidate candidate, CandidateResult result, TrainedModel model, long startMs,
                                      List<StatusListener> statusListeners, IOptimizationRunner runner) {
        int index = candidate.getIndex();
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

    /** Scores a trained model; an out-of-time run is scored (STOPPED) or failed as the budget policy says. */
    private CandidateResult score(int index, EmbeddingJob job, TrainedModel m, double runSeconds, ScoreFunction scoreFunction) {
        long pairs = m.progress().pairs();
        String note = null;
        if (m.status() == TrainedModel.Status.OUT_OF_TIME) {
            note = String.format(Locale.ROOT, "over the time budget of training.maxSeconds = %s s: stopped after %,d pairs",
                    m.job().training().maxSeconds(), pairs);
            log.info("candidate {}: {}", index, note);
            if (budgetPolicy == BudgetPolicy.FAIL) {
                return new CandidateResult(index, CandidateResult.Status.FAILED, null, Map.of(), pairs, runSeconds, 0,
                        job, -1, note);
            }
        }
        long s0 = System.nanoTime();
        Map<String, Double> metrics;
        double score;
        if (scoreFunction instanceof EmbeddingScoreFunction esf) {
            metrics = esf.evaluate(m.embeddings());
            score = metrics.get(esf.metric());
        } else {
            score = scoreFunction.score(m, (DataProvider) null, null);
            metrics = Map.of("score", score);
        }
        double scoreSeconds = (System.nanoTime() - s0) / 1e9;
        if (Double.isNaN(score)) {
            throw new IllegalStateException("score is NaN (did training diverge?)");
        }
        log.info("candidate {}: score {} ({} s walking and training, {} s scoring)", index, String.format(Locale.ROOT, "%.4f", score),
                String.format(Locale.ROOT, "%.1f", runSeconds), String.format(Locale.ROOT, "%.1f", scoreSeconds));
        return new CandidateResult(index, note == null ? CandidateResult.Status.COMPLETED : CandidateResult.Status.STOPPED,
                score, metrics, pairs, runSeconds, scoreSeconds, job, -1, note);
    }

    private static CandidateResult failed(int index, EmbeddingJob job, Throwable e, long millis) {
        log.warn("candidate {} failed", index, e);
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
        if (e.getCause() != null && e.getMessage() == null) {
            message += " (" + ExceptionUtils.getRootCauseMessage(e) + ")";
        }
        return new CandidateResult(index, CandidateResult.Status.FAILED, null, Map.of(), 0, millis / 1000.0, 0, job, -1, message);
    }

    /** Builder: the graph every candidate trains on; score over budget; deduplicate; no listener. */
    public static final class Builder {
        private final HeteroGraph graph;
        private BudgetPolicy budgetPolicy = BudgetPolicy.SCORE;
        private boolean deduplicate = true;
        private Consumer<CandidateResult> listener;

        private Builder(HeteroGraph graph) {
            this.graph = Objects.requireNonNull(graph, "graph");
        }

        /** What to do with a candidate stopped by its time budget (default: score it). */
        public Builder budgetPolicy(BudgetPolicy policy) {
            this.budgetPolicy = Objects.requireNonNull(policy);
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
            return new EmbeddingTaskCreator(this);
        }
    }
}
