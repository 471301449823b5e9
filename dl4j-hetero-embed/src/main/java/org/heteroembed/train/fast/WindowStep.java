package org.heteroembed.train.fast;

import org.heteroembed.sampling.Negatives;

import java.util.Arrays;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.random.RandomGenerator;

/**
 * One skip-gram window's update, the arithmetic shared by every trainer that works on row tables (in memory, one
 * Spark task's rows, one bucket of partitioned tables): mini-batched as in Ji et al. 2016 ("Parallelizing Word2Vec in
 * Shared and Distributed Memory", HogBatch): the input vectors of the window's context nodes against the output
 * vector of the center (label 1) and k negatives shared by the window (label 0), {@code g = lr (label -
 * sigmoid(dot))}; context rows move by {@code sum g * target}, target rows by {@code sum g * context}. Rows are
 * copied into Java arrays once per window rather than once per pair.
 *
 * <p>Node indices are rows of the given tables. Not thread-safe; one per thread, tables shared (Hogwild).
 */
public final class WindowStep {
    private static final int EXP_TABLE_SIZE = 1000;
    private static final float MAX_EXP = 6f;
    private static final float[] SIGMOID = new float[EXP_TABLE_SIZE];
    /** Every {@value}th window's mean pair loss is added to the loss adders (for progress display). */
    private static final int LOSS_SAMPLE = 64;
    /** Draws of a negative equal to the center before the window keeps it (and skips it). */
    private static final int CENTER_RETRIES = 10;

    static {
        for (int i = 0; i < EXP_TABLE_SIZE; i++) {
            double x = (i / (double) EXP_TABLE_SIZE * 2 - 1) * MAX_EXP;
            SIGMOID[i] = (float) (1 / (1 + Math.exp(-x)));
        }
    }

    private final Kernels kernels;
    private final int k;
    private final int dim;
    private final DoubleAdder lossSum;
    private final LongAdder lossCount;
    private final float[][] ctx, ctxDelta, tgt, tgtDelta;
    private final float[][] grad;
    private final int[] targetNodes;
    private int windowsSinceSample;

    /**
     * @param window    the largest window radius (a window has at most {@code 2 window} contexts)
     * @param negatives k, negatives per window
     * @param lossSum   receives sampled window losses (with {@code lossCount}); may be shared between threads
     */
    public WindowStep(Kernels kernels, int dim, int window, int negatives, DoubleAdder lossSum, LongAdder lossCount) {
        this.kernels = kernels;
        this.k = negatives;
        this.dim = dim;
        this.lossSum = lossSum;
        this.lossCount = lossCount;
        ctx = new float[2 * window][dim];
        ctxDelta = new float[2 * window][dim];
        tgt = new float[1 + k][dim];
        tgtDelta = new float[1 + k][dim];
        grad = new float[2 * window][1 + k];
        targetNodes = new int[1 + k];
    }

    /**
     * The mean of sampled losses for a progress report: NaN when none was sampled, +Infinity when a sample was not
     * finite (a row is no longer a number: the run diverged, {@link #reportNonFinite}).
     */
    public static double meanLoss(double sum, long count) {
        return count == 0 ? Double.NaN : Double.isFinite(sum) ? sum / count : Double.POSITIVE_INFINITY;
    }

    /**
     * A score of this window was not finite: its rows hold an infinity or NaN (the learning rate was too high). Every
     * use of such a row has a non-finite score (the dot products are computed anyway, so checking them costs a
     * compare), and the loss adders make the next progress report infinite, which stops the run
     * ({@link #meanLoss}).
     */
    private void reportNonFinite() {
        lossSum.add(Double.POSITIVE_INFINITY);
        lossCount.increment();
    }

    /** With the fastest kernels available ({@link Kernels#INSTANCE}). */
    public WindowStep(int dim, int window, int negatives, DoubleAdder lossSum, LongAdder lossCount) {
        this(Kernels.INSTANCE, dim, window, negatives, lossSum, lossCount);
    }

    public int dim() {
        return dim;
    }

