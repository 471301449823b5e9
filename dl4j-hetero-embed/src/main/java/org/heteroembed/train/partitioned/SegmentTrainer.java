package org.heteroembed.train.partitioned;

import org.heteroembed.graph.partition.PartitionLayout;
import org.heteroembed.sampling.Negatives;
import org.heteroembed.sampling.PartitionNegativeSampler;
import org.heteroembed.train.fast.FloatRows;
import org.heteroembed.train.fast.WindowStep;
import org.heteroembed.train.fast.WindowTrainer;
import org.heteroembed.walk.SplitMix64;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Trains bucket segments: the arithmetic of a bucket, shared by the single-machine {@link PartitionedTrainer} and
 * Spark's partitioned mode. A segment's windows are trained in groups of up to {@code group} consecutive records of one
 * center type that share their negatives, drawn from the bucket's output partition ({@link PartitionNegativeSampler},
 * with its gradient weight), the negative stream reseeded per segment from the epoch salt, the segment's first walk and
 * the bucket: so a segment trains the same way wherever and whenever it runs. One per thread (it holds buffers).
 */
public final class SegmentTrainer {
    private final PartitionLayout layout;
    private final PartitionNegativeSampler negatives;
    private final int group;
    private final long salt;
    private final WindowStep step;
    private final SplitMix64 rng = new SplitMix64(0);
    private final int[] centers, counts, contexts;

    /**
     * @param group sub-windows trained together with shared negatives (see {@link PartitionedTrainer})
     * @param salt  the epoch's salt ({@link WindowTrainer#epochSalt})
     */
    public SegmentTrainer(PartitionLayout layout, PartitionNegativeSampler negatives, int dim, int window,
                          int negativeCount, int group, long salt, DoubleAdder lossSum, LongAdder lossCount) {
        this.layout = layout;
        this.negatives = negatives;
        this.group = group;
        this.salt = salt;
        this.step = new WindowStep(dim, window, negativeCount, lossSum, lossCount);
        this.centers = new int[group];
        this.counts = new int[group];
        this.contexts = new int[group * 2 * window];
    }

    /**
     * Trains one segment of bucket {@code bucket = in * P + out} at rate {@code lr}: {@code in} holds the input
     * partition's input rows, {@code out} the output partition's output rows.
     */
    public void train(Segment s, FloatRows in, FloatRows out, int bucket, float lr) {
        int j = bucket % layout.parts();
        Negatives neg = (target, r) -> negatives.sample(j, target, r);
        rng.reseed(WindowTrainer.negativeSeed(salt, s.firstWalk(), bucket));
        int[] data = s.payload();
        // Consecutive records of one center type, up to `group` of them, share their negatives.
        int size = 0, filled = 0, type = -1;
        for (int k = 0, r = 0; r < s.records(); r++) {
            int center = data[k], c = data[k + 1], t = layout.typeOfLocalRow(j, center);
            if (size > 0 && (size == group || t != type)) {
                step.trainGroup(in, out, neg, rng, centers, counts, size, contexts, lr, (float) negatives.negativeWeight(j, type));
                size = filled = 0;
            }
            centers[size] = center;
            counts[size++] = c;
            System.arraycopy(data, k + 2, contexts, filled, c);
            filled += c;
            type = t;
            k += 2 + c;
        }
        if (size > 0) {
            step.trainGroup(in, out, neg, rng, centers, counts, size, contexts, lr, (float) negatives.negativeWeight(j, type));
        }
    }
}
