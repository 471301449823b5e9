package org.heteroembed.train.fast;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.eval.LogisticRegressionClassifier;
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
    void chunkedRowsMatchTheTableAcrossChunkBoundaries() {
        INDArray table = Nd4j.rand(DataType.FLOAT, 37, 6);
        FloatRows rows = new FloatRows(table, 4 * 6 * 5); // 5 rows fit: chunks of 4 rows (a power of two)
        float[] r = new float[6];
        for (int i = 0; i < 37; i++) {
            rows.read(i, r);
            assertArrayEquals(table.getRow(i).toFloatVector(), r, 0f, "row " + i);
        }
        float[] row3 = table.getRow(3).toFloatVector();
        rows.write(36, new float[]{9, 9, 9, 9, 9, 9});
        rows.write(4, new float[]{7, 7, 7, 7, 7, 7}); // first row of the second chunk
        assertArrayEquals(new float[]{9, 9, 9, 9, 9, 9}, table.getRow(36).toFloatVector(), 0f);
        assertArrayEquals(new float[]{7, 7, 7, 7, 7, 7}, table.getRow(4).toFloatVector(), 0f);
        assertArrayEquals(row3, table.getRow(3).toFloatVector(), 0f, "the last row of the first chunk is untouched");
    }

    @Test
    void stopCheckpointAndResumeFinishTheRun(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        HeteroGraph g = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(4_000, 8)).graph();
        WalkGenerator walks = new WalkGenerator(g, WalkConfig.builder().walksPerNode(4).walkLength(10).chunkSize(16).seed(3).build());
        SkipGramPairGenerator pairs = SkipGramPairGenerator.forWalks(walks, SkipGramConfig.builder().window(2).build());
        ComputationGraph net = new ComputationGraph(HeteroEmbeddingModels.skipGram(g, 16, 5, new Sgd(0.1), 7, DataType.FLOAT));
        net.init();
        FastSkipGramEngine engine = FastSkipGramEngine.builder().epochs(2).build();
        java.nio.file.Path file = dir.resolve("model.zip");
        NodeIdTables ids = NodeIdTables.of(g);
        // Stop after 5 chunks, as a Ctrl-C would, and checkpoint.
        FastSkipGramEngine.Result first = engine.fit(net, walks, pairs, TrainingProgress.START, p -> {
            if (p.chunk() == 5) {
                engine.requestStop();
            }
        });
        assertTrue(!first.completed());
        assertTrue(first.progress().epoch() == 0 && first.progress().chunk() == 5, first.progress().toString());
        org.heteroembed.inference.HeteroModelFile.save(net, ids, first.progress(), file);

        ComputationGraph restored = org.heteroembed.inference.HeteroModelFile.network(file);
        TrainingProgress saved = org.heteroembed.inference.HeteroModelFile.progress(file);
        assertTrue(saved.equals(first.progress()), "the checkpoint holds the progress");
        INDArray before = restored.params().dup();
        long[] chunksSeen = {0};
        FastSkipGramEngine.Result rest = FastSkipGramEngine.builder().epochs(2).build().fit(restored, walks, pairs, saved,
                p -> chunksSeen[0]++);
        assertTrue(rest.completed());
        assertTrue(rest.progress().epoch() == 2);
        assertTrue(chunksSeen[0] == 2 * walks.numChunks() - 5, "the resumed run trains only the remaining chunks: " + chunksSeen[0]);
        assertTrue(rest.progress().tokens() > first.progress().tokens());
        assertTrue(!before.equals(restored.params()), "training continued");
    }

    @Test
    void pairBudgetStopsTheRun() throws InterruptedException {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        HeteroGraph g = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(3_000, 4)).graph();
        WalkGenerator walks = new WalkGenerator(g, WalkConfig.builder().walksPerNode(2).walkLength(8).chunkSize(8).seed(3).build());
        SkipGramPairGenerator pairs = SkipGramPairGenerator.forWalks(walks, SkipGramConfig.builder().window(2).build());
        ComputationGraph net = new ComputationGraph(HeteroEmbeddingModels.skipGram(g, 8, 5, new Sgd(0.1), 7, DataType.FLOAT));
        net.init();
        long budget = 50_000;
        FastSkipGramEngine.Result r = FastSkipGramEngine.builder().maxPairs(budget).build().fit(net, walks, pairs);
        assertTrue(r.completed());
        ComputationGraph oneEpochNet = new ComputationGraph(net.getConfiguration().clone());
        oneEpochNet.init();
        long perEpoch = FastSkipGramEngine.builder().build().fit(oneEpochNet, walks, pairs).progress().pairs();
        assertTrue(perEpoch < budget, "the budget spans several epochs: " + perEpoch);
        // Stops within the chunks in flight of the budget.
        assertTrue(r.progress().pairs() >= budget && r.progress().pairs() < budget + perEpoch / 2, r.progress().toString());
        assertTrue(r.progress().epoch() >= 1);
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
        double accuracy = LogisticRegressionClassifier.accuracy(e, g, "user", 3);
        System.out.printf("fast engine: %,d tokens, %,d pairs in %.2f s (%,.0f tokens/s), purity %.3f, accuracy %.3f%n",
                r.progress().tokens(), r.progress().pairs(), r.seconds(), r.tokensPerSecond(), purity, accuracy);
        assertTrue(r.completed());
        assertTrue(purity > 0.6, "purity " + purity);
        assertTrue(accuracy > 0.6, "accuracy " + accuracy);

        // The same model trains further with DL4J's fit().
        var it = org.heteroembed.datavec.SkipGramMultiDataSetIterator.builder(walks, pairs).batchSize(256).build();
        var batch = it.next();
        it.close();
        double before = net.score(batch);
        for (int i = 0; i < 20; i++) {
            net.fit(batch);
        }
        assertTrue(net.score(batch) < before, "fit() continues from the engine's tables");
    }
}
