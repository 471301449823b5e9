package org.heteroembed.job;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.sampling.SkipGramPairGenerator;
import org.heteroembed.train.fast.TrainingProgress;
import org.heteroembed.walk.WalkGenerator;

import java.util.function.BooleanSupplier;

/**
 * What the {@link JobRunner} gives a {@link TrainingEngine}: the resolved job, the training graph, its walks and
 * skip-gram pairs, the network, where to start, the stop signal, and where to report progress.
 */
public final class EngineContext {
    /** Receives an engine's reports (the runner's checkpoints, loss curve and listeners). */
    interface ProgressSink {
        void begin(long plannedTokens);

        void progress(TrainingProgress progress, double loss);

        void show(TrainingProgress progress);
    }

    private final EmbeddingJob job;
    private final HeteroGraph graph;
    private final WalkGenerator walks;
    private final SkipGramPairGenerator pairs;
    private final ComputationGraph net;
    private final TrainingProgress start;
    private final BooleanSupplier stop;
    private final ProgressSink sink;
    private final float[] rowRates;

    EngineContext(EmbeddingJob job, HeteroGraph graph, WalkGenerator walks, SkipGramPairGenerator pairs,
                  ComputationGraph net, TrainingProgress start, BooleanSupplier stop, ProgressSink sink) {
        this(job, graph, walks, pairs, net, start, stop, sink, null);
    }

    EngineContext(EmbeddingJob job, HeteroGraph graph, WalkGenerator walks, SkipGramPairGenerator pairs,
                  ComputationGraph net, TrainingProgress start, BooleanSupplier stop, ProgressSink sink,
                  float[] rowRates) {
        this.rowRates = rowRates;
        this.job = job;
        this.graph = graph;
        this.walks = walks;
        this.pairs = pairs;
        this.net = net;
        this.start = start;
        this.stop = stop;
        this.sink = sink;
    }

    /** The job, resolved: engine, updater and learning rate are set. */
    public EmbeddingJob job() {
        return job;
    }

    public TrainingConfig training() {
        return job.training();
    }

    public HeteroGraph graph() {
        return graph;
    }

    public WalkGenerator walks() {
        return walks;
    }

    /** The skip-gram pairs of the walks (null for an engine that walks elsewhere, see {@link TrainingEngine#walksLocally()}). */
    public SkipGramPairGenerator pairs() {
        if (pairs == null) {
            throw new IllegalStateException("this run made no skip-gram pairs in this process: its engine walks elsewhere");
        }
        return pairs;
    }

    public ComputationGraph net() {
        return net;
    }

    /** Where to start: {@link TrainingProgress#START}, or a checkpoint's progress. */
    public TrainingProgress start() {
        return start;
    }

    /** Tokens a full run trains: the corpus times the epochs (for engines that walk locally). */
    public long plannedTokens() {
        return Math.max(1, pairs.corpusTokens() * job.training().epochs());
    }

    /** The learning rate after {@code tokens} tokens and {@code pairs} pairs, under the job's schedule. */
    public double learningRate(long tokens, long pairs) {
        TrainingConfig t = job.training();
        double fraction = t.maxPairs() > 0 ? (double) pairs / t.maxPairs() : (double) tokens / plannedTokens();
        return t.learningRateAt(fraction);
    }

    /**
     * Per node, the fraction of each update its rows take (a warm start's old nodes below 1, frozen at 0), or null
     * when every row trains at the full rate. Only the fast engine applies it (the job refuses the others).
     */
    public float[] rowRates() {
        return rowRates;
    }

    /** Whether the engine should stop (Ctrl-C, the time budget, a caller's request). */
    public boolean stopRequested() {
        return stop.getAsBoolean();
    }

    /** Announces the tokens the whole run will train; engines call it once, before their first progress report. */
    public void begin(long plannedTokens) {
        sink.begin(plannedTokens);
    }

    /** Reports progress and the mean loss since the last report (NaN: none measured). */
    public void progress(TrainingProgress progress, double loss) {
        sink.progress(progress, loss);
    }

    /**
     * Shows where training is, for the listeners only: no loss point and no checkpoint. For engines whose network
     * is not trained in place until they return (DL4J's Spark masters train copies), or that do not checkpoint.
     */
    public void show(TrainingProgress progress) {
        sink.show(progress);
    }
}
