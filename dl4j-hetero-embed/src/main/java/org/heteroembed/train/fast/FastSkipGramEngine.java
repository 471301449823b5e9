package org.heteroembed.train.fast;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.nn.layers.HeteroEmbeddingLayerImpl;
import org.heteroembed.sampling.SkipGramConfig;
import org.heteroembed.sampling.SkipGramPairGenerator;
import org.heteroembed.walk.OrderedPipeline;
import org.heteroembed.walk.WalkChunk;
import org.heteroembed.walk.WalkGenerator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Multi-threaded skip-gram with negative sampling on the tables of a hetero-embedding ComputationGraph,
 * word2vec style: each walker thread trains on the walks it has just generated (no corpus, no pair objects),
 * updating the network's parameter memory in place without locks (Hogwild), with word2vec's linear
 * learning-rate decay over all epochs. The network stays an ordinary DL4J model: save it, load it with
 * {@code HeteroEmbeddings}, or train it further with {@code fit()}.
 *
 * <p>Per center position, word2vec's skip-gram mini-batched as in Ji et al. 2016 ("Parallelizing Word2Vec in
 * Shared and Distributed Memory", HogBatch): the input vectors of the window's context nodes against the
 * output vector of the center (label 1) and k negatives shared by the window (label 0),
 * {@code g = lr (label - sigmoid(dot))}; context rows move by {@code sum g * target}, target rows by
 * {@code sum g * context}. Rows are copied into Java arrays for the arithmetic ({@link FloatRows}), once per
 * window rather than once per pair. FLOAT tables of one shared size.
 */
public final class FastSkipGramEngine {
    private static final Logger log = LoggerFactory.getLogger(FastSkipGramEngine.class);
    private final double learningRate;
    private final double minLearningRate;
    private final int epochs;
    private final long maxPairs;
    private final float[] rowRates;

    /** What a run did: where it got to, whether it finished, and how fast it went (this run only). */
    public record Result(TrainingProgress progress, boolean completed, long tokensThisRun, double seconds) {
        public double tokensPerSecond() {
            return tokensThisRun / seconds;
        }
    }

    /** Called on the caller's thread after each chunk of walks is trained (e.g. progress bars, checkpoints). */
    @FunctionalInterface
    public interface ProgressListener {
        void onProgress(TrainingProgress progress);
    }

    private volatile boolean stopRequested;
    /** Sampled loss (see {@link WindowTrainer}), for progress display. */
    private final java.util.concurrent.atomic.DoubleAdder lossSum = new java.util.concurrent.atomic.DoubleAdder();
    private final java.util.concurrent.atomic.LongAdder lossCount = new java.util.concurrent.atomic.LongAdder();

    /**
     * Mean skip-gram loss (per context-target score: -log sigmoid for the positive, -log(1 - sigmoid) for
     * negatives) over the windows sampled since the last call; NaN if none, +Infinity when the rows stopped being
     * finite numbers ({@link WindowStep#meanLoss}: the run diverged). For progress displays.
     */
    public double sampledLoss() {
        double sum = lossSum.sumThenReset();
        long n = lossCount.sumThenReset();
        return WindowStep.meanLoss(sum, n);
    }

