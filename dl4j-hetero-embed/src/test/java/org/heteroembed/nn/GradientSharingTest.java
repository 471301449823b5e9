package org.heteroembed.nn;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.StepFunction;
import org.deeplearning4j.optimize.solvers.accumulation.GradientsAccumulator;
import org.deeplearning4j.optimize.solvers.accumulation.IndexedTail;
import org.heteroembed.nn.conf.HeteroEmbeddingLayer;
import org.heteroembed.nn.layers.HeteroEmbeddingLayerImpl;
import org.heteroembed.nn.params.HeteroEmbeddingParamInitializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gradient sharing (SharedTrainingMaster, ParallelWrapper) routes every step through a GradientsAccumulator,
 * whose {@code applyUpdate} writes all workers' decoded updates into the gradient view. The layer's sparse
 * gradient zeroing must then clear the whole view, or another worker's rows would be re-sent and re-applied.
 * A stand-in accumulator plays "another worker": it adds an update to a row this worker never touches.
 */
class GradientSharingTest {
    private static final int FOREIGN_ROW = 9; // type "b", local id 4: never in the batches below

    /** Stores what the worker sends; applies it plus one foreign row update, as decoding peers' messages does. */
    static final class OneForeignRow implements GradientsAccumulator {
        final List<INDArray> sent = new ArrayList<>();
        private INDArray pending;
        private final long foreignOffset;

        OneForeignRow(long foreignOffset) {
            this.foreignOffset = foreignOffset;
        }

        @Override
        public void storeUpdate(INDArray array, int iterationNumber, int epochNumber) {
            sent.add(array.dup());
            pending = array.dup();
        }

        @Override
        public void applyUpdate(StepFunction function, INDArray params, INDArray updates, boolean isFinalStep) {
            updates.assign(0);
            updates.addi(pending);
            updates.putScalar(foreignOffset, updates.getDouble(foreignOffset) + 0.5); // a peer's update
            function.step(params, updates);
        }

        @Override
        public void applyUpdate(StepFunction function, INDArray params, INDArray updates, double alpha) {
            applyUpdate(function, params, updates, true);
        }

        @Override
        public void setExternalSource(IndexedTail source) {
        }

        @Override
        public IndexedTail getExternalSource() {
            return null;
        }

        @Override
        public void receiveUpdate(INDArray array) {
        }

        @Override
        public void markExternalUpdates(boolean updatesAvailable) {
        }

        @Override
        public void reset() {
        }

        @Override
        public void touch() {
        }

        @Override
        public boolean hasAnything() {
            return false;
        }
    }

    /** Two pairs: centers a1 and a2, targets b0..b3 (input rows 1 and 2, output rows 5 to 8 of 10). */
    static MultiDataSet batch() {
        INDArray ct = Nd4j.createFromArray(new int[][]{{0}, {0}});
        INDArray ci = Nd4j.createFromArray(new int[][]{{1}, {2}});
        INDArray tt = Nd4j.createFromArray(new int[][]{{1, 1}, {1, 1}});
        INDArray ti = Nd4j.createFromArray(new int[][]{{0, 1}, {2, 3}});
        INDArray labels = Nd4j.createFromArray(new float[][]{{1, 0}, {1, 0}});
        return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[]{ct, ci, tt, ti}, new INDArray[]{labels});
    }

    @Test
    void peersUpdatesInTheGradientViewAreNotSentAgain() {
        ComputationGraph net = new ComputationGraph(HeteroEmbeddingModels.skipGram(List.of("a", "b"), new int[]{5, 5}, 4, 1,
                new Sgd(0.1), 3, DataType.FLOAT));
        net.init();
        net.fit(batch()); // creates the solver and gradient view
        HeteroEmbeddingLayerImpl layer = HeteroEmbeddingLayerImpl.find(net, false);
        HeteroEmbeddingLayer conf = (HeteroEmbeddingLayer) layer.conf().getLayer();
        // Position of out-table row FOREIGN_ROW, element 0, in the network's flattened gradient.
        INDArray outView = HeteroEmbeddingParamInitializer.allOutputVectors(conf, layer.getGradientsViewArray());
        long foreign = offsetInNetwork(net, layer, outView, FOREIGN_ROW);
        OneForeignRow accumulator = new OneForeignRow(foreign);
        net.setGradientsAccumulator(accumulator);
        INDArray before = net.params().dup();
        for (int i = 0; i < 3; i++) {
            net.fit(batch());
        }
        assertTrue(layer.gradientSharing(), "the routing vertex told the layer that gradients are shared");
        assertEquals(3, accumulator.sent.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(0.0, accumulator.sent.get(i).getDouble(foreign), 0.0,
                    "iteration " + i + ": the worker re-sent a peer's update as its own");
        }
        // The peer's update was applied exactly once per step (SGD step: params -= update).
        double moved = before.getDouble(foreign) - net.params().getDouble(foreign);
        assertEquals(3 * 0.5, moved, 1e-5, "each peer update applied once");
        assertFalse(before.equals(net.params()));
    }

    /** Index of {@code (row, 0)} of the out-table view within the network's flattened gradient. */
    private static long offsetInNetwork(ComputationGraph net, HeteroEmbeddingLayerImpl layer, INDArray outView, int row) {
        long address = outView.data().address() + (outView.offset() + row * outView.stride(0)) * Float.BYTES;
        INDArray flat = net.getGradientsViewArray();
        return (address - (flat.data().address() + flat.offset() * Float.BYTES)) / Float.BYTES;
    }
}
