package org.heteroembed.eval;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.graph.HeldOutLinks;
import org.heteroembed.graph.HeldOutSplit;
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
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole evaluation on a planted graph: hold out 10% of the edges, train briefly with the fast engine on
 * the rest, then link prediction, node classification and clustering must find the planted structure, and
 * an untrained (random) model must score at chance.
 */
class PlantedEvaluationTest {
    private static PlantedGraph planted;
    private static HeldOutSplit.Split split;
    private static HeteroEmbeddings trained;
    private static HeteroEmbeddings random;

    @BeforeAll
    static void train() throws InterruptedException {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        planted = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(12_000, 5).toBuilder().holdout(0).build());
        split = HeldOutSplit.split(planted.graph(), 0.1, 17);
        HeteroGraph g = split.training();
        WalkGenerator walks = new WalkGenerator(g, WalkConfig.builder().walksPerNode(8).walkLength(20).seed(1).build());
        SkipGramPairGenerator pairs = SkipGramPairGenerator.forWalks(walks, SkipGramConfig.builder().window(3).negatives(5).build());
        ComputationGraph net = new ComputationGraph(HeteroEmbeddingModels.skipGram(g, 32, 5, new Sgd(0.1), 7, DataType.FLOAT));
        net.init();
        ComputationGraph untrained = new ComputationGraph(net.getConfiguration().clone());
        untrained.init();
        long start = System.nanoTime();
        FastSkipGramEngine.builder().epochs(2).build().fit(net, walks, pairs);
        System.out.printf("trained in %.2f s on %s%n", (System.nanoTime() - start) / 1e9, g);
        trained = HeteroEmbeddings.of(net, NodeIdTables.of(g));
        random = HeteroEmbeddings.of(untrained, NodeIdTables.of(g));
    }

    @Test
    void linkPredictionFindsHeldOutEdges() {
        LinkPrediction lp = LinkPrediction.prepare(split.training(), split.heldOut(), LinkPrediction.DEFAULT_NEGATIVES, 0, 5);
        for (Similarity sim : Similarity.values()) {
            LinkPrediction.Result r = lp.evaluate(trained, sim);
            System.out.printf("trained, %s: %s%n", sim, r);
            assertTrue(r.overall().auc() > 0.75, "AUC " + r.overall().auc());
            assertTrue(r.overall().mrr() > 2 * r.chanceMrr(), "MRR " + r.overall().mrr() + " vs chance " + r.chanceMrr());
            assertTrue(r.overall().hitsAtK() > 2 * r.chanceHits(), "Hits " + r.overall().hitsAtK());
            assertEquals(2, r.byRelation().size());
            for (RankingMetrics.Scores s : r.byRelation().values()) {
                assertTrue(s.auc() > 0.65, s.toString());
            }

            LinkPrediction.Result c = lp.evaluate(random, sim);
            System.out.printf("random, %s: %s%n", sim, c);
            assertEquals(0.5, c.overall().auc(), 0.05, "random vectors: AUC near 0.5");
            assertEquals(c.chanceHits(), c.overall().hitsAtK(), 0.06);
        }
        // Deterministic: the same seed draws the same negatives.
        LinkPrediction again = LinkPrediction.prepare(split.training(), split.heldOut(), LinkPrediction.DEFAULT_NEGATIVES, 0, 5);
        assertEquals(lp.evaluate(trained, Similarity.DOT), again.evaluate(trained, Similarity.DOT));
    }

    @Test
    void plantedHeldOutClicksWork() {
        // The generator's own held-out clicks of a graph that has them.
        PlantedGraph withHoldout = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(2_000, 3));
        HeldOutLinks links = withHoldout.heldOut();
        LinkPrediction lp = LinkPrediction.prepare(withHoldout.graph(), links, 20, 0, 1);
        assertEquals(links.size(), lp.numEdges() + lp.evaluate(randomFor(withHoldout.graph()), Similarity.DOT).skippedEdges());
    }

    private static HeteroEmbeddings randomFor(HeteroGraph g) {
        ComputationGraph net = new ComputationGraph(HeteroEmbeddingModels.skipGram(g, 8, 5, new Sgd(0.1), 7, DataType.FLOAT));
        net.init();
        return HeteroEmbeddings.of(net, NodeIdTables.of(g));
    }

    @Test
    void nodeClassificationFarAboveChance() {
        NodeClassification.Result r = NodeClassification.evaluate(trained, split.training(), PlantedGraph.USER,
                NodeClassification.DEFAULT_RATIOS, 2, true, 9);
        System.out.println("node classification: " + r);
        assertEquals(planted.config().communities(), r.classes());
        assertEquals(5, r.ratios().size());
        for (NodeClassification.RatioScores s : r.ratios()) {
            assertTrue(s.macroF1Mean() > 3 * r.chanceMacroF1(), s.toString());
            assertTrue(s.microF1Std() >= 0 && s.repeats() == 2);
        }
        NodeClassification.Result chance = NodeClassification.evaluate(random, split.training(), PlantedGraph.USER,
                List.of(0.5), 2, false, 9);
        assertTrue(chance.ratios().get(0).macroF1Mean() < 2 * chance.chanceMacroF1(), chance.toString());
    }

    @Test
    void clusteringRecoversCommunities() {
        Clustering.Result r = Clustering.evaluate(trained, split.training(), PlantedGraph.USER, 4, 2);
        Clustering.Result c = Clustering.evaluate(random, split.training(), PlantedGraph.USER, 4, 2);
        System.out.println("clustering: trained " + r + ", random " + c);
        assertEquals(planted.config().communities(), r.k());
        assertTrue(r.nmi() > 0.5, "NMI " + r.nmi());
        assertTrue(c.nmi() < 0.1, "random NMI " + c.nmi());
    }

    @Test
    void reportPrintsAndSerialises() throws Exception {
        LinkPrediction.Result lp = LinkPrediction.evaluate(split.training(), split.heldOut(), trained, Similarity.DOT, 20, 1);
        NodeClassification.Result nc = NodeClassification.evaluate(trained, split.training(), PlantedGraph.USER,
                List.of(0.5), 1, true, 1);
        Clustering.Result cl = Clustering.evaluate(trained, split.training(), PlantedGraph.USER, 2, 1);
        EvaluationReport report = new EvaluationReport(lp, nc, cl);
        String text = report.toText();
        System.out.println(text);
        assertTrue(text.contains("user-article") && text.contains("Hits@10") && text.contains("macro-F1")
                && text.contains("NMI"), text);
        JsonNode json = new ObjectMapper().readTree(report.toJson());
        assertEquals(lp.overall().auc(), json.get("linkPrediction").get("overall").get("auc").asDouble(), 1e-12);
        assertEquals(nc.ratios().get(0).macroF1Mean(),
                json.get("nodeClassification").get("ratios").get(0).get("macroF1Mean").asDouble(), 1e-12);
        assertEquals(cl.nmi(), json.get("clustering").get("nmi").asDouble(), 1e-12);
        // Parts that were not run are left out.
        assertEquals("", new EvaluationReport(null, null, null).toText());
        assertTrue(!new ObjectMapper().readTree(new EvaluationReport(lp, null, null).toJson()).has("clustering"));
    }
}
