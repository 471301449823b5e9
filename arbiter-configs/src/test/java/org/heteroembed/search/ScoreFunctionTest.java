package org.heteroembed.search;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.eval.RankingMetrics;
import org.heteroembed.eval.Similarity;
import org.heteroembed.graph.HeldOutLinks;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.HeteroGraphBuilder;
import org.heteroembed.inference.HeteroEmbeddings;
import org.heteroembed.inference.NodeIdTables;
import org.heteroembed.nn.HeteroEmbeddingModels;
import org.heteroembed.nn.conf.HeteroEmbeddingLayer;
import org.heteroembed.nn.layers.HeteroEmbeddingLayerImpl;
import org.heteroembed.nn.params.HeteroEmbeddingParamInitializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Sgd;

import java.util.Map;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Score functions on hand-made vectors, where the right answer is known (the ranking arithmetic itself is
 * tested with {@code org.heteroembed.eval.RankingMetrics}).
 */
class ScoreFunctionTest {

    /**
     * 4 users and 4 articles in two communities (index mod 2); training clicks u0-a2, u2-a0, u1-a3, u3-a1 and
     * held-out clicks u0-a0, u1-a1. The type-consistent negatives of u0 can only be a1 and a3 (a0 is the held-out
     * edge, a2 a training edge), those of u1 only a0 and a2: always the other community.
     */
    private static HeteroGraph tinyGraph() {
        HeteroGraphBuilder b = HeteroGraph.builder().fixNodeTypes("user", "article");
        int user = b.nodeType("user"), article = b.nodeType("article");
        for (int i = 0; i < 4; i++) {
            b.node(user, "u" + i);
            b.node(article, "a" + i);
        }
        int rel = b.relation("user-article", user, article, false);
        b.addEdge(rel, 0, 2, 1f);
        b.addEdge(rel, 2, 0, 1f);
        b.addEdge(rel, 1, 3, 1f);
        b.addEdge(rel, 3, 1, 1f);
        return b.build();
    }

    /** A model of the graph whose vector of node (global index) i is {@code vector.apply(i)}. */
    private static HeteroEmbeddings vectors(HeteroGraph g, int d, IntFunction<float[]> vector) {
        ComputationGraph net = new ComputationGraph(HeteroEmbeddingModels.skipGram(g, d, 1, new Sgd(0.1), 1, DataType.FLOAT));
        net.init();
        HeteroEmbeddingLayerImpl layer = HeteroEmbeddingLayerImpl.find(net, false);
        INDArray in = HeteroEmbeddingParamInitializer.allInputVectors((HeteroEmbeddingLayer) layer.conf().getLayer(), layer.params());
        for (int i = 0; i < g.numNodes(); i++) {
            float[] v = vector.apply(i);
            for (int j = 0; j < d; j++) {
                in.putScalar(i, j, v[j]);
            }
        }
        return HeteroEmbeddings.of(net, NodeIdTables.of(g));
    }

    @Test
    void linkPredictionOnHandMadeVectors() {
        HeteroGraph g = tinyGraph();
        HeldOutLinks heldOut = HeldOutLinks.of(g.schema().relation("user-article"), new int[]{g.node("user", "u0"), g.node("user", "u1")},
                new int[]{g.node("article", "a0"), g.node("article", "a1")});
        int k = 4;
        for (Similarity sim : Similarity.values()) {
            LinkPredictionScoreFunction auc = LinkPredictionScoreFunction.create(g, heldOut, "auc", sim, k, 0, 3);
            LinkPredictionScoreFunction mrr = LinkPredictionScoreFunction.create(g, heldOut, "mrr", sim, k, 0, 3);
            assertEquals(2, auc.numEdges());

            // Perfectly separated: each node is the unit vector of its community.
            HeteroEmbeddings separated = vectors(g, 2, i -> g.localId(i) % 2 == 0 ? new float[]{1, 0} : new float[]{0, 1});
            Map<String, Double> m = auc.evaluate(separated);
            assertEquals(1.0, m.get("auc"), 1e-9, sim + " " + m);
            assertEquals(1.0, m.get("mrr"), 1e-9, sim + " " + m);
            assertEquals(1.0, auc.score(separated), 1e-9);
            assertEquals(1.0, mrr.score(separated), 1e-9);

            // Identical vectors carry no information: AUC 0.5, every positive tied with its k negatives.
            HeteroEmbeddings identical = vectors(g, 2, i -> new float[]{0.6f, 0.8f});
            assertEquals(0.5, auc.score(identical), 1e-9);
            assertEquals(1 / (1 + k / 2.0), mrr.score(identical), 1e-9);
            assertEquals(0.5, auc.chance());
            assertEquals(RankingMetrics.chanceMrr(k), mrr.chance(), 1e-12);
            // Arbiter's interface: the model may be the embeddings themselves.
            assertEquals(1.0, auc.score(separated, (Class<org.deeplearning4j.arbiter.optimize.api.data.DataSource>) null, null), 1e-9);
            assertTrue(!auc.minimize());
        }
    }

    @Test
    void nodeClassificationOnHandMadeVectors() {
        HeteroGraphBuilder b = HeteroGraph.builder().fixNodeTypes("user", "article");
        int user = b.nodeType("user"), article = b.nodeType("article");
        int rel = b.relation("user-article", user, article, false);
        for (int i = 0; i < 60; i++) {
            b.node(user, "u" + i);
            b.setLabel(user, i, "c" + (i % 3));
        }
        b.node(article, "a0");
        for (int i = 0; i < 60; i++) {
            b.addEdge(rel, i, 0, 1f);
        }
        HeteroGraph g = b.build();
        NodeClassificationScoreFunction f1 = NodeClassificationScoreFunction.create(g, "user", 3, 0, 5);
        assertEquals(60, f1.numNodes());
        // Users of class c lie near the c-th unit vector: separable.
        java.util.Random r = new java.util.Random(1);
        HeteroEmbeddings separated = vectors(g, 3, i -> {
            float[] v = new float[3];
            for (int j = 0; j < 3; j++) {
                v[j] = 0.05f * (float) r.nextGaussian();
            }
            if (g.nodeType(i) == user) {
                v[g.localId(i) % 3] += 1;
            }
            return v;
        });
        Map<String, Double> m = f1.evaluate(separated);
        assertEquals(1.0, m.get(NodeClassificationScoreFunction.MACRO_F1), 1e-9, m.toString());
        assertEquals(1.0, m.get(NodeClassificationScoreFunction.MICRO_F1), 1e-9, m.toString());
        assertEquals(1.0 / 3, f1.chance(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> NodeClassificationScoreFunction.create(g, "article", 3, 0, 5),
                "articles have no labels");
        assertThrows(IllegalArgumentException.class, () -> NodeClassificationScoreFunction.create(g, "venue", 3, 0, 5));
    }
}
