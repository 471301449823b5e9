package org.heteroembed.nn;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.nn.conf.HeteroEmbeddingLayer;
import org.heteroembed.nn.conf.TypeRoutingVertex;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;

import java.util.List;

/**
 * Ready-made ComputationGraph configurations with the hetero-embedding pieces, in the layout the
 * {@code SkipGramMultiDataSetIterator} feeds: inputs {@value #CENTER_TYPE}, {@value #CENTER_ID},
 * {@value #TARGET_TYPE}, {@value #TARGET_ID}; vertex {@value #ROUTE}; layer {@value #EMBEDDING}; output
 * {@value #LOSS} (sigmoid + binary cross-entropy, the skip-gram-with-negative-sampling objective).
 * Users can write the same graph by hand and add layers of their own.
 */
public final class HeteroEmbeddingModels {
    public static final String NODE_TYPE = "nodeType", NODE_ID = "nodeId";
    public static final String CENTER_TYPE = "centerType", CENTER_ID = "centerId", TARGET_TYPE = "targetType",
            TARGET_ID = "targetId", ROUTE = "route", EMBEDDING = "embedding", LOSS = "loss";

    private HeteroEmbeddingModels() {
    }

    /**
     * A node classifier on top of the embedding tables: inputs {@code nodeType}, {@code nodeId} ({@code [B,1]}
     * each), the tables in LOOKUP mode ({@link FrozenLayer frozen} or trained further), a dense layer and a
     * softmax output. Copy trained tables in with {@link #copyEmbeddings}.
     */
    public static ComputationGraphConfiguration nodeClassifier(List<String> types, int[] counts, int embeddingSize,
                                                               int hidden, int classes, boolean freezeEmbeddings,
                                                               IUpdater updater, long seed, DataType dataType) {
        Layer embedding = new HeteroEmbeddingLayer.Builder().nodeTypes(types, counts).embeddingSize(embeddingSize)
                .mode(HeteroEmbeddingLayer.Mode.LOOKUP).build();
        return new NeuralNetConfiguration.Builder()
                .seed(seed).updater(updater).dataType(dataType)
                .graphBuilder()
                .addInputs(NODE_TYPE, NODE_ID)
                .setInputTypes(InputType.feedForward(1), InputType.feedForward(1))
                .addVertex(ROUTE, new TypeRoutingVertex(types, counts), NODE_TYPE, NODE_ID)
                .addLayer(EMBEDDING, freezeEmbeddings ? new FrozenLayer(embedding) : embedding, ROUTE)
                .addLayer("hidden", new DenseLayer.Builder().nIn(embeddingSize).nOut(hidden).activation(Activation.RELU).build(), EMBEDDING)
                .addLayer("classes", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(hidden).nOut(classes)
                        .activation(Activation.SOFTMAX).build(), "hidden")
                .setOutputs("classes")
                .build();
    }

    /** Copies the embedding tables of one network into another with the same node types and sizes. */
    public static void copyEmbeddings(ComputationGraph from, ComputationGraph to) {
        INDArray source = from.getLayer(EMBEDDING).params();
        INDArray target = to.getLayer(EMBEDDING).params();
        if (source.length() != target.length()) {
            throw new IllegalArgumentException("embedding tables differ in size: " + source.length() + " vs " + target.length());
        }
        target.assign(source);
    }

    /** Node type names of a graph, in type order. */
    public static List<String> nodeTypes(HeteroGraph g) {
        return g.schema().nodeTypes();
    }

    /** Node counts of a graph, in type order: the table sizes. */
    public static int[] nodeCounts(HeteroGraph g) {
        int[] counts = new int[g.numNodeTypes()];
        for (int t = 0; t < counts.length; t++) {
            counts[t] = g.numNodes(t);
        }
        return counts;
    }

    /** The skip-gram model for a graph: one in- and one out-table per node type of {@code embeddingSize}. */
    public static ComputationGraphConfiguration skipGram(HeteroGraph g, int embeddingSize, int negatives,
                                                         IUpdater updater, long seed, DataType dataType) {
        return skipGram(nodeTypes(g), nodeCounts(g), embeddingSize, negatives, updater, seed, dataType);
    }

    public static ComputationGraphConfiguration skipGram(List<String> types, int[] counts, int embeddingSize,
                                                         int negatives, IUpdater updater, long seed, DataType dataType) {
        return skipGram(types, counts, embeddingSize, null, negatives, updater, seed, dataType);
    }

    /**
     * The skip-gram model with a table width per type ({@code typeSizes}, in type order; null: all
     * {@code embeddingSize}); types narrower or wider than the embedding size get a projection to it.
     */
    public static ComputationGraphConfiguration skipGram(List<String> types, int[] counts, int embeddingSize,
                                                         int[] typeSizes, int negatives, IUpdater updater, long seed,
                                                         DataType dataType) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed).updater(updater).dataType(dataType)
                .graphBuilder()
                .addInputs(CENTER_TYPE, CENTER_ID, TARGET_TYPE, TARGET_ID)
                .setInputTypes(InputType.feedForward(1), InputType.feedForward(1),
                        InputType.feedForward(1 + negatives), InputType.feedForward(1 + negatives))
                .addVertex(ROUTE, new TypeRoutingVertex(types, counts), CENTER_TYPE, CENTER_ID, TARGET_TYPE, TARGET_ID)
                .addLayer(EMBEDDING, new HeteroEmbeddingLayer.Builder().nodeTypes(types, counts)
                        .embeddingSize(embeddingSize).typeEmbeddingSizes(typeSizes).negatives(negatives)
                        .mode(HeteroEmbeddingLayer.Mode.SKIP_GRAM).build(), ROUTE)
                .addLayer(LOSS, new LossLayer.Builder(new LossBinaryXENT()).activation(Activation.SIGMOID).build(), EMBEDDING)
                .setOutputs(LOSS)
                .build();
    }
}
