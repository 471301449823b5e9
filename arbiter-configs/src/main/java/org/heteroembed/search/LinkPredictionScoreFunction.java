package org.heteroembed.search;

import org.heteroembed.eval.LinkPrediction;
import org.heteroembed.eval.RankingMetrics;
import org.heteroembed.eval.Similarity;
import org.heteroembed.graph.HeldOutLinks;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.inference.HeteroEmbeddings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The search's link-prediction score: {@link LinkPrediction} (what {@code hetero-embed eval} reports) read as one
 * number, ROC AUC or MRR over all held-out edges ({@link #metric()} says which; the other is reported too).
 *
 * <p>The edges (a seeded sample of at most {@code maxEdges}) and their type-consistent negatives are drawn once,
 * by {@link LinkPrediction#prepare}, when the function is created, so every candidate is ranked on the same
 * examples, and a model scores here exactly what {@code eval} reports for it with the same held-out edges,
 * negatives, similarity and seed. The prepared evaluation refers to the in-memory graph: the function is used in
 * the process that made it (Arbiter's {@code LocalOptimizationRunner} never serializes it).
 */
public final class LinkPredictionScoreFunction extends EmbeddingScoreFunction {
    private static final long serialVersionUID = 2L;
    public static final String AUC = "auc", MRR = "mrr";

    private final String metric;
    private final Similarity similarity;
    private final LinkPrediction prediction;

    private LinkPredictionScoreFunction(String metric, Similarity similarity, LinkPrediction prediction) {
        this.metric = metric;
        this.similarity = similarity;
        this.prediction = prediction;
    }

    /**
     * @param metric    {@value #AUC} or {@value #MRR}
     * @param negatives type-consistent negatives per held-out edge (&gt;= 1)
     * @param maxEdges  held-out edges used at most (a seeded sample of them); 0 for all
     * @throws IllegalArgumentException for another metric, or as {@link LinkPrediction#prepare} does (no
     *                                  held-out edges, an edge that does not fit the graph or is one of its edges)
     */
    public static LinkPredictionScoreFunction create(HeteroGraph graph, HeldOutLinks heldOut, String metric,
                                                     Similarity similarity, int negatives, int maxEdges, long seed) {
        String m = metric.toLowerCase(Locale.ROOT);
        if (!m.equals(AUC) && !m.equals(MRR)) {
            throw new IllegalArgumentException("link-prediction metric '" + metric + "' is not one of auc, mrr");
        }
        return new LinkPredictionScoreFunction(m, similarity, LinkPrediction.prepare(graph, heldOut, negatives, maxEdges, seed));
    }

    @Override
    public String metric() {
        return metric;
    }

    @Override
    public List<String> metricNames() {
        return metric.equals(AUC) ? List.of(AUC, MRR) : List.of(MRR, AUC);
    }

    @Override
    public double chance() {
        return metric.equals(AUC) ? 0.5 : RankingMetrics.chanceMrr(prediction.negativesPerEdge());
    }

    @Override
    public Map<String, Double> evaluate(HeteroEmbeddings e) {
        RankingMetrics.Scores s = prediction.evaluate(e, similarity).overall();
        Map<String, Double> out = new LinkedHashMap<>();
        for (String name : metricNames()) {
            out.put(name, name.equals(AUC) ? s.auc() : s.mrr());
        }
        return out;
    }

    @Override
    public String toString() {
        return "LinkPredictionScoreFunction(" + metric + ", " + similarity.name().toLowerCase(Locale.ROOT) + ", "
                + prediction + ")";
    }
}
