package org.heteroembed.search;

import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.NodeLabels;
import org.heteroembed.eval.F1;
import org.heteroembed.eval.LogisticRegressionClassifier;
import org.heteroembed.inference.HeteroEmbeddings;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Node classification: k-fold cross-validated multinomial logistic regression
 * ({@link LogisticRegressionClassifier}) on the vectors of the labelled nodes of one type; the score is the
 * macro-F1 averaged over the folds (micro-F1, equal to accuracy here, is reported too). The nodes (a seeded
 * sample of at most {@code maxNodes}) and the folds are drawn once, when the function is created, so every
 * candidate is classified on the same splits.
 */
public final class NodeClassificationScoreFunction extends EmbeddingScoreFunction {
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(NodeClassificationScoreFunction.class);
    public static final String MACRO_F1 = "macroF1", MICRO_F1 = "microF1";

    private final String type;
    private final int[] locals; // shuffled: fold f is the f-th slice
    private final int[] labels;
    private final int classes;
    private final int folds;
    private final long seed;

    private NodeClassificationScoreFunction(String type, int[] locals, int[] labels, int classes, int folds, long seed) {
        this.type = type;
        this.locals = locals;
        this.labels = labels;
        this.classes = classes;
        this.folds = folds;
        this.seed = seed;
    }

    /**
     * @param type     node type whose labels are predicted
     * @param folds    cross-validation folds (&gt;= 2)
     * @param maxNodes labelled nodes used at most (a seeded sample); 0 for all
     * @throws IllegalArgumentException if the type is unknown, has no labels, or has fewer labelled nodes than folds
     */
    public static NodeClassificationScoreFunction create(HeteroGraph graph, String type, int folds, int maxNodes, long seed) {
        int t = graph.schema().nodeType(type);
        if (t < 0) {
            throw new IllegalArgumentException("node type '" + type + "' is not in the graph ("
                    + String.join(", ", graph.schema().nodeTypes()) + ")");
        }
        NodeLabels nl = graph.labels(t);
        if (nl == null || nl.numLabelled() == 0) {
            throw new IllegalArgumentException("node type '" + type + "' has no labels to classify");
        }
        if (folds < 2) {
            throw new IllegalArgumentException("folds must be >= 2, got " + folds);
        }
        int n = graph.numNodes(t);
        int[] labelled = new int[nl.numLabelled()];
        int c = 0;
        for (int i = 0; i < n; i++) {
            if (nl.label(i) >= 0) {
                labelled[c++] = i;
            }
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = labelled.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int x = labelled[i];
            labelled[i] = labelled[j];
            labelled[j] = x;
        }
        int m = maxNodes <= 0 ? labelled.length : Math.min(maxNodes, labelled.length);
        if (m < folds) {
            throw new IllegalArgumentException("node type '" + type + "' has " + m + " labelled nodes, fewer than " + folds + " folds");
        }
        int[] locals = java.util.Arrays.copyOf(labelled, m);
        int[] y = new int[m];
        for (int i = 0; i < m; i++) {
            y[i] = nl.label(locals[i]);
        }
        log.info("node classification: {} labelled '{}' nodes, {} classes, {}-fold logistic regression, score macro-F1",
                m, type, nl.numClasses(), folds);
        return new NodeClassificationScoreFunction(type, locals, y, nl.numClasses(), folds, seed);
    }

    @Override
    public String metric() {
        return MACRO_F1;
    }

    @Override
    public List<String> metricNames() {
        return List.of(MACRO_F1, MICRO_F1);
    }

    /** About 1 / classes: the macro-F1 of guessing uniformly among balanced classes. */
    @Override
    public double chance() {
        return 1.0 / classes;
    }

    public String nodeType() {
        return type;
    }

    public int numNodes() {
        return locals.length;
    }

    @Override
    public Map<String, Double> evaluate(HeteroEmbeddings e) {
        int n = locals.length;
        INDArray x = Nd4j.pullRows(e.vectors(type), 1, locals);
        double micro = 0, macro = 0;
        for (int f = 0; f < folds; f++) {
            int from = (int) ((long) f * n / folds), to = (int) ((long) (f + 1) * n / folds);
            // The classifier trains on the leading rows and tests on the rest: put this fold's rows last.
            int[] order = new int[n];
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (i < from || i >= to) {
                    order[k++] = i;
                }
            }
            int train = k;
            for (int i = from; i < to; i++) {
                order[k++] = i;
            }
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = labels[order[i]];
            }
            F1 f1 = LogisticRegressionClassifier.trainAndTest(Nd4j.pullRows(x, 1, order), y, classes, train, seed + f);
            micro += f1.micro();
            macro += f1.macro();
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(MACRO_F1, macro / folds);
        out.put(MICRO_F1, micro / folds);
        return out;
    }

    @Override
    public String toString() {
        return "NodeClassificationScoreFunction(" + type + ", " + locals.length + " nodes, " + folds + " folds)";
    }
}
