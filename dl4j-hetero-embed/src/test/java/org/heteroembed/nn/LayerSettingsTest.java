package org.heteroembed.nn;

import org.deeplearning4j.exception.DL4JInvalidConfigException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.weightnoise.DropConnect;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.nn.conf.HeteroEmbeddingLayer;
import org.heteroembed.nn.conf.TypeRoutingVertex;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;

import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DL4J layer settings the hetero-embedding layer cannot honour are errors when the network is built, not ignored. */
class LayerSettingsTest {
    private static final List<String> TYPES = List.of("user", "item");
    private static final int[] COUNTS = {3, 4};

    /** A LOOKUP network whose embedding layer and network defaults are adjusted by the two functions. */
    private static ComputationGraph lookup(UnaryOperator<NeuralNetConfiguration.Builder> network,
                                           UnaryOperator<HeteroEmbeddingLayer.Builder> layer) {
        ComputationGraph net = new ComputationGraph(network.apply(new NeuralNetConfiguration.Builder().updater(new Sgd(0.1))
                        .dataType(DataType.FLOAT)).graphBuilder()
                .addInputs("type", "id")
                .setInputTypes(InputType.feedForward(1), InputType.feedForward(1))
                .addVertex("route", new TypeRoutingVertex(TYPES, COUNTS), "type", "id")
                .addLayer("embedding", layer.apply(new HeteroEmbeddingLayer.Builder().nodeTypes(TYPES, COUNTS).embeddingSize(4)
                        .mode(HeteroEmbeddingLayer.Mode.LOOKUP)).build(), "route")
                .setOutputs("embedding").build());
        net.init();
        return net;
    }

    private static void assertRejected(String expected, UnaryOperator<NeuralNetConfiguration.Builder> network,
                                       UnaryOperator<HeteroEmbeddingLayer.Builder> layer) {
        DL4JInvalidConfigException e = assertThrows(DL4JInvalidConfigException.class, () -> lookup(network, layer));
        assertTrue(e.getMessage().contains("\"embedding\" does not support " + expected), e.getMessage());
    }

    @Test
    void identityActivationAndNetworkDefaultsBuild() {
        // A network-wide activation does not reach the layer: its builder sets identity, which DL4J keeps.
        assertDoesNotThrow(() -> lookup(b -> b.activation(Activation.RELU), l -> l));
    }

    @Test
    void anActivationIsRejected() {
        assertRejected("activation tanh", b -> b, l -> l.activation(Activation.TANH));
    }

    @Test
    void dropoutIsRejectedAlsoAsANetworkDefault() {
        assertRejected("dropout", b -> b, l -> l.dropOut(0.5));
        assertRejected("dropout", b -> b.dropOut(0.5), l -> l);
    }

    @Test
    void weightNoiseIsRejectedAlsoAsANetworkDefault() {
        assertRejected("weight noise", b -> b.weightNoise(new DropConnect(0.5)), l -> l);
    }
}
