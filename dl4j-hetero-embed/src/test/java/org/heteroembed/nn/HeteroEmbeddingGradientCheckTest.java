package org.heteroembed.nn;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.nn.conf.HeteroEmbeddingLayer;
import org.heteroembed.nn.conf.TypeRoutingVertex;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** DL4J gradient checks (central differences in double precision) for the layer, the vertex and the objective. */
class HeteroEmbeddingGradientCheckTest {
    static final List<String> TYPES = List.of("user", "item");
    static final int[] COUNTS = {3, 4};

    @BeforeAll
    static void precision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restorePrecision() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    /** A batch with repeated rows (user 1 twice, item 2 as context and as negative) to check accumulation. */
    static INDArray[] skipGramInputs() {
        INDArray centerType = Nd4j.createFromArray(new int[][]{{0}, {0}, {1}, {0}});
        INDArray centerId = Nd4j.createFromArray(new int[][]{{1}, {1}, {3}, {2}});
        INDArray targetType = Nd4j.createFromArray(new int[][]{{1, 1, 0}, {1, 1, 1}, {0, 0, 1}, {1, 1, 1}});
        INDArray targetId = Nd4j.createFromArray(new int[][]{{2, 0, 1}, {2, 2, 3}, {0, 2, 1}, {3, 1, 0}});
        return new INDArray[]{centerType, centerId, targetType, targetId};
    }

    static INDArray skipGramLabels() {
        return Nd4j.createFromArray(new double[][]{{1, 0, 0}, {1, 0, 0}, {1, 0, 0}, {1, 0, 0}});
    }

    @Test
    void skipGramObjectiveLayerAndVertex() {
        ComputationGraphConfiguration conf = HeteroEmbeddingModels.skipGram(TYPES, COUNTS, 3, 2, new NoOp(), 12, DataType.DOUBLE);
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        // Word2vec starts output vectors at zero; give every parameter a non-trivial value for the check.
        net.params().assign(Nd4j.rand(DataType.DOUBLE, net.params().shape()).subi(0.5));
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                .inputs(skipGramInputs()).labels(new INDArray[]{skipGramLabels()})
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9));
        assertTrue(ok, "skip-gram gradients match central differences");
    }

    @Test
    void perTypeSizesWithProjections() {
        // user tables 2 wide (projected to 3), item tables 3 wide (no projection).
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).updater(new NoOp())
                .dataType(DataType.DOUBLE).graphBuilder()
                .addInputs("ct", "ci", "tt", "ti")
                .setInputTypes(InputType.feedForward(1), InputType.feedForward(1), InputType.feedForward(3), InputType.feedForward(3))
                .addVertex("route", new TypeRoutingVertex(TYPES, COUNTS), "ct", "ci", "tt", "ti")
                .addLayer("embedding", new HeteroEmbeddingLayer.Builder().nodeTypes(TYPES, COUNTS).embeddingSize(3)
                        .typeEmbeddingSizes(2, 3).negatives(2).build(), "route")
                .addLayer("loss", new org.deeplearning4j.nn.conf.layers.LossLayer.Builder(new org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT())
                        .activation(Activation.SIGMOID).build(), "embedding")
                .setOutputs("loss").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        assertTrue(net.getLayer("embedding").paramTable().containsKey("proj0"));
        assertTrue(!net.getLayer("embedding").paramTable().containsKey("proj1"));
        net.params().assign(Nd4j.rand(DataType.DOUBLE, net.params().shape()).subi(0.5));
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                .inputs(skipGramInputs()).labels(new INDArray[]{skipGramLabels()})
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9));
        assertTrue(ok, "gradients of tables and projections match central differences");
    }

    @Test
    void lookupModeUnderAClassifier() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).updater(new NoOp())
                .dataType(DataType.DOUBLE).graphBuilder()
                .addInputs("type", "id")
                .setInputTypes(InputType.feedForward(1), InputType.feedForward(1))
                .addVertex("route", new TypeRoutingVertex(TYPES, COUNTS), "type", "id")
                .addLayer("embedding", new HeteroEmbeddingLayer.Builder().nodeTypes(TYPES, COUNTS).embeddingSize(4)
                        .mode(HeteroEmbeddingLayer.Mode.LOOKUP).build(), "route")
                .addLayer("dense", new DenseLayer.Builder().nIn(4).nOut(5).activation(Activation.TANH).build(), "embedding")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(5).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "dense")
                .setOutputs("out").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        net.params().assign(Nd4j.rand(DataType.DOUBLE, net.params().shape()).subi(0.5));
        INDArray type = Nd4j.createFromArray(new int[][]{{0}, {1}, {1}, {0}, {1}});
        INDArray id = Nd4j.createFromArray(new int[][]{{2}, {0}, {3}, {2}, {1}});
        INDArray labels = Nd4j.createFromArray(new double[][]{{1, 0}, {0, 1}, {0, 1}, {1, 0}, {1, 0}});
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                .inputs(new INDArray[]{type, id}).labels(new INDArray[]{labels})
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9));
        assertTrue(ok, "lookup gradients (through a dense classifier) match central differences");
    }
}
