package org.heteroembed.inference;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.NodeLabels;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;

/**
 * Quick quality checks of node vectors against node labels (e.g. planted communities), used by the demo,
 * examples and tests: neighbour purity and a logistic-regression classifier. (The full evaluation suite,
 * with link prediction and repeated splits, is a later issue.)
 */
public final class EmbeddingQuality {
    private EmbeddingQuality() {
    }

    /** Fraction of predictions equal to the labels of nodes {@code firstLocal, firstLocal + 1, ...}. */
    public static double accuracy(int[] predicted, NodeLabels labels, int firstLocal) {
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            correct += predicted[i] == labels.label(firstLocal + i) ? 1 : 0;
        }
        return predicted.length == 0 ? 0 : (double) correct / predicted.length;
    }

    /** Fraction of the k nearest same-type neighbours (cosine) that share the node's label, over nodes of a type. */
    public static double neighbourPurity(HeteroEmbeddings e, HeteroGraph g, String type, int k, int sample) {
        int t = g.schema().nodeType(type);
        NodeLabels labels = g.labels(t);
        int n = Math.min(sample, g.numNodes(t));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(g.ids(t).get(i));
        }
        var lists = e.nearest(type, ids, k, type);
        long same = 0, total = 0;
        for (int i = 0; i < n; i++) {
            for (var nb : lists.get(i)) {
                same += labels.label(i) == labels.label(g.localId(g.node(type, nb.id()))) ? 1 : 0;
                total++;
            }
        }
        return (double) same / total;
    }

    /**
     * Micro- and macro-F1 of multinomial logistic regression (softmax output layer, DL4J) on L2-normalised rows of
     * {@code x}, trained on the first {@code trainFraction} of the rows and tested on the rest. Single-label
     * classes, so micro-F1 equals accuracy. Returns {micro, macro}.
     */
    public static double[] classifierF1(INDArray vectors, int[] labels, int classes, double trainFraction, long seed) {
        int n = labels.length;
        INDArray x = vectors.castTo(DataType.FLOAT).dup();
        x.diviColumnVector(x.norm2(1).reshape(n, 1).addi(1e-12));
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, classes);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, labels[i], 1f);
        }
        int train = (int) (n * trainFraction);
        MultiLayerNetwork lr = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(0.05))
                .dataType(DataType.FLOAT).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(x.columns()).nOut(classes)
                        .activation(Activation.SOFTMAX).build()).build());
        lr.init();
        DataSet trainSet = new DataSet(x.get(NDArrayIndex.interval(0, train)), y.get(NDArrayIndex.interval(0, train)));
        for (int epoch = 0; epoch < 200; epoch++) {
            lr.fit(trainSet);
        }
        int[] predicted = lr.output(x.get(NDArrayIndex.interval(train, n))).argMax(1).toIntVector();
        return f1(predicted, java.util.Arrays.copyOfRange(labels, train, n), classes);
    }

    /**
     * {micro-F1, macro-F1} of single-label predictions: micro pools all decisions (equal to accuracy here),
     * macro averages the per-class F1 {@code 2TP / (2TP + FP + FN)} over the classes (0 for a class that is
     * neither predicted nor present).
     */
    public static double[] f1(int[] predicted, int[] truth, int classes) {
        long[] tp = new long[classes], fp = new long[classes], fn = new long[classes];
        long correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            int p = predicted[i], t = truth[i];
            if (p == t) {
                tp[p]++;
                correct++;
            } else {
                fp[p]++;
                fn[t]++;
            }
        }
        double macro = 0;
        for (int c = 0; c < classes; c++) {
            double denominator = 2.0 * tp[c] + fp[c] + fn[c];
            macro += denominator == 0 ? 0 : 2.0 * tp[c] / denominator;
        }
        return new double[]{predicted.length == 0 ? 0 : (double) correct / predicted.length, macro / classes};
    }

    /**
     * Accuracy of multinomial logistic regression (a DL4J softmax output layer on L2-normalised vectors) trained
     * on the first 70% of a type's nodes and tested on the rest.
     */
    public static double classifierAccuracy(HeteroEmbeddings e, HeteroGraph g, String type, long seed) {
        NodeLabels labels = g.labels(g.schema().nodeType(type));
        int[] y = new int[e.numNodes(type)];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels.label(i);
        }
        return classifierF1(e.vectors(type), y, labels.numClasses(), 0.7, seed)[0];
    }
}
