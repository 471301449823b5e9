package org.heteroembed.eval;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.inference.HeteroEmbeddings;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Arrays;

/**
 * The classifier of node classification: multinomial logistic regression on L2-normalised node vectors, a DL4J
 * softmax {@link OutputLayer} with cross-entropy loss, trained full-batch with Adam (learning rate 0.05) until the loss
 * flattens (10 epochs in a row improving it by less than 1e-4; at most {@value #EPOCHS}): on the demo model that is
 * 1.7x faster for the whole eval than 200 fixed epochs, with micro-F1 within 0.0006 (BENCHMARKS.md). Normalising makes the result depend on the vectors' directions only, as cosine
 * similarity does, so models trained with different vector lengths compare fairly.
 */
public final class LogisticRegressionClassifier {
    /** The most full-batch epochs: enough for the loss to flatten on a few thousand nodes of 8-128 dimensions. */
    static final int EPOCHS = 200;
    private static final double LEARNING_RATE = 0.05;
    /** Loss improvement per epoch below which an epoch counts as stale. */
    private static final double TOLERANCE = 1e-4;
    /** Stale epochs in a row that end the training. */
    private static final int PATIENCE = 10;

    private LogisticRegressionClassifier() {
    }

    /**
     * Trains on the first {@code train} rows of {@code vectors} and predicts the others.
     *
     * @param labels classes of all rows, in {@code 0..classes-1}
     * @return the predicted class of rows {@code train..n-1}
     * @throws IllegalArgumentException if {@code train} leaves no row to train or to test on
     */
    public static int[] trainAndPredict(INDArray vectors, int[] labels, int classes, int train, long seed) {
        int n = labels.length;
        if (vectors.rows() != n) {
            throw new IllegalArgumentException(vectors.rows() + " vectors but " + n + " labels");
        }
        if (train < 1 || train >= n) {
            throw new IllegalArgumentException("training rows must be in [1, " + (n - 1) + "], got " + train);
        }
        INDArray x = vectors.castTo(DataType.FLOAT).dup();
        x.diviColumnVector(x.norm2(1).reshape(n, 1).addi(1e-12));
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, classes);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, labels[i], 1f);
        }
        MultiLayerNetwork lr = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(seed)
                .updater(new Adam(LEARNING_RATE)).dataType(DataType.FLOAT).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(x.columns()).nOut(classes)
                        .activation(Activation.SOFTMAX).build()).build());
        lr.init();
        DataSet trainSet = new DataSet(x.get(NDArrayIndex.interval(0, train)), y.get(NDArrayIndex.interval(0, train)));
        // Full-batch epochs until the loss flattens: stop once PATIENCE epochs in a row improved it by less than
        // TOLERANCE (the loss is convex; the last digits move no prediction), at most EPOCHS.
        double best = Double.POSITIVE_INFINITY;
        int stale = 0;
        for (int epoch = 0; epoch < EPOCHS && stale < PATIENCE; epoch++) {
            lr.fit(trainSet);
            double loss = lr.score();
            stale = loss < best - TOLERANCE ? 0 : stale + 1;
            best = Math.min(best, loss);
        }
        return lr.output(x.get(NDArrayIndex.interval(train, n))).argMax(1).toIntVector();
    }

    /** Trains on the first {@code train} rows and returns the F1 of the predictions for the others. */
    public static F1 trainAndTest(INDArray vectors, int[] labels, int classes, int train, long seed) {
        int[] predicted = trainAndPredict(vectors, labels, classes, train, seed);
        return F1.of(predicted, Arrays.copyOfRange(labels, train, labels.length), classes);
    }

    /**
     * A quick check for tests and benchmarks: the accuracy of the classifier trained on the first 70% of a
     * type's labelled nodes (in the graph's local order) and tested on the rest. {@link NodeClassification}
     * is the full protocol (stratified random splits, several ratios, repeats).
     */
    public static double accuracy(HeteroEmbeddings embeddings, HeteroGraph graph, String type, long seed) {
        NodeVectors.Labelled l = NodeVectors.labelled(embeddings, graph, type, "classify");
        int[] y = Clustering.compact(l.labels());
        int classes = Arrays.stream(y).max().orElse(0) + 1;
        return trainAndTest(l.vectors(), y, classes, (int) (y.length * 0.7), seed).micro();
    }
}
