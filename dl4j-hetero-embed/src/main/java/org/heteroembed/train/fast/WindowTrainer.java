package org.heteroembed.train.fast;

import org.heteroembed.sampling.NegativeSampler;
import org.heteroembed.sampling.SkipGramConfig;
import org.heteroembed.sampling.SkipGramWindows;
import org.heteroembed.walk.SplitMix64;
import org.heteroembed.walk.WalkChunk;

import java.util.Arrays;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The fast engine's arithmetic for one thread: skip-gram with negative sampling on a pair of row tables,
 * one center position at a time, mini-batched as in Ji et al. 2016 ("Parallelizing Word2Vec in Shared and
 * Distributed Memory", HogBatch): the input vectors of the window's context nodes against the output vector of
 * the center (label 1) and k negatives shared by the window (label 0), {@code g = lr (label - sigmoid(dot))};
 * context rows move by {@code sum g * target}, target rows by {@code sum g * context}. Rows are copied into
 * Java arrays once per window rather than once per pair.
 *
 * <p>The node indices in the walks, the negative sampler and the tables must share one index space: the
 * whole graph on one machine ({@link FastSkipGramEngine}), or the rows a Spark task holds
 * ({@code org.heteroembed.spark}). Not thread-safe; one per thread, tables shared (Hogwild).
 */
public final class WindowTrainer {
    private static final int EXP_TABLE_SIZE = 1000;
    private static final float MAX_EXP = 6f;
    private static final float[] SIGMOID = new float[EXP_TABLE_SIZE];
    /** Every {@value}th window's mean pair loss is added to the loss adders (for progress display). */
    private static final int LOSS_SAMPLE = 64;

    static {
        for (int i = 0; i < EXP_TABLE_SIZE; i++) {
            double x = (i / (double) EXP_TABLE_SIZE * 2 - 1) * MAX_EXP;
            SIGMOID[i] = (float) (1 / (1 + Math.exp(-x)));
        }
    }

    private final Kernels kernels;
    private final FloatRows in, out;
    private final NegativeSampler negatives;
    private final SkipGramWindows windows;
    private final int k;
    private final long epochSalt;
    private final DoubleAdder lossSum;
    private final LongAdder lossCount;
    private final SplitMix64 rng = new SplitMix64(0);
    private final float[][] ctx, ctxDelta, tgt, tgtDelta;
    private final float[][] grad;
    private final int[] targetNodes;
    private int windowsSinceSample;
    private float lr;          // of the current chunk
    private long windowPairs;  // (context, target) pairs trained

    /**
     * @param epoch     salts the random stream, so each epoch draws other windows and negatives
     * @param lossSum   receives sampled window losses (with {@code lossCount}); may be shared between threads
     */
    public WindowTrainer(FloatRows in, FloatRows out, NegativeSampler negatives, SkipGramWindows windows,
                         SkipGramConfig sg, int epoch, DoubleAdder lossSum, LongAdder lossCount) {
        this(Kernels.INSTANCE, in, out, negatives, windows, sg, epoch, lossSum, lossCount);
    }

    /** With the given kernels (tests check each implementation; the engine uses {@link Kernels#INSTANCE}). */
    WindowTrainer(Kernels kernels, FloatRows in, FloatRows out, NegativeSampler negatives, SkipGramWindows windows,
                  SkipGramConfig sg, int epoch, DoubleAdder lossSum, LongAdder lossCount) {
        if (in.dim() != out.dim()) {
            throw new IllegalArgumentException("input and output tables differ in width: " + in.dim() + " vs " + out.dim());
        }
        this.kernels = kernels;
        this.in = in;
        this.out = out;
        this.negatives = negatives;
        this.windows = windows;
        this.k = sg.negatives();
        this.epochSalt = SplitMix64.mix(sg.seed() + 31L * epoch);
        this.lossSum = lossSum;
        this.lossCount = lossCount;
        int d = in.dim();
        ctx = new float[2 * sg.window()][d];
        ctxDelta = new float[2 * sg.window()][d];
        tgt = new float[1 + k][d];
        tgtDelta = new float[1 + k][d];
        grad = new float[2 * sg.window()][1 + k];
        targetNodes = new int[1 + k];
    }

    /** Trains every window of the chunk's walks at rate {@code lr}; returns the (context, target) pairs trained. */
    public long train(WalkChunk chunk, float lr) {
        rng.reseed(SplitMix64.seedFor(epochSalt, 4, chunk.firstWalk()));
        this.lr = lr;
        long before = windowPairs;
        for (int w = 0; w < chunk.size(); w++) {
            windows.forEachWindow(chunk, w, rng, this::trainWindow);
        }
        return windowPairs - before;
    }

    /** One center position: scores are a small [c, 1+k] matrix product; each row is read and written once. */
    private void trainWindow(int center, int[] contextNodes, int c) {
        windowPairs += c;
        int d = in.dim();
        targetNodes[0] = center;
        for (int q = 1; q <= k; q++) {
            int neg = negatives.sample(center, rng);
            for (int retry = 0; neg == center && retry < 10; retry++) {
                neg = negatives.sample(center, rng);
            }
            targetNodes[q] = neg;
        }
        for (int i = 0; i < c; i++) {
            in.read(contextNodes[i], ctx[i]);
            Arrays.fill(ctxDelta[i], 0f);
        }
        for (int t = 0; t <= k; t++) {
            out.read(targetNodes[t], tgt[t]);
            Arrays.fill(tgtDelta[t], 0f);
        }
        boolean sample = ++windowsSinceSample >= LOSS_SAMPLE;
        double loss = 0;
        int scored = 0;
        for (int i = 0; i < c; i++) {
            for (int t = 0; t <= k; t++) {
                float f = kernels.dot(ctx[i], tgt[t], d);
                if (sample) {
                    double sig = 1 / (1 + Math.exp(-Math.max(-MAX_EXP, Math.min(MAX_EXP, f))));
                    loss -= Math.log(t == 0 ? sig : 1 - sig);
                    scored++;
                }
                float label = t == 0 ? 1f : (targetNodes[t] == center ? Float.NaN : 0f);
                float g;
                if (label != label) {
                    g = 0f; // a negative that is the center itself after all retries: skip it
                } else if (f >= MAX_EXP) {
                    g = (label - 1f) * lr;
                } else if (f <= -MAX_EXP) {
                    g = label * lr;
                } else {
                    // f just under MAX_EXP can round to index EXP_TABLE_SIZE (word2vec's table has one spare entry)
                    int index = Math.min(EXP_TABLE_SIZE - 1, (int) ((f + MAX_EXP) * (EXP_TABLE_SIZE / MAX_EXP / 2)));
                    g = (label - SIGMOID[index]) * lr;
                }
                grad[i][t] = g;
            }
        }
        if (sample) {
            windowsSinceSample = 0;
            lossSum.add(loss / scored * (1 + k)); // per context: its positive and k negatives
            lossCount.increment();
        }
        for (int i = 0; i < c; i++) {
            float[] delta = ctxDelta[i], ci = ctx[i];
            for (int t = 0; t <= k; t++) {
                float g = grad[i][t];
                if (g == 0f) {
                    continue;
                }
                kernels.crossUpdate(g, tgt[t], delta, ci, tgtDelta[t], d);
            }
        }
        writeRows(in, contextNodes, c, ctx, ctxDelta);
        writeRows(out, targetNodes, k + 1, tgt, tgtDelta);
    }

    /**
     * Writes each node's row once: its value at the start of the window plus the deltas of all its occurrences. A
     * node can occur twice in a window (a walk that revisits it; a negative drawn twice, or equal to the center
     * after all retries); writing every occurrence's copy would keep only the last one's delta.
     */
    private void writeRows(FloatRows table, int[] nodes, int count, float[][] rows, float[][] deltas) {
        int d = table.dim();
        for (int i = 1; i < count; i++) {
            int first = firstOccurrence(nodes, i);
            if (first < i) {
                kernels.addTo(deltas[first], deltas[i], d);
            }
        }
        for (int i = 0; i < count; i++) {
            if (firstOccurrence(nodes, i) == i) {
                kernels.addTo(rows[i], deltas[i], d);
                table.write(nodes[i], rows[i]);
            }
        }
    }

    /** The first position holding the node at position {@code i} (windows are short: a linear scan). */
    private static int firstOccurrence(int[] nodes, int i) {
        int j = 0;
        while (nodes[j] != nodes[i]) {
            j++;
        }
        return j;
    }
}
