package org.heteroembed.nn.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Takes the embedding layer's row gradients instead of DL4J's gradient view, so a sparse optimizer can apply
 * them to the touched rows directly while DL4J trains the rest of the graph (see
 * {@code HeteroTrainer.fitComposed}). Outside that, the layer has no sink and is exact by DL4J's rules.
 */
@FunctionalInterface
public interface RowGradientSink {
    /**
     * @param inputSide true for input ("center") vectors, false for output ("context") vectors
     * @param rows      global table rows (may repeat: contributions add up)
     * @param gradient  {@code [rows, d]}: the gradient of the mean batch loss for each row occurrence
     */
    void accept(boolean inputSide, int[] rows, INDArray gradient);
}
