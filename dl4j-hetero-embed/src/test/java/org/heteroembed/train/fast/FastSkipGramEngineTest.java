package org.heteroembed.train.fast;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
import org.heteroembed.inference.EmbeddingQuality;
import org.heteroembed.inference.HeteroEmbeddings;
import org.heteroembed.inference.NodeIdTables;
import org.heteroembed.nn.HeteroEmbeddingModels;
import org.heteroembed.nn.params.HeteroEmbeddingParamInitializer;
import org.heteroembed.sampling.SkipGramConfig;
import org.heteroembed.sampling.SkipGramPairGenerator;
import org.heteroembed.walk.WalkConfig;
import org.heteroembed.walk.WalkGenerator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FastSkipGramEngineTest {

    @Test
    void floatRowsReadAndWriteTheParameterViews() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        ComputationGraph net = new ComputationGraph(HeteroEmbeddingModels.skipGram(java.util.List.of("a", "b"),
                new int[]{5, 7}, 4, 2, new Sgd(0.1), 1, DataType.FLOAT));
        net.init();
        net.params().assign(Nd4j.rand(DataType.FLOAT, net.params().shape()));
        var conf = (org.heteroembed.nn.conf.HeteroEmbeddingLayer) net.getLayer("embedding").conf().getLayer();
        INDArray outTable = HeteroEmbeddingParamInitializer.allOutputVectors(conf, net.getLayer("embedding").params());
        FloatRows rows = new FloatRows(outTable);
        float[] r = new float[4];
        rows.read(9, r);
        assertArrayEquals(outTable.getRow(9).toFloatVector(), r, 0f);
        rows.write(3, new float[]{1, 2, 3, 4});
        assertArrayEquals(new float[]{1, 2, 3, 4}, net.getLayer("embedding").getParam("out0").getRow(3).toFloatVector(), 0f,
                "writes land in the network's parameters");
        assertThrows(IllegalArgumentException.class, () -> new FloatRows(outTable.castTo(DataType.DOUBLE)));
    }

    @Test
    void learnsPlantedCommunities() throws InterruptedException {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        HeteroGraph g = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(12_000, 5)).graph();
        WalkGenerator walks = new WalkGenerator(g, WalkConfig.builder().metapaths("user-article-topic-article-user")
                .walksPerNode(8).walkLength(20).seed(1).build());
        SkipGramPairGenerator pairs = SkipGramPairGenerator.forWalks(walks, SkipGramConfig.builder().window(3).negatives(5).build());
        ComputationGraph net = new ComputationGraph(HeteroEmbeddingModels.skipGram(g, 32, 5, new Sgd(0.1), 7, DataType.FLOAT));
        net.init();
        FastSkipGramEngine.Result r = FastSkipGramEngine.builder().epochs(2).build().fit(net, walks, pairs);
        HeteroEmbeddings e = HeteroEmbeddings.of(net, NodeIdTables.of(g));
        double purity = EmbeddingQuality.neighbourPurity(e, g, "user", 10, 400);
        double accuracy = EmbeddingQuality.classifierAccuracy(e, g, "user", 3);
        System.out.printf("fast engine: %,d tokens, %,d pairs in %.2f s (%,.0f tokens/s), purity %.3f, accuracy %.3f%n",
                r.progress().tokens(), r.progress().pairs(), r.seconds(), r.tokensPerSecond(), purity, accuracy);
        assertTrue(r.completed());
        assertTrue(purity > 0.6, "purity " + purity);
        assertTrue(accuracy > 0.6, "accuracy " + accuracy);
    }
}