    /**
     * Trains one center position: draws its k negatives from {@code negatives} with {@code rng} (a negative equal to
     * the center is drawn again, up to 10 times, then skipped), scores the small {@code [c, 1+k]} matrix, and writes
     * each row once.
     *
     * @param in             input (context) rows
     * @param out            output (center and negative) rows
     * @param negativeWeight multiplies each negative's gradient (1 for the global sampler; a partition-restricted
     *                       sampler's correction otherwise)
     */
    public void train(FloatRows in, FloatRows out, Negatives negatives, RandomGenerator rng, int center,
                      int[] contextNodes, int c, float lr, float negativeWeight) {
        int d = dim;
        targetNodes[0] = center;
        for (int q = 1; q <= k; q++) {
            int neg = negatives.sample(center, rng);
            for (int retry = 0; neg == center && retry < CENTER_RETRIES; retry++) {
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
        boolean finite = true;
        for (int i = 0; i < c; i++) {
            for (int t = 0; t <= k; t++) {
                float f = kernels.dot(ctx[i], tgt[t], d);
                finite &= Float.isFinite(f);
                if (sample) {
                    double sig = 1 / (1 + Math.exp(-Math.max(-MAX_EXP, Math.min(MAX_EXP, f))));
                    loss -= Math.log(t == 0 ? sig : 1 - sig);
                    scored++;
                }
                // a negative that is the center itself after all retries is skipped
                float g = t == 0 ? gradient(1f, f, lr) : targetNodes[t] == center ? 0f : gradient(0f, f, lr);
                grad[i][t] = t == 0 ? g : g * negativeWeight; // x 1f is exact: the global sampler's steps are unchanged
            }
        }
        if (sample) {
            windowsSinceSample = 0;
            lossSum.add(loss / scored * (1 + k)); // per context: its positive and k negatives
            lossCount.increment();
        }
        if (!finite) {
            reportNonFinite();
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

    // Buffers of trainGroup, grown on demand.
    private float[][] gCtx = new float[0][], gCtxDelta = new float[0][], gTgt = new float[0][], gTgtDelta = new float[0][];
    private int[] gTargets = new int[0];

    /**
     * Trains a group of sub-windows (centers with some of their contexts) that share one set of k negatives, as the
     * contexts of one HogBatch window share them: context {@code x} of sub-window {@code s} is scored against
     * {@code centers[s]} (label 1) and the k negatives (label 0), at the rows' values at the start of the group; then
     * every row is written once. For a partition's bucket, whose sub-windows are windows cut by partition: grouping
     * about as many sub-windows as a window was cut into keeps the window's ratio of row traffic to pairs (a
     * sub-window alone would read and write its 1+k target rows for a context or two). One sub-window is
     * {@link #train} exactly (it is called for it).
     *
     * @param centers  the sub-windows' centers ({@code groupSize} of them, of one node type: the negatives are drawn for
     *                 the first)
     * @param counts   each sub-window's number of contexts
     * @param contexts the contexts, sub-window after sub-window
     */
    public void trainGroup(FloatRows in, FloatRows out, Negatives negatives, RandomGenerator rng, int[] centers,
                           int[] counts, int groupSize, int[] contexts, float lr, float negativeWeight) {
        if (groupSize == 1) {
            train(in, out, negatives, rng, centers[0], contexts, counts[0], lr, negativeWeight);
            return;
        }
        int d = dim, g = groupSize, targets = g + k;
        int total = 0;
        for (int s = 0; s < g; s++) {
            total += counts[s];
        }
        grow(total, targets);
        System.arraycopy(centers, 0, gTargets, 0, g);
        for (int q = 0; q < k; q++) {
            int neg = negatives.sample(centers[0], rng);
            for (int retry = 0; isCenter(neg, centers, g) && retry < CENTER_RETRIES; retry++) {
                neg = negatives.sample(centers[0], rng);
            }
            gTargets[g + q] = neg;
        }
        for (int x = 0; x < total; x++) {
            in.read(contexts[x], gCtx[x]);
            Arrays.fill(gCtxDelta[x], 0f);
        }
        for (int t = 0; t < targets; t++) {
            out.read(gTargets[t], gTgt[t]);
            Arrays.fill(gTgtDelta[t], 0f);
        }
        boolean sample = ++windowsSinceSample >= LOSS_SAMPLE;
        double loss = 0;
        int scored = 0;
        boolean finite = true;
        for (int s = 0, x = 0; s < g; s++) {
            for (int i = 0; i < counts[s]; i++, x++) {
                float[] ci = gCtx[x], delta = gCtxDelta[x];
                for (int t = s; t < targets; t = t == s ? g : t + 1) { // its center, then the shared negatives
                    float f = kernels.dot(ci, gTgt[t], d);
                    finite &= Float.isFinite(f);
                    if (sample) {
                        double sig = 1 / (1 + Math.exp(-Math.max(-MAX_EXP, Math.min(MAX_EXP, f))));
                        loss -= Math.log(t == s ? sig : 1 - sig);
                        scored++;
                    }
                    float gr = t == s ? gradient(1f, f, lr)
                            : gTargets[t] == centers[s] ? 0f : gradient(0f, f, lr) * negativeWeight;
                    if (gr != 0f) {
                        // reads the rows' start values and adds to the deltas only: the order of pairs does not matter
                        kernels.crossUpdate(gr, gTgt[t], delta, ci, gTgtDelta[t], d);
                    }
                }
            }
        }
        if (sample) {
            windowsSinceSample = 0;
            lossSum.add(loss / scored * (1 + k));
            lossCount.increment();
        }
        if (!finite) {
            reportNonFinite();
        }
        writeRows(in, contexts, total, gCtx, gCtxDelta);
        writeRows(out, gTargets, targets, gTgt, gTgtDelta);
    }

    private static boolean isCenter(int node, int[] centers, int g) {
        for (int s = 0; s < g; s++) {
            if (centers[s] == node) {
                return true;
            }
        }
        return false;
    }

    /** {@code lr (label - sigmoid(f))} with word2vec's sigmoid table and saturation. */
    private static float gradient(float label, float f, float lr) {
        if (f >= MAX_EXP) {
            return (label - 1f) * lr;
        }
        if (f <= -MAX_EXP) {
            return label * lr;
        }
        // f just under MAX_EXP can round to index EXP_TABLE_SIZE (word2vec's table has one spare entry)
        int index = Math.min(EXP_TABLE_SIZE - 1, (int) ((f + MAX_EXP) * (EXP_TABLE_SIZE / MAX_EXP / 2)));
        return (label - SIGMOID[index]) * lr;
    }

    private void grow(int contexts, int targets) {
        if (gCtx.length < contexts) {
            gCtx = new float[contexts][dim];
            gCtxDelta = new float[contexts][dim];
        }
        if (gTgt.length < targets) {
            gTgt = new float[targets][dim];
            gTgtDelta = new float[targets][dim];
            gTargets = new int[targets];
        }
    }

    /**
     * Writes each node's row once: its value at the start of the window plus the deltas of all its occurrences. A
     * node can occur twice in a window (a walk that revisits it; a negative drawn twice, or equal to the center
     * after all retries); writing every occurrence's copy would keep only the last one's delta.
     */
    private void writeRows(FloatRows table, int[] nodes, int count, float[][] rows, float[][] deltas) {
        int d = dim;
        for (int i = 1; i < count; i++) {
            int first = firstOccurrence(nodes, i);
            if (first < i) {
                kernels.addTo(deltas[first], deltas[i], d);
            }
        }
        for (int i = 0; i < count; i++) {
            if (firstOccurrence(nodes, i) == i) {
                float rate = table.rate(nodes[i]);
                if (rate == 1f) {
                    kernels.addTo(rows[i], deltas[i], d);
                } else if (rate == 0f) {
                    continue; // a frozen row (a warm start's old node): read, never written
                } else {
                    kernels.axpy(rate, deltas[i], rows[i], d);
                }
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
