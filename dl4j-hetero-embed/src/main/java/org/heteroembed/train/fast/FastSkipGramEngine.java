package org.heteroembed.train.fast;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.nn.conf.HeteroEmbeddingLayer;
import org.heteroembed.nn.layers.HeteroEmbeddingLayerImpl;
import org.heteroembed.nn.params.HeteroEmbeddingParamInitializer;
import org.heteroembed.sampling.NegativeSampler;
import org.heteroembed.sampling.SkipGramConfig;
import org.heteroembed.sampling.SkipGramPairGenerator;
import org.heteroembed.walk.OrderedPipeline;
import org.heteroembed.walk.SplitMix64;
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
 * <p>Per (center, target) pair: the center's input vector against the target's output vector (label 1) and k
 * negatives (label 0), {@code g = lr (label - sigmoid(dot))}, output vectors move by {@code g * h}, the input
 * vector by the sum of {@code g * o} (word2vec's {@code neu1e}). Rows are copied into Java arrays for the
 * arithmetic ({@link FloatRows}). FLOAT tables of one shared size.
 *
 * <p>First version: scalar loops over rows; the shared-negative mini-batching of Ji et al. and explicit SIMD
 * are the next steps (see the issue).
 */
public final class FastSkipGramEngine {
    private static final Logger log = LoggerFactory.getLogger(FastSkipGramEngine.class);
    private static final int EXP_TABLE_SIZE = 1000;
    private static final float MAX_EXP = 6f;
    private static final float[] SIGMOID = new float[EXP_TABLE_SIZE];

    static {
        for (int i = 0; i < EXP_TABLE_SIZE; i++) {
            double x = (i / (double) EXP_TABLE_SIZE * 2 - 1) * MAX_EXP;
            SIGMOID[i] = (float) (1 / (1 + Math.exp(-x)));
        }
    }

    private final double learningRate;
    private final double minLearningRate;
    private final int epochs;

    /** What a run did. */
    public record Result(long tokens, long pairs, double seconds) {
        public double tokensPerSecond() {
            return tokens / seconds;
        }
    }

    private FastSkipGramEngine(Builder b) {
        this.learningRate = b.learningRate;
        this.minLearningRate = b.minLearningRate;
        this.epochs = b.epochs;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Result fit(ComputationGraph net, WalkGenerator walks, SkipGramPairGenerator pairs) throws InterruptedException {
        HeteroEmbeddingLayerImpl layer = null;
        for (org.deeplearning4j.nn.api.Layer l : net.getLayers()) {
            if (l instanceof HeteroEmbeddingLayerImpl h) {
                layer = h;
                break;
            }
        }
        if (layer == null) {
            throw new IllegalArgumentException("the network has no HeteroEmbeddingLayer");
        }
        HeteroEmbeddingLayer conf = (HeteroEmbeddingLayer) layer.conf().getLayer();
        if (conf.hasProjections()) {
            throw new IllegalArgumentException("the fast engine trains tables of one shared size (no projections)");
        }
        if (conf.totalNodes() != walks.graph().numNodes()) {
            throw new IllegalArgumentException("the model has " + conf.totalNodes() + " rows, the graph " + walks.graph().numNodes() + " nodes");
        }
        INDArray params = layer.params();
        FloatRows in = new FloatRows(HeteroEmbeddingParamInitializer.allInputVectors(conf, params));
        FloatRows out = new FloatRows(HeteroEmbeddingParamInitializer.allOutputVectors(conf, params));
        SkipGramConfig sg = pairs.config();
        long planned = Math.max(1, pairs.corpusTokens() * epochs);
        AtomicLong tokens = new AtomicLong(), pairCount = new AtomicLong();
        long t0 = System.nanoTime();
        for (int epoch = 0; epoch < epochs; epoch++) {
            final int e = epoch;
            try (OrderedPipeline<Integer> p = walks.startPerWorker(w -> {
                Worker worker = new Worker(in, out, pairs, sg, planned, tokens, pairCount, e);
                return worker::train;
            })) {
                while (p.next() != null) {
                    // training happens on the walker threads
                }
            }
            log.info("epoch {}: {} tokens, {} pairs, lr now {}", epoch + 1, tokens.get(), pairCount.get(),
                    rate(tokens.get(), planned));
        }
        return new Result(tokens.get(), pairCount.get(), (System.nanoTime() - t0) / 1e9);
    }

    private double rate(long done, long planned) {
        return Math.max(minLearningRate, learningRate * (1 - (double) done / planned));
    }

    /** One walker thread's training state: its generator and row buffers. */
    private final class Worker {
        private final FloatRows in, out;
        private final SkipGramPairGenerator pairs;
        private final NegativeSampler negatives;
        private final int window, k;
        private final long planned;
        private final AtomicLong tokens, pairCount;
        private final long epochSalt;
        private final SplitMix64 rng = new SplitMix64(0);
        private final float[] h, neu1e, o;
        private int[] kept = new int[0];

        Worker(FloatRows in, FloatRows out, SkipGramPairGenerator pairs, SkipGramConfig sg, long planned,
               AtomicLong tokens, AtomicLong pairCount, int epoch) {
            this.in = in;
            this.out = out;
            this.pairs = pairs;
            this.negatives = pairs.negativeSampler();
            this.window = sg.window();
            this.k = sg.negatives();
            this.planned = planned;
            this.tokens = tokens;
            this.pairCount = pairCount;
            this.epochSalt = SplitMix64.mix(sg.seed() + 31L * epoch);
            int d = in.dim();
            h = new float[d];
            neu1e = new float[d];
            o = new float[d];
        }

        Integer train(WalkChunk chunk) {
            rng.reseed(SplitMix64.seedFor(epochSalt, 4, chunk.firstWalk()));
            float lr = (float) rate(tokens.get(), planned);
            long localPairs = 0;
            for (int w = 0; w < chunk.size(); w++) {
                int len = chunk.length(w);
                if (kept.length < len) {
                    kept = new int[len];
                }
                int n = 0;
                for (int s = 0; s < len; s++) {
                    int node = chunk.node(w, s);
                    float keep = pairs.keepProbability(node);
                    if (keep >= 1f || rng.nextFloat() < keep) {
                        kept[n++] = node;
                    }
                }
                for (int i = 0; i < n; i++) {
                    int b = 1 + rng.nextInt(window);
                    for (int j = Math.max(0, i - b), end = Math.min(n - 1, i + b); j <= end; j++) {
                        if (j != i) {
                            trainPair(kept[i], kept[j], lr);
                            localPairs++;
                        }
                    }
                }
            }
            pairCount.addAndGet(localPairs);
            tokens.addAndGet(chunk.totalNodes());
            return chunk.size();
        }

        private void trainPair(int center, int target, float lr) {
            int d = h.length;
            in.read(center, h);
            java.util.Arrays.fill(neu1e, 0f);
            for (int q = 0; q <= k; q++) {
                int row;
                float label;
                if (q == 0) {
                    row = target;
                    label = 1f;
                } else {
                    row = negatives.sample(target, rng);
                    if (row == target) {
                        continue;
                    }
                    label = 0f;
                }
                out.read(row, o);
                float f = 0f;
                for (int x = 0; x < d; x++) {
                    f += h[x] * o[x];
                }
                float g;
                if (f > MAX_EXP) {
                    g = (label - 1f) * lr;
                } else if (f < -MAX_EXP) {
                    g = label * lr;
                } else {
                    g = (label - SIGMOID[(int) ((f + MAX_EXP) * (EXP_TABLE_SIZE / MAX_EXP / 2))]) * lr;
                }
                for (int x = 0; x < d; x++) {
                    neu1e[x] += g * o[x];
                    o[x] += g * h[x];
                }
                out.write(row, o);
            }
            for (int x = 0; x < d; x++) {
                h[x] += neu1e[x];
            }
            in.write(center, h);
        }
    }

    /** Builder: word2vec's defaults (learning rate 0.025 decaying linearly to 0.0001 x that), 1 epoch. */
    public static final class Builder {
        private double learningRate = 0.025;
        private double minLearningRate = 0.025 * 1e-4;
        private int epochs = 1;

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

        public FastSkipGramEngine build() {
            if (!(learningRate > 0) || !(minLearningRate >= 0) || minLearningRate > learningRate || epochs < 1) {
                throw new IllegalArgumentException("need learningRate > 0, 0 <= minLearningRate <= learningRate, epochs >= 1");
            }
            return new FastSkipGramEngine(this);
        }
    }
}
