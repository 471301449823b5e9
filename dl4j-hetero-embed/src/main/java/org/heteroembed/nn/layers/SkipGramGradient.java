package org.heteroembed.nn.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Skip-gram with negative sampling on one batch of gathered rows: the logits, and the row gradients of the mean
 * batch loss. Written once for every path that trains the tables: the layer's backprop for {@code fit()} (into
 * its gradient view, to a {@link RowGradientSink}, or through per-type projections) and
 * {@code HeteroTrainer}, whose updates must equal {@code fit()}'s with SGD.
 *
 * <p>Pair b of a batch of B has one center (an input vector) and {@code 1+k} targets (output vectors: its context,
 * then k negatives); its logits are the dot products {@code center_b . target_bj}. Given the gradient of the summed
 * loss with respect to the logits, {@code e_bj}, the gradient of the mean loss is {@code e_bj / B} times the other
 * side's row: {@code sum_j e_bj target_bj / B} for center b and {@code e_bj center_b / B} for target bj. The caller
 * supplies {@code e}: DL4J's {@code LossLayer} (sigmoid and binary cross-entropy) in the layer,
 * {@code sigmoid(logit) - label} in the trainer.
 *
 * <p>One instance per batch: {@link #rowGradients} computes in place in the gathered rows, so it may be called once.
 */
public final class SkipGramGradient {
    private final int batch;
    private final int width; // 1 + k
    private final INDArray targets;        // [B(1+k), d]: row b(1+k)+j is target j of pair b
    private final INDArray centerRepeated; // [B(1+k), d]: row b(1+k)+j is center b
    private final INDArray logits;         // [B, 1+k]
    private boolean consumed;

    /**
     * @param centers the centers' input vectors, {@code [B, d]}
     * @param targets the targets' output vectors, {@code [B(1+k), d]}, pair by pair (row {@code b(1+k)+j} is target
     *                j of pair b)
     */
    public SkipGramGradient(INDArray centers, INDArray targets) {
        this.batch = (int) centers.rows();
        if (batch == 0 || targets.rows() % batch != 0 || targets.columns() != centers.columns()) {
            throw new IllegalArgumentException("need [B, d] centers and [B(1+k), d] targets, got "
                    + java.util.Arrays.toString(centers.shape()) + " and " + java.util.Arrays.toString(targets.shape()));
        }
        this.width = (int) (targets.rows() / batch);
        this.targets = targets;
        this.centerRepeated = centers.repeat(0, width);
        this.logits = targets.mul(centerRepeated).sum(1).reshape(batch, width);
    }

    /** The logits {@code center_b . target_bj}, {@code [B, 1+k]}. */
    public INDArray logits() {
        return logits;
    }

    /**
     * The gradients of the mean batch loss for the gathered rows.
     *
     * @param logitGradient d(summed loss)/d(logit), {@code [B, 1+k]}
     * @return {@code input}: one row per center, {@code [B, d]}; {@code output}: one row per target, {@code [B(1+k), d]}
     * @throws IllegalStateException if called twice (the gathered rows have been used up)
     */
    public RowGradients rowGradients(INDArray logitGradient) {
        if (consumed) {
            throw new IllegalStateException("the gathered rows were used by an earlier rowGradients call: one per batch");
        }
        consumed = true;
        INDArray perPair = meanOverBatch(logitGradient, logits.dataType()).reshape(batch * (long) width, 1);
        INDArray targetGradients = centerRepeated.muliColumnVector(perPair);
        INDArray centerGradients = targets.muliColumnVector(perPair).reshape(batch, width, targets.columns()).sum(1);
        return new RowGradients(centerGradients, targetGradients);
    }

    /**
     * d(mean loss)/d(output) from d(summed loss)/d(output), {@code [B, ...]}: divided by the batch size, in
     * {@code dataType}. The layer scales its gradient itself (so DL4J's updater need not: one dense pass fewer),
     * and the trainer must scale the same way to give the same updates.
     */
    public static INDArray meanOverBatch(INDArray summedLossGradient, DataType dataType) {
        return summedLossGradient.castTo(dataType).div(summedLossGradient.size(0));
    }

    /**
     * Row gradients of one batch: {@code input} for input-vector rows (centers; in LOOKUP mode the looked-up nodes),
     * {@code output} for output-vector rows (targets; null in LOOKUP mode).
     */
    public record RowGradients(INDArray input, INDArray output) {
    }
}