    private FastSkipGramEngine(Builder b) {
        this.learningRate = b.learningRate;
        this.minLearningRate = b.minLearningRate;
        this.epochs = b.epochs;
        this.maxPairs = b.maxPairs;
        this.rowRates = b.rowRates;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Asks {@code fit} to stop after the chunks in flight (e.g. from a Ctrl-C handler), or not to start if it has
     * not yet. Thread-safe; an engine stays stopped once asked.
     */
    public void requestStop() {
        stopRequested = true;
    }

    /** The total tokens a full run trains (for progress bars): the walk corpus size times the epochs. */
    public long plannedTokens(SkipGramPairGenerator pairs) {
        return Math.max(1, pairs.corpusTokens() * epochs);
    }

    /** The pair budget, or 0 when the run is budgeted in epochs. */
    public long maxPairs() {
        return maxPairs;
    }

    public int epochs() {
        return epochs;
    }

    public Result fit(ComputationGraph net, WalkGenerator walks, SkipGramPairGenerator pairs) throws InterruptedException {
        return fit(net, walks, pairs, TrainingProgress.START, null);
    }

    /**
     * Trains from {@code from} (a checkpoint's progress, or {@link TrainingProgress#START}) to the end of the last
     * epoch, or until {@link #requestStop()}.
     */
    public Result fit(ComputationGraph net, WalkGenerator walks, SkipGramPairGenerator pairs, TrainingProgress from,
                      ProgressListener listener) throws InterruptedException {
        INDArray[] tables = HeteroEmbeddingLayerImpl.find(net, false).sharedSizeTables("the fast engine");
        if (tables[0].rows() != walks.graph().numNodes()) {
            throw new IllegalArgumentException("the model has " + tables[0].rows() + " rows, the graph " + walks.graph().numNodes() + " nodes");
        }
        FloatRows in = new FloatRows(tables[0]).withRates(rowRates);
        FloatRows out = new FloatRows(tables[1]).withRates(rowRates);
        SkipGramConfig sg = pairs.config();
        long planned = plannedTokens(pairs);
        AtomicLong tokens = new AtomicLong(from.tokens()), pairCount = new AtomicLong(from.pairs());
        long t0 = System.nanoTime();
        TrainingProgress progress = from;
        if (stopRequested) { // asked to stop before training began (e.g. Ctrl-C while walks were counted)
            return new Result(from, false, 0, 0);
        }
        int lastEpoch = maxPairs > 0 ? Integer.MAX_VALUE : epochs;
        for (int epoch = from.epoch(); epoch < lastEpoch; epoch++) {
            final int e = epoch;
            long firstChunk = epoch == from.epoch() ? from.chunk() : 0;
            try (OrderedPipeline<Integer> p = walks.startPerWorker(firstChunk, w -> {
                Worker worker = new Worker(in, out, pairs, sg, planned, tokens, pairCount, e);
                return worker::train;
            })) {
                // Training happens on the walker threads; here chunks are only counted, in order.
                while (p.next() != null) {
                    progress = new TrainingProgress(epoch, p.delivered(), tokens.get(), pairCount.get());
                    if (listener != null) {
                        listener.onProgress(progress);
                    }
                    if (stopRequested) {
                        return new Result(progress, false, tokens.get() - from.tokens(), (System.nanoTime() - t0) / 1e9);
                    }
                    if (maxPairs > 0 && pairCount.get() >= maxPairs) {
                        return new Result(progress, true, tokens.get() - from.tokens(), (System.nanoTime() - t0) / 1e9);
                    }
                }
            }
            progress = new TrainingProgress(epoch + 1, 0, tokens.get(), pairCount.get());
            log.debug("epoch {}: {} tokens, {} pairs, lr now {}", epoch + 1, tokens.get(), pairCount.get(),
                    rate(tokens.get(), pairCount.get(), planned));
            if (pairCount.get() == 0) {
                break; // the walks make no pairs: one epoch says so (the runner reports it), a pair budget never ends
            }
        }
        return new Result(progress, true, tokens.get() - from.tokens(), (System.nanoTime() - t0) / 1e9);
    }

    /** word2vec's linear decay, over the planned tokens, or over the pair budget when there is one. */
    private double rate(long tokensDone, long pairsDone, long planned) {
        double progress = maxPairs > 0 ? (double) pairsDone / maxPairs : (double) tokensDone / planned;
        return Math.max(minLearningRate, learningRate * (1 - progress));
    }

    /** One walker thread's training state: a {@link WindowTrainer} on the shared tables, and the rate schedule. */
    private final class Worker {
        private final WindowTrainer trainer;
        private final long planned;
        private final AtomicLong tokens, pairCount;

        Worker(FloatRows in, FloatRows out, SkipGramPairGenerator pairs, SkipGramConfig sg, long planned,
               AtomicLong tokens, AtomicLong pairCount, int epoch) {
            this.trainer = new WindowTrainer(in, out, pairs.negativeSampler(), pairs.windows(), sg, epoch, lossSum, lossCount);
            this.planned = planned;
            this.tokens = tokens;
            this.pairCount = pairCount;
        }

        Integer train(WalkChunk chunk) {
            float lr = (float) rate(tokens.get(), pairCount.get(), planned);
            pairCount.addAndGet(trainer.train(chunk, lr));
            tokens.addAndGet(chunk.totalNodes());
            return chunk.size();
        }
    }

    /** The kernel implementation in use ("scalar" or "vector-&lt;bits&gt;"). */
    public static String kernels() {
        return Kernels.INSTANCE.name();
    }

    /** Builder: word2vec's defaults (learning rate 0.025 decaying linearly to 0.0001 x that), 1 epoch. */
    public static final class Builder {
        private double learningRate = 0.025;
        private double minLearningRate = 0.025 * 1e-4;
        private int epochs = 1;
        private long maxPairs;
        private float[] rowRates;

        public Builder learningRate(double lr) {
            this.learningRate = lr;
            return this;
        }

        public Builder minLearningRate(double lr) {
            this.minLearningRate = lr;
            return this;
        }

        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /**
         * A budget in pairs instead of epochs: the run goes over the walks as often as needed, stops once it has
         * trained this many (context, target) pairs, and decays the rate over them. 0 (default): use epochs.
         */
        /**
         * Per node, the fraction of each update its rows take (a warm start's old nodes: 0 freezes them); null: all.
         */
        public Builder rowRates(float[] rates) {
            this.rowRates = rates;
            return this;
        }

        public Builder maxPairs(long pairs) {
            this.maxPairs = pairs;
            return this;
        }

        public FastSkipGramEngine build() {
            if (!(learningRate > 0) || !(minLearningRate >= 0) || minLearningRate > learningRate || epochs < 1 || maxPairs < 0) {
                throw new IllegalArgumentException("need learningRate > 0, 0 <= minLearningRate <= learningRate, epochs >= 1, maxPairs >= 0");
            }
            return new FastSkipGramEngine(this);
        }
    }
}
