package org.heteroembed.sampling;

import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.walk.OrderedPipeline;
import org.heteroembed.walk.SplitMix64;
import org.heteroembed.walk.WalkChunk;
import org.heteroembed.walk.WalkGenerator;

/**
 * Turns walks into skip-gram pairs with negatives, as word2vec does with sentences:
 * <ol>
 *   <li>subsampling: each node occurrence is kept with probability {@code min(1, (sqrt(f/t)+1) t/f)}, f its
 *       corpus frequency (fraction), t the threshold;</li>
 *   <li>for each kept position, a window {@code b} drawn uniformly from 1..window; every node within b
 *       positions is a context of the center;</li>
 *   <li>each pair gets k negatives from the {@link NegativeSampler}, redrawn (up to 10 times) when a draw
 *       hits the context node itself.</li>
 * </ol>
 * Walk {@code w} draws from {@code SplitMix64(seedFor(seed, w))}, so the pairs, like the walks, do not depend
 * on threads. Thread-safe: all state is in the per-call generator.
 */
public final class SkipGramPairGenerator {
    private static final int NEGATIVE_RETRIES = 10;

    private final SkipGramConfig config;
    private final NegativeSampler sampler;
    private final float[] keep; // null when subsampling is off
    private final long corpusTokens;

    public SkipGramPairGenerator(HeteroGraph graph, SkipGramConfig config, NodeFrequencies frequencies) {
        this.config = config;
        this.corpusTokens = frequencies.total();
        this.sampler = new NegativeSampler(graph, frequencies, config.negativeExponent(), config.typeAwareNegatives());
        if (config.subsample() > 0) {
            keep = new float[graph.numNodes()];
            double t = config.subsample();
            for (int v = 0; v < keep.length; v++) {
                double f = (double) frequencies.count(v) / Math.max(1, frequencies.total());
                keep[v] = f == 0 ? 1f : (float) Math.min(1.0, (Math.sqrt(f / t) + 1) * t / f);
            }
        } else {
            keep = null;
        }
    }

    /**
     * The pair generator for a walk corpus, counting node frequencies first with one full pass of the
     * (deterministic) walks, as word2vec builds its vocabulary before training.
     */
    public static SkipGramPairGenerator forWalks(WalkGenerator walks, SkipGramConfig config) throws InterruptedException {
        return new SkipGramPairGenerator(walks.graph(), config, NodeFrequencies.count(walks));
    }

    public SkipGramConfig config() {
        return config;
    }

    /** The negative sampler (for trainers that draw negatives themselves). */
    public NegativeSampler negativeSampler() {
        return sampler;
    }

    /** Node occurrences in one run of the walks the frequencies were counted on (before subsampling). */
    public long corpusTokens() {
        return corpusTokens;
    }

    /** Probability that an occurrence of {@code node} survives subsampling (1 when off). */
    public float keepProbability(int node) {
        return keep == null ? 1f : keep[node];
    }

    /** The pairs of one chunk of walks; {@code rng} is the calling thread's own generator. */
    public PairChunk pairs(WalkChunk chunk, SplitMix64 rng) {
        int window = config.window(), k = config.negatives();
        int capacity = 2 * window * chunk.totalNodes();
        int[] centers = new int[capacity], contexts = new int[capacity], negatives = new int[capacity * k];
        int[] kept = new int[maxLength(chunk)];
        int n = 0;
        for (int w = 0; w < chunk.size(); w++) {
            rng.reseed(SplitMix64.seedFor(config.seed(), 3, chunk.firstWalk() + w));
            int len = 0;
            for (int s = 0, end = chunk.length(w); s < end; s++) {
                int node = chunk.node(w, s);
                if (keep == null || keep[node] >= 1f || rng.nextFloat() < keep[node]) {
                    kept[len++] = node;
                }
            }
            for (int i = 0; i < len; i++) {
                int b = 1 + rng.nextInt(window);
                int from = Math.max(0, i - b), to = Math.min(len - 1, i + b);
                for (int j = from; j <= to; j++) {
                    if (j == i) {
                        continue;
                    }
                    centers[n] = kept[i];
                    int context = kept[j];
                    contexts[n] = context;
                    for (int q = 0; q < k; q++) {
                        int neg = sampler.sample(context, rng);
                        for (int retry = 0; neg == context && retry < NEGATIVE_RETRIES; retry++) {
                            neg = sampler.sample(context, rng);
                        }
                        negatives[n * k + q] = neg;
                    }
                    n++;
                }
            }
        }
        return new PairChunk(chunk.firstWalk(), n, k, centers, contexts, negatives);
    }

    private static int maxLength(WalkChunk chunk) {
        int m = 0;
        for (int w = 0; w < chunk.size(); w++) {
            m = Math.max(m, chunk.length(w));
        }
        return m;
    }

    /** Starts walks and pair generation together on the generator's worker threads; pairs arrive in walk order. */
    public OrderedPipeline<PairChunk> start(WalkGenerator walks) {
        return walks.startPerWorker(worker -> {
            SplitMix64 rng = new SplitMix64(0);
            return chunk -> pairs(chunk, rng);
        });
    }
}
