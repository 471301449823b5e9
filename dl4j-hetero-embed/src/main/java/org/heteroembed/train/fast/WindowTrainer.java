package org.heteroembed.train.fast;

import org.heteroembed.sampling.Negatives;
import org.heteroembed.sampling.SkipGramConfig;
import org.heteroembed.sampling.SkipGramWindows;
import org.heteroembed.walk.SplitMix64;
import org.heteroembed.walk.WalkChunk;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The fast engine's training loop for one thread: the skip-gram windows of a chunk of walks, each trained by a
 * {@link WindowStep} on a pair of row tables (the HogBatch update, see there).
 *
 * <p>Two random streams per chunk, both seeded by the chunk's first walk: one draws the windows (subsampling and
 * window sizes), the other the negatives ({@link #negativeSeed}). Keeping them apart lets the partitioned trainer
 * draw the same windows when it spills them and the same negatives when it trains them later, so a run with one
 * partition equals an in-memory run.
 *
 * <p>The node indices in the walks, the negative sampler and the tables must share one index space: the
 * whole graph on one machine ({@link FastSkipGramEngine}), or the rows a Spark task holds
 * ({@code org.heteroembed.spark}). Not thread-safe; one per thread, tables shared (Hogwild).
 */
public final class WindowTrainer {
    /** Stream of {@link SplitMix64#seedFor} for the windows of a chunk. */
    public static final long WINDOW_STREAM = 4;
    /** Stream for the negatives of a chunk; the partitioned trainer's bucket b uses {@code NEGATIVE_STREAM + 16 b}. */
    public static final long NEGATIVE_STREAM = 5;

    private final FloatRows in, out;
    private final Negatives negatives;
    private final SkipGramWindows windows;
    private final WindowStep step;
    private final long epochSalt;
    private final SplitMix64 windowRng = new SplitMix64(0);
    private final SplitMix64 negativeRng = new SplitMix64(0);
    private float lr;          // of the current chunk
    private long windowPairs;  // (context, target) pairs trained

    /**
     * @param epoch     salts the random streams, so each epoch draws other windows and negatives
     * @param lossSum   receives sampled window losses (with {@code lossCount}); may be shared between threads
     */
    public WindowTrainer(FloatRows in, FloatRows out, Negatives negatives, SkipGramWindows windows,
                         SkipGramConfig sg, int epoch, DoubleAdder lossSum, LongAdder lossCount) {
        this(Kernels.INSTANCE, in, out, negatives, windows, sg, epoch, lossSum, lossCount);
    }

    /** With the given kernels (tests check each implementation; the engine uses {@link Kernels#INSTANCE}). */
    WindowTrainer(Kernels kernels, FloatRows in, FloatRows out, Negatives negatives, SkipGramWindows windows,
                  SkipGramConfig sg, int epoch, DoubleAdder lossSum, LongAdder lossCount) {
        if (in.dim() != out.dim()) {
            throw new IllegalArgumentException("input and output tables differ in width: " + in.dim() + " vs " + out.dim());
        }
        this.in = in;
        this.out = out;
        this.negatives = negatives;
        this.windows = windows;
        this.step = new WindowStep(kernels, in.dim(), sg.window(), sg.negatives(), lossSum, lossCount);
        this.epochSalt = epochSalt(sg.seed(), epoch);
    }

    /** The salt of an epoch's random streams. */
    public static long epochSalt(long seed, int epoch) {
        return SplitMix64.mix(seed + 31L * epoch);
    }

    /** The seed of the windows of the chunk starting at walk {@code firstWalk}. */
    public static long windowSeed(long epochSalt, long firstWalk) {
        return SplitMix64.seedFor(epochSalt, WINDOW_STREAM, firstWalk);
    }

    /** The seed of the negatives of the chunk starting at walk {@code firstWalk}, in bucket {@code bucket} (0: all). */
    public static long negativeSeed(long epochSalt, long firstWalk, int bucket) {
        return SplitMix64.seedFor(epochSalt, NEGATIVE_STREAM + 16L * bucket, firstWalk);
    }

    /** Trains every window of the chunk's walks at rate {@code lr}; returns the (context, target) pairs trained. */
    public long train(WalkChunk chunk, float lr) {
        windowRng.reseed(windowSeed(epochSalt, chunk.firstWalk()));
        negativeRng.reseed(negativeSeed(epochSalt, chunk.firstWalk(), 0));
        this.lr = lr;
        long before = windowPairs;
        for (int w = 0; w < chunk.size(); w++) {
            windows.forEachWindow(chunk, w, windowRng, this::trainWindow);
        }
        return windowPairs - before;
    }

    private void trainWindow(int center, int[] contextNodes, int c) {
        windowPairs += c;
        step.train(in, out, negatives, negativeRng, center, contextNodes, c, lr, 1f);
    }
}
