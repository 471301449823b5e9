package org.heteroembed.sampling;

import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.walk.OrderedPipeline;
import org.heteroembed.walk.SplitMix64;
import org.heteroembed.walk.WalkChunk;
import org.heteroembed.walk.WalkGenerator;

/**
 * Turns walks into skip-gram pairs with negatives, as word2vec does with sentences:
 * subsampling and random-shrink windows ({@link SkipGramWindows}), then k negatives per pair from the
 * {@link NegativeSampler}, redrawn (up to 10 times) when a draw hits the context node itself.
 * Walk {@code w} draws from {@code SplitMix64(seedFor(seed, w))}, so the pairs, like the walks, do not depend
 * on threads. Thread-safe: all state is in the per-call generator.
 */
public final class SkipGramPairGenerator {
    private static final int NEGATIVE_RETRIES = 10;

    private final SkipGramConfig config;
    private final HeteroGraph graph;
    /** Built on first use: 8 bytes per node (and more while built) that a partitioned run never needs. */
    private volatile NegativeSampler sampler;
    private final float[] keep; // null when subsampling is off
    private final long corpusTokens;
    private final NodeFrequencies frequencies;

    public SkipGramPairGenerator(HeteroGraph graph, SkipGramConfig config, NodeFrequencies frequencies) {
        this.config = config;
        this.frequencies = frequencies;
        this.corpusTokens = frequencies.total();
        this.graph = graph;
        this.keep = keepProbabilities(config, frequencies, frequencies.total());
    }

    /**
     * word2vec's subsampling: per index, the probability {@code min(1, (sqrt(f/t)+1) t/f)} that an occurrence is
     * kept, with {@code f = count / corpusTokens}; null when subsampling is off. {@code corpusTokens} may exceed
     * the counts' total when they cover a subset of the nodes.
     */
    public static float[] keepProbabilities(SkipGramConfig config, NodeFrequencies frequencies, long corpusTokens) {
        if (!(config.subsample() > 0)) {
            return null;
        }
        float[] keep = new float[frequencies.size()];
        double t = config.subsample();
        for (int v = 0; v < keep.length; v++) {
            double f = (double) frequencies.count(v) / Math.max(1, corpusTokens);
            keep[v] = f == 0 ? 1f : (float) Math.min(1.0, (Math.sqrt(f / t) + 1) * t / f);
        }
        return keep;
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
        NegativeSampler s = sampler;
        if (s == null) {
            synchronized (this) {
                if (sampler == null) {
                    sampler = new NegativeSampler(graph, frequencies, config.negativeExponent(), config.typeAwareNegatives());
                }
                s = sampler;
            }
        }
        return s;
    }

    /** How often each node occurs in the walks (the counts behind negatives and subsampling). */
    public NodeFrequencies frequencies() {
        return frequencies;
    }

    /** Node occurrences in one run of the walks the frequencies were counted on (before subsampling). */
    public long corpusTokens() {
        return corpusTokens;
    }

    /** A window iterator with this generator's window and subsampling, for one thread. */
    public SkipGramWindows windows() {
        return new SkipGramWindows(config.window(), keep);
    }

    /** Probability that an occurrence of {@code node} survives subsampling (1 when off). */
    public float keepProbability(int node) {
        return keep == null ? 1f : keep[node];
    }

    /** The pairs of one chunk of walks; {@code rng} is the calling thread's own generator. */
    public PairChunk pairs(WalkChunk chunk, SplitMix64 rng) {
        return pairs(chunk, rng, windows());
    }

    private PairChunk pairs(WalkChunk chunk, SplitMix64 rng, SkipGramWindows windows) {
        NegativeSampler sampler = negativeSampler();
        int k = config.negatives();
        int capacity = 2 * config.window() * chunk.totalNodes();
        int[] centers = new int[capacity], contexts = new int[capacity], negatives = new int[capacity * k];
        int[] n = {0};
        for (int w = 0; w < chunk.size(); w++) {
            rng.reseed(SplitMix64.seedFor(config.seed(), 3, chunk.firstWalk() + w));
            windows.forEachWindow(chunk, w, rng, (center, ctx, count) -> {
                for (int j = 0; j < count; j++) {
                    int p = n[0]++;
                    centers[p] = center;
                    int context = ctx[j];
                    contexts[p] = context;
                    for (int q = 0; q < k; q++) {
                        int neg = sampler.sample(context, rng);
                        for (int retry = 0; neg == context && retry < NEGATIVE_RETRIES; retry++) {
                            neg = sampler.sample(context, rng);
                        }
                        negatives[p * k + q] = neg;
                    }
                }
            });
        }
        return new PairChunk(chunk.firstWalk(), chunk.totalNodes(), n[0], k, centers, contexts, negatives);
    }

    /** Starts walks and pair generation together on the generator's worker threads; pairs arrive in walk order. */
    public OrderedPipeline<PairChunk> start(WalkGenerator walks) {
        return walks.startPerWorker(worker -> {
            SplitMix64 rng = new SplitMix64(0);
            SkipGramWindows windows = windows();
            return chunk -> pairs(chunk, rng, windows);
        });
    }
}
