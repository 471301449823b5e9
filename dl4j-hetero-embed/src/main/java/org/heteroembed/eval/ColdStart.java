package org.heteroembed.eval;

import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.NodeLabels;
import org.heteroembed.inference.HeteroEmbeddings;
import org.heteroembed.inference.NodeInference;
import org.heteroembed.walk.SplitMix64;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The cold-start protocol: the nodes of one type that a graph has and a model does not (held out whole, with all their
 * edges, when the model was trained: {@code train --hold-out-nodes}), given vectors from their edges to the model's
 * nodes ({@link NodeInference}: fold-in and mean), against random vectors and, optionally, a model retrained with them.
 * For each way: node classification of the cold nodes (logistic regression trained on the model's labelled nodes of
 * the type, in the same model's vectors) and link prediction of their edges (each edge against random nodes of the
 * neighbour's type, scored with the neighbour's vector in the same model).
 */
public final class ColdStart {
    /** One way of giving the cold nodes vectors. */
    public record Scores(String method, int nodes, int withVector, double microF1, double macroF1,
                         RankingMetrics.Scores links) {
    }

    /** The cold nodes of a type and every way's scores. */
    public record Result(String type, int coldNodes, int classes, List<Scores> methods) {
    }

    private ColdStart() {
    }

    /**
     * @param retrained a model that has the cold nodes (trained with them), or null
     * @throws IllegalArgumentException when the type has no labels, or the graph no node the model lacks
     */
    public static Result evaluate(HeteroGraph graph, String type, HeteroEmbeddings model, NodeInference inference,
                                  HeteroEmbeddings retrained, Similarity similarity, int negatives, long seed) {
        int t = graph.schema().nodeType(type);
        NodeLabels labels = t < 0 ? null : graph.labels(t);
        if (labels == null || labels.numClasses() < 2) {
            throw new IllegalArgumentException("--type: '" + type + "' has no labels (of at least 2 classes) in the graph");
        }
        List<Integer> warm = new ArrayList<>(), cold = new ArrayList<>();
        for (int i = 0; i < graph.numNodes(t); i++) {
            (model.contains(type, graph.ids(t).get(i)) ? warm : cold).add(i);
        }
        if (cold.isEmpty()) {
            throw new IllegalArgumentException("the graph has no '" + type + "' node that the model lacks: train the model "
                    + "with --hold-out-nodes " + type + "=FRACTION to evaluate cold-start nodes");
        }
        Map<String, Function<Integer, float[]>> ways = new LinkedHashMap<>();
        ways.put("fold-in", i -> inference.infer(type, NodeInference.neighbours(graph, graph.globalId(t, i)), NodeInference.Method.FOLD_IN).vector());
        ways.put("mean", i -> inference.infer(type, NodeInference.neighbours(graph, graph.globalId(t, i)), NodeInference.Method.MEAN).vector());
        SplitMix64 rng = new SplitMix64(SplitMix64.seedFor(seed, 0x636f6c64L /* "cold" */, 0));
        ways.put("random", i -> {
            float[] v = new float[model.dimension()];
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) (rng.nextDouble() * 2 - 1);
            }
            return v;
        });
        if (retrained != null) {
            ways.put("retrained", i -> retrained.contains(type, graph.ids(t).get(i))
                    ? retrained.vector(type, graph.ids(t).get(i)) : null);
        }
        List<Scores> scores = new ArrayList<>();
        for (Map.Entry<String, Function<Integer, float[]>> way : ways.entrySet()) {
            HeteroEmbeddings space = way.getKey().equals("retrained") ? retrained : model;
            scores.add(score(graph, t, labels, warm, cold, space, way.getKey(), way.getValue(), similarity, negatives, seed));
        }
        return new Result(type, cold.size(), labels.numClasses(), scores);
    }

    private static Scores score(HeteroGraph graph, int t, NodeLabels labels, List<Integer> warm, List<Integer> cold,
                                HeteroEmbeddings space, String method, Function<Integer, float[]> vectorOf,
                                Similarity similarity, int negatives, long seed) {
        String type = graph.schema().nodeTypes().get(t);
        List<float[]> rows = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        for (int i : warm) {
            if (labels.label(i) >= 0 && space.contains(type, graph.ids(t).get(i))) {
                rows.add(space.vector(type, graph.ids(t).get(i)));
                y.add(labels.label(i));
            }
        }
        int train = rows.size();
        List<float[]> coldVectors = new ArrayList<>();
        List<Integer> coldNodes = new ArrayList<>();
        for (int i : cold) {
            float[] v = vectorOf.apply(i);
            if (v != null) {
                coldVectors.add(v);
                coldNodes.add(i);
                if (labels.label(i) >= 0) {
                    rows.add(v);
                    y.add(labels.label(i));
                }
            }
        }
        double micro = Double.NaN, macro = Double.NaN;
        if (rows.size() > train && train > 0) {
            int[] labelsArray = y.stream().mapToInt(Integer::intValue).toArray();
            int[] order = new int[rows.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            F1 f1 = LogisticRegressionClassifier.trainAndTest(rows.toArray(new float[0][]), order, labelsArray,
                    labels.numClasses(), train);
            micro = f1.micro();
            macro = f1.macro();
        }
        // Links: each edge of a cold node to a node the space has, against random nodes of the neighbour's type.
        SplitMix64 rng = new SplitMix64(SplitMix64.seedFor(seed, 0x6c696e6bL /* "link" */, 0));
        List<Double> positives = new ArrayList<>();
        List<double[]> negativeScores = new ArrayList<>();
        for (int c = 0; c < coldNodes.size(); c++) {
            int v = graph.globalId(t, coldNodes.get(c));
            for (long e = graph.neighbourStart(v); e < graph.neighbourEnd(v); e++) {
                int w = graph.neighbour(e), wt = graph.nodeType(w);
                String wType = graph.schema().nodeTypes().get(wt), wId = graph.ids(wt).get(graph.localId(w));
                if (!space.contains(wType, wId)) {
                    continue;
                }
                positives.add(similarity.of(coldVectors.get(c), space.vector(wType, wId)));
                double[] neg = new double[negatives];
                int count = space.numNodes(wType);
                for (int q = 0; q < negatives; q++) {
                    neg[q] = similarity.of(coldVectors.get(c), space.vector(wType, rng.nextInt(count)));
                }
                negativeScores.add(neg);
            }
        }
        RankingMetrics.Scores links = positives.isEmpty() ? null : RankingMetrics.scores(
                positives.stream().mapToDouble(Double::doubleValue).toArray(), negativeScores.toArray(new double[0][]), 10);
        return new Scores(method, cold.size(), coldNodes.size(), micro, macro, links);
    }
}
