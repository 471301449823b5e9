package org.heteroembed.nn;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.NodeLabels;
import org.heteroembed.inference.EmbeddingQuality;
import org.heteroembed.train.HeteroTrainer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Trained embedding tables feeding a DenseLayer + OutputLayer classifier in one ComputationGraph, frozen or fine-tuned. */
class CompositionTest {
    /** Full-batch steps of the classifier head (Adam 0.03): enough for an accuracy near 0.8 on any of the three setups. */
    private static final int HEAD_STEPS = 60;

    @Test
    void classifierOnTopOfTrainedEmbeddings() throws InterruptedException {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        HeteroGraph g = PlantedSkipGram.graph();
        ComputationGraph skipGram = PlantedSkipGram.adaGradModel().net(); // read only: its tables are copied out
        int dimension = PlantedSkipGram.DIMENSION;

        int user = g.schema().nodeType("user");
        NodeLabels labels = g.labels(user);
        int n = g.numNodes(user), train = (int) (n * 0.7);
        INDArray types = Nd4j.zeros(DataType.INT, n, 1).addi(user);
        INDArray ids = Nd4j.arange(n).castTo(DataType.INT).reshape(n, 1);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, labels.numClasses());
        for (int i = 0; i < n; i++) {
            y.putScalar(i, labels.label(i), 1f);
        }
        MultiDataSet trainSet = new MultiDataSet(new INDArray[]{types.get(NDArrayIndex.interval(0, train)), ids.get(NDArrayIndex.interval(0, train))},
                new INDArray[]{y.get(NDArrayIndex.interval(0, train))});

        for (boolean frozen : new boolean[]{true, false}) {
            ComputationGraph classifier = new ComputationGraph(HeteroEmbeddingModels.nodeClassifier(
                    HeteroEmbeddingModels.nodeTypes(g), HeteroEmbeddingModels.nodeCounts(g), dimension, 16,
                    labels.numClasses(), frozen, new Adam(0.03), 3, DataType.FLOAT));
            classifier.init();
            HeteroEmbeddingModels.copyEmbeddings(skipGram, classifier);
            INDArray before = classifier.getLayer(HeteroEmbeddingModels.EMBEDDING).params().dup();
            for (int step = 0; step < HEAD_STEPS; step++) {
                classifier.fit(trainSet);
            }
            INDArray after = classifier.getLayer(HeteroEmbeddingModels.EMBEDDING).params();
            if (frozen) {
                assertEquals(before, after, "frozen embeddings do not change");
            } else {
                assertNotEquals(before, after, "fine-tuned embeddings change");
            }
            int[] predicted = classifier.outputSingle(types.get(NDArrayIndex.interval(train, n)), ids.get(NDArrayIndex.interval(train, n)))
                    .argMax(1).toIntVector();
            double accuracy = EmbeddingQuality.accuracy(predicted, labels, train);
            System.out.printf("classifier on %s embeddings: accuracy %.3f (chance %.3f)%n", frozen ? "frozen" : "fine-tuned",
                    accuracy, 1.0 / labels.numClasses());
            assertTrue(accuracy > 0.5, "classifier accuracy " + accuracy);
        }

        // Composed training with the sparse trainer: DL4J trains the dense and output layers, the trainer the rows.
        ComputationGraph composed = new ComputationGraph(HeteroEmbeddingModels.nodeClassifier(
                HeteroEmbeddingModels.nodeTypes(g), HeteroEmbeddingModels.nodeCounts(g), dimension, 16,
                labels.numClasses(), false, new Adam(0.03), 3, DataType.FLOAT));
        composed.init();
        HeteroEmbeddingModels.copyEmbeddings(skipGram, composed);
        INDArray embeddingBefore = composed.getLayer(HeteroEmbeddingModels.EMBEDDING).params().dup();
        INDArray headBefore = composed.getLayer("hidden").params().dup();
        HeteroTrainer sparse = HeteroTrainer.builder().optimizer(HeteroTrainer.Optimizer.SGD).learningRate(0.5).minLearningRate(0.5).build();
        sparse.fitComposed(composed, new org.nd4j.linalg.dataset.adapter.SingletonMultiDataSetIterator(trainSet), HEAD_STEPS);
        INDArray embeddingAfter = composed.getLayer(HeteroEmbeddingModels.EMBEDDING).params();
        assertNotEquals(headBefore, composed.getLayer("hidden").params(), "DL4J trained the dense layer");
        assertNotEquals(embeddingBefore, embeddingAfter, "the trainer updated the embedding rows");
        INDArray articleRows = embeddingAfter.reshape(embeddingAfter.length()).get(NDArrayIndex.interval(
                (long) g.typeOffset(g.schema().nodeType("article")) * dimension, (long) g.numNodes() * dimension));
        INDArray articleRowsBefore = embeddingBefore.reshape(embeddingBefore.length()).get(NDArrayIndex.interval(
                (long) g.typeOffset(g.schema().nodeType("article")) * dimension, (long) g.numNodes() * dimension));
        assertEquals(articleRowsBefore, articleRows, "rows never in a batch (articles, topics) are untouched");
        assertEquals(0.0, composed.getLayer(HeteroEmbeddingModels.EMBEDDING).getGradientsViewArray().amaxNumber().doubleValue(),
                "the tables' gradient view stays zero: DL4J's updater never moves them");
        int[] predicted = composed.outputSingle(types.get(NDArrayIndex.interval(train, n)), ids.get(NDArrayIndex.interval(train, n)))
                .argMax(1).toIntVector();
        double composedAccuracy = EmbeddingQuality.accuracy(predicted, labels, train);
        System.out.printf("composed sparse training: accuracy %.3f%n", composedAccuracy);
        assertTrue(composedAccuracy > 0.5, "accuracy " + composedAccuracy);
    }
}
