package org.heteroembed.search;

import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.eval.LinkPrediction;
import org.heteroembed.eval.NodeClassification;
import org.heteroembed.eval.RankingMetrics;
import org.heteroembed.eval.Similarity;
import org.heteroembed.graph.HeldOutLinks;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.generate.PlantedGraph;
import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
import org.heteroembed.inference.HeteroEmbeddings;
import org.heteroembed.inference.NodeIdTables;
import org.heteroembed.nn.HeteroEmbeddingModels;
import org.heteroembed.sampling.SkipGramConfig;
import org.heteroembed.sampling.SkipGramPairGenerator;
import org.heteroembed.train.fast.FastSkipGramEngine;
import org.heteroembed.walk.WalkConfig;
import org.heteroembed.walk.WalkGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The search's score functions are adapters over {@code eval}: for one trained model, the held-out clicks of a
 * planted graph and the same seed, a score function reports exactly (to the last bit) what {@code eval}'s
 * {@link LinkPrediction} and {@link NodeClassification} report. (The ranking and classification themselves are
 * tested in {@code org.heteroembed.eval}.)
 */
class ScoreFunctionTest {
    private static final long SEED = 7;
    private static PlantedGraph planted;
    private static HeteroEmbeddings model;

    @BeforeAll
    static void train() throws InterruptedException {
        planted = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(4_000, 3));
        HeteroGraph g = planted.graph();
        WalkGenerator walks = new WalkGenerator(g, WalkConfig.builder().walksPerNode(6).walkLength(20).seed(1).build());
        SkipGramPairGenerator pairs = SkipGramPairGenerator.forWalks(walks, SkipGramConfig.builder().window(3).negatives(5).build());
        ComputationGraph net = new ComputationGraph(HeteroEmbeddingModels.skipGram(g, 16, 5, new Sgd(0.1), 7, DataType.FLOAT));
        net.init();
        FastSkipGramEngine.builder().epochs(2).build().fit(net, walks, pairs);
        model = HeteroEmbeddings.of(net, NodeIdTables.of(g));
    }

    @Test
    void linkScoresAreWhatEvalReports() {
        HeteroGraph g = planted.graph();
        HeldOutLinks heldOut = planted.heldOut();
        for (Similarity sim : Similarity.values()) {
            // All held-out edges: the call `hetero-embed eval` makes.
            LinkPrediction.Result eval = LinkPrediction.evaluate(g, heldOut, model, sim, 10, SEED);
            LinkPredictionScoreFunction auc = LinkPredictionScoreFunction.create(g, heldOut, "auc", sim, 10, 0, SEED);
            LinkPredictionScoreFunction mrr = LinkPredictionScoreFunction.create(g, heldOut, "MRR", sim, 10, 0, SEED);
            assertEquals(eval.overall().auc(), auc.score(model), 0.0, sim.toString());
            assertEquals(eval.overall().mrr(), mrr.score(model), 0.0, sim.toString());
            assertEquals(Map.of("auc", eval.overall().auc(), "mrr", eval.overall().mrr()), auc.evaluate(model));
            assertEquals(eval.chanceMrr(), mrr.chance(), 0.0);
            // A trained model, far from chance: the equality is not between two constants.
            assertTrue(eval.overall().auc() > 0.7, eval.toString());

            // A sample of the edges, as search.maxEdges draws it.
            LinkPrediction.Result sample = LinkPrediction.prepare(g, heldOut, 10, 150, SEED).evaluate(model, sim);
            LinkPredictionScoreFunction sampled = LinkPredictionScoreFunction.create(g, heldOut, "auc", sim, 10, 150, SEED);
            assertEquals(150, sample.overall().positives());
            assertEquals(sample.overall().auc(), sampled.score(model), 0.0);
            assertEquals(sample.overall().mrr(), sampled.evaluate(model).get("mrr"), 0.0);
        }
    }

    @Test
    void nodeClassificationScoresAreWhatEvalReports() {
        HeteroGraph g = planted.graph();
        // folds = 2: two stratified splits training on half of the nodes (each classifier costs a second or more).
        NodeClassificationScoreFunction f1 = NodeClassificationScoreFunction.create(g, PlantedGraph.USER, 2, 0, SEED);
        NodeClassification.RatioScores eval = NodeClassification.evaluate(model, g, PlantedGraph.USER, List.of(0.5), 2,
                true, SEED).ratios().get(0);
        Map<String, Double> m = f1.evaluate(model);
        assertEquals(eval.macroF1Mean(), m.get(NodeClassificationScoreFunction.MACRO_F1), 0.0);
        assertEquals(eval.microF1Mean(), m.get(NodeClassificationScoreFunction.MICRO_F1), 0.0);
        assertTrue(eval.macroF1Mean() > 3 * f1.chance(), eval.toString());
        assertEquals(g.labels(planted.userType()).numLabelled(), f1.numNodes());

        // A sample of the nodes, as search.maxNodes draws it.
        NodeClassificationScoreFunction sampled = NodeClassificationScoreFunction.create(g, PlantedGraph.USER, 3, 300, SEED);
        NodeClassification.RatioScores sample = NodeClassification.prepare(g, PlantedGraph.USER, 300, SEED)
                .evaluate(model, List.of(2.0 / 3), 3, true, SEED).ratios().get(0);
        assertEquals(300, sample.trainNodes() + sample.testNodes());
        assertEquals(sample.macroF1Mean(), sampled.score(model), 0.0);
    }

    @Test
    void adaptersSpeakArbiter() {
        HeteroGraph g = planted.graph();
        LinkPredictionScoreFunction auc = LinkPredictionScoreFunction.create(g, planted.heldOut(), "auc", Similarity.DOT, 5, 50, 1);
        LinkPredictionScoreFunction mrr = LinkPredictionScoreFunction.create(g, planted.heldOut(), "mrr", Similarity.DOT, 5, 50, 1);
        assertEquals(List.of("auc", "mrr"), auc.metricNames());
        assertEquals(List.of("mrr", "auc"), mrr.metricNames());
        assertEquals(0.5, auc.chance());
        assertEquals(RankingMetrics.chanceMrr(5), mrr.chance(), 0.0);
        assertFalse(auc.minimize());
        // Arbiter hands over the candidate's model or the embeddings; its data-source arguments are ignored.
        assertEquals(auc.score(model), auc.score(model, (Class<DataSource>) null, null), 0.0);
        assertThrows(IllegalArgumentException.class, () -> auc.score("not a model", (Class<DataSource>) null, null));
        assertThrows(IllegalArgumentException.class,
                () -> LinkPredictionScoreFunction.create(g, planted.heldOut(), "hits", Similarity.DOT, 5, 0, 1));

        NodeClassificationScoreFunction f1 = NodeClassificationScoreFunction.create(g, PlantedGraph.USER, 3, 100, 1);
        assertEquals(List.of("macroF1", "microF1"), f1.metricNames());
        assertEquals(1.0 / planted.config().communities(), f1.chance(), 1e-12);
        assertEquals(2.0 / 3, NodeClassificationScoreFunction.trainRatio(3), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> NodeClassificationScoreFunction.create(g, PlantedGraph.USER, 1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> NodeClassificationScoreFunction.create(g, "venue", 3, 0, 1));
    }
}
