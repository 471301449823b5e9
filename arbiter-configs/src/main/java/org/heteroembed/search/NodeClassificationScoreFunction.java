package org.heteroembed.search;

import org.heteroembed.eval.NodeClassification;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.inference.HeteroEmbeddings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The search's node-classification score: {@link NodeClassification} (what {@code hetero-embed eval} reports)
 * at one training ratio, read as one number, the macro-F1 (micro-F1, equal to accuracy here, is reported too).
 *
 * <p>{@code folds = k} maps onto eval's protocol as k stratified random splits (repeats), each training the
 * classifier on {@code (k - 1) / k} of the nodes and testing it on the rest: the split sizes of k-fold
 * cross-validation, though the test parts of different splits may overlap. The nodes (a seeded sample of at most
 * {@code maxNodes}) are chosen once, by {@link NodeClassification#prepare}, and the splits follow the seed, so
 * every candidate is classified on the same splits.
 */
public final class NodeClassificationScoreFunction extends EmbeddingScoreFunction {
    private static final long serialVersionUID = 2L;
    public static final String MACRO_F1 = "macroF1", MICRO_F1 = "microF1";

    private final String type;
    private final NodeClassification classification;
    private final int folds;
    private final long seed;

    private NodeClassificationScoreFunction(String type, NodeClassification classification, int folds, long seed) {
        this.type = type;
        this.classification = classification;
        this.folds = folds;
        this.seed = seed;
    }

    /**
     * @param type     node type whose labels are predicted
     * @param folds    splits, each testing on 1/folds of the nodes (&gt;= 2)
     * @param maxNodes labelled nodes used at most (a seeded sample); 0 for all
     * @throws IllegalArgumentException if folds &lt; 2, or as {@link NodeClassification#prepare} does (unknown or
     *                                  unlabelled type, fewer than two nodes or classes)
     */
    public static NodeClassificationScoreFunction create(HeteroGraph graph, String type, int folds, int maxNodes, long seed) {
        if (folds < 2) {
            throw new IllegalArgumentException("folds must be >= 2, got " + folds);
        }
        return new NodeClassificationScoreFunction(type, NodeClassification.prepare(graph, type, maxNodes, seed), folds, seed);
    }

    /** eval's training ratio for {@code folds}: {@code (folds - 1) / folds}. */
    public static double trainRatio(int folds) {
        return (folds - 1.0) / folds;
    }

    @Override
    public String metric() {
        return MACRO_F1;
    }

    @Override
    public List<String> metricNames() {
        return List.of(MACRO_F1, MICRO_F1);
    }

    /** 1 / classes: the macro-F1 of guessing uniformly among balanced classes. */
    @Override
    public double chance() {
        return 1.0 / classification.numClasses();
    }

    public String nodeType() {
        return type;
    }

    public int numNodes() {
        return classification.numNodes();
    }

    @Override
    public Map<String, Double> evaluate(HeteroEmbeddings e) {
        NodeClassification.RatioScores s = classification.evaluate(e, List.of(trainRatio(folds)), folds, true, seed)
                .ratios().get(0);
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(MACRO_F1, s.macroF1Mean());
        out.put(MICRO_F1, s.microF1Mean());
        return out;
    }

    @Override
    public String toString() {
        return "NodeClassificationScoreFunction(" + type + ", " + classification.numNodes() + " nodes, " + folds
                + " splits at training ratio " + trainRatio(folds) + ")";
    }
}
