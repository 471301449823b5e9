package org.heteroembed.eval;

import org.deeplearning4j.nn.graph.ComputationGraph;
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

import java.util.Arrays;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Link prediction on hand-made graphs and vectors, where the right answer is known. */
class LinkPredictionTest {

    /**
     * 4 users and 4 articles in two communities (index mod 2); training clicks u0-a2, u2-a0, u1-a3, u3-a1 and
     * held-out clicks u0-a0, u1-a1. The valid negatives of u0 can only be a1 and a3 (a0 is held out, a2 a
     * training edge), those of u1 only a0 and a2: always the other community.
     */
    static HeteroGraph tinyGraph() {
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

    /**
     * A model of {@code g} whose rows follow {@code ids} (possibly another order than the graph's), the
     * vector of each node given by its external id.
     */
    static HeteroEmbeddings vectors(HeteroGraph g, NodeIdTables ids, int d, Function<String, float[]> vector) {
        ComputationGraph net = new ComputationGraph(HeteroEmbeddingModels.skipGram(g, d, 1, new Sgd(0.1), 1, DataType.FLOAT));
        net.init();
        HeteroEmbeddingLayerImpl layer = HeteroEmbeddingLayerImpl.find(net, false);
        INDArray in = HeteroEmbeddingParamInitializer.allInputVectors((HeteroEmbeddingLayer) layer.conf().getLayer(), layer.params());
        int row = 0;
        for (int t = 0; t < ids.types().size(); t++) {
            for (int i = 0; i < ids.count(t); i++, row++) {
                float[] v = vector.apply(ids.id(t, i));
                for (int j = 0; j < d; j++) {
                    in.putScalar(row, j, v[j]);
                }
            }
        }
        return HeteroEmbeddings.of(net, ids);
    }

    private static int community(String id) {
        return Integer.parseInt(id.substring(1)) % 2;
    }

    private static HeldOutLinks tinyHeldOut(HeteroGraph g) {
        int rel = g.schema().relation("user-article");
        return new HeldOutLinks(new int[]{rel, rel}, new int[]{g.node("user", "u0"), g.node("user", "u1")},
                new int[]{g.node("article", "a0"), g.node("article", "a1")});
    }

    @Test
    void negativesAreTypeConsistentAndNeverTrueEdges() {
        HeteroGraph g = tinyGraph();
        LinkPrediction lp = LinkPrediction.prepare(g, tinyHeldOut(g), 4, 0, 3);
        assertEquals(2, lp.numEdges());
        int[] n0 = lp.negatives(0), n1 = lp.negatives(1);
        Arrays.sort(n0);
        Arrays.sort(n1);
        assertArrayEquals(new int[]{g.node("article", "a1"), g.node("article", "a3")}, n0, "only two valid negatives");
        assertArrayEquals(new int[]{g.node("article", "a0"), g.node("article", "a2")}, n1);
    }

    @Test
    void separatedAndUninformativeVectors() {
        HeteroGraph g = tinyGraph();
        LinkPrediction lp = LinkPrediction.prepare(g, tinyHeldOut(g), 4, 0, 3);
        for (Similarity sim : Similarity.values()) {
            HeteroEmbeddings separated = vectors(g, NodeIdTables.of(g), 2,
                    id -> community(id) == 0 ? new float[]{1, 0} : new float[]{0, 1});
            LinkPrediction.Result r = lp.evaluate(separated, sim);
            assertEquals(1.0, r.overall().auc(), 1e-9, sim + " " + r);
            assertEquals(1.0, r.overall().mrr(), 1e-9);
            assertEquals(1.0, r.overall().hitsAtK(), 1e-9);
            assertEquals(r.overall(), r.byRelation().get("user-article"));

            // Identical vectors: every score tied, AUC 0.5, each positive at mid-rank 2 of 3.
            HeteroEmbeddings identical = vectors(g, NodeIdTables.of(g), 2, id -> new float[]{0.6f, 0.8f});
            LinkPrediction.Result t = lp.evaluate(identical, sim);
            assertEquals(0.5, t.overall().auc(), 1e-9);
            assertEquals(0.5, t.overall().mrr(), 1e-9);
        }
    }

    @Test
    void nodesAreMatchedToModelRowsById() {
        HeteroGraph g = tinyGraph();
        NodeIdTables ids = NodeIdTables.of(g);
        // The model lists each type's ids in reverse: matching by local index would pair the wrong vectors.
        String[][] reversed = new String[2][4];
        for (int t = 0; t < 2; t++) {
            for (int i = 0; i < 4; i++) {
                reversed[t][i] = ids.id(t, 3 - i);
            }
        }
        HeteroEmbeddings e = vectors(g, new NodeIdTables(new String[]{"user", "article"}, reversed), 2,
                id -> community(id) == 0 ? new float[]{1, 0} : new float[]{0, 1});
        assertEquals(1.0, LinkPrediction.evaluate(g, tinyHeldOut(g), e, Similarity.COSINE, 4, 3).overall().auc(), 1e-9);
    }

    @Test
    void rejectsLeakingOrMalformedHeldOutEdges() {
        HeteroGraph g = tinyGraph();
        int rel = g.schema().relation("user-article");
        HeldOutLinks leak = new HeldOutLinks(new int[]{rel}, new int[]{g.node("user", "u0")}, new int[]{g.node("article", "a2")});
        assertThrows(IllegalArgumentException.class, () -> LinkPrediction.prepare(g, leak, 4, 0, 1));
        HeldOutLinks wrongType = new HeldOutLinks(new int[]{rel}, new int[]{g.node("article", "a0")}, new int[]{g.node("user", "u0")});
        assertThrows(IllegalArgumentException.class, () -> LinkPrediction.prepare(g, wrongType, 4, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> LinkPrediction.prepare(g, tinyHeldOut(g), 0, 0, 1));
    }
}
