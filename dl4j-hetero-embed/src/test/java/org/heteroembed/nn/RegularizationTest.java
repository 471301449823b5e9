package org.heteroembed.nn;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.nn.conf.HeteroEmbeddingLayer;
import org.heteroembed.nn.conf.TypeRoutingVertex;
import org.heteroembed.nn.layers.HeteroEmbeddingLayerImpl;
import org.heteroembed.nn.params.HeteroEmbeddingParamInitializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * DL4J applies L2 regularization by adding {@code l2 * w} to the gradient view of every row, touched or not, so the
 * view is not sparse after a step even with SGD: the layer must then clear all of it, or last step's values in rows
 * it did not write are carried into the next step.
 */
class RegularizationTest {
    private static final double LR = 0.1, L2 = 0.5;
    private static final int STEPS = 4;

    /** The skip-gram network with L2 on its tables, random parameters. */
    private static ComputationGraph network() {
        List<String> types = List.of("a", "b");
        int[] counts = {5, 5};
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(3).updater(new Sgd(LR))
                .dataType(DataType.FLOAT).graphBuilder()
                .addInputs("ct", "ci", "tt", "ti")
                .setInputTypes(InputType.feedForward(1), InputType.feedForward(1), InputType.feedForward(2), InputType.feedForward(2))
                .addVertex("route", new TypeRoutingVertex(types, counts), "ct", "ci", "tt", "ti")
                .addLayer("embedding", new HeteroEmbeddingLayer.Builder().nodeTypes(types, counts).embeddingSize(4).negatives(1)
                        .l2(L2).build(), "route")
                .addLayer("loss", new LossLayer.Builder(new LossBinaryXENT()).activation(Activation.SIGMOID).build(), "embedding")
                .setOutputs("loss").build());
        net.init();
        net.params().assign(Nd4j.rand(DataType.FLOAT, net.params().shape()).subi(0.5));
        return net;
    }

    @Test
    void l2DecaysRowsNoBatchTouchesByExactlyOneFactorPerStep() {
        ComputationGraph net = network();
        HeteroEmbeddingLayerImpl layer = HeteroEmbeddingLayerImpl.find(net, false);
        HeteroEmbeddingLayer conf = (HeteroEmbeddingLayer) layer.conf().getLayer();
        int untouched = 9; // type "b", id 4: never a center (input vectors) nor a target (output vectors) below
        INDArray inBefore = HeteroEmbeddingParamInitializer.allInputVectors(conf, layer.params()).getRow(untouched).dup();
        INDArray outBefore = HeteroEmbeddingParamInitializer.allOutputVectors(conf, layer.params()).getRow(untouched).dup();
        for (int i = 0; i < STEPS; i++) {
            net.fit(GradientSharingTest.batch());
        }
        assertDecayed(inBefore, HeteroEmbeddingParamInitializer.allInputVectors(conf, layer.params()).getRow(untouched), "input vectors");
        assertDecayed(outBefore, HeteroEmbeddingParamInitializer.allOutputVectors(conf, layer.params()).getRow(untouched), "output vectors");
    }

    /**
     * With a row-gradient sink the data gradient leaves through the sink (here: dropped), and DL4J's step applies
     * only the regularization it adds to the view: every parameter decays by one factor per step.
     */
    @Test
    void withARowGradientSinkDl4jAppliesOnlyTheRegularization() {
        ComputationGraph net = network();
        HeteroEmbeddingLayerImpl layer = HeteroEmbeddingLayerImpl.find(net, false);
        INDArray before = layer.params().dup();
        layer.setRowGradientSink((inputSide, rows, gradient) -> {
        });
        for (int i = 0; i < STEPS; i++) {
            net.fit(GradientSharingTest.batch());
        }
        assertDecayed(before, layer.params(), "embedding parameters");
    }

    /** {@code after == before * (1 - lr * l2)^STEPS}: SGD's step {@code w -= lr * l2 * w}, once per step. */
    private static void assertDecayed(INDArray before, INDArray after, String what) {
        double factor = Math.pow(1 - LR * L2, STEPS);
        INDArray b = before.reshape(before.length()), a = after.reshape(after.length());
        for (long x = 0; x < b.length(); x++) {
            assertEquals(b.getDouble(x) * factor, a.getDouble(x), 1e-6, what + ", element " + x);
        }
    }
}
