package org.heteroembed.nn;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.datavec.SkipGramMultiDataSetIterator;
import org.heteroembed.eval.LogisticRegressionClassifier;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
import org.heteroembed.inference.EmbeddingQuality;
import org.heteroembed.inference.HeteroEmbeddings;
import org.heteroembed.inference.NodeIdTables;
import org.heteroembed.sampling.SkipGramConfig;
import org.heteroembed.sampling.SkipGramPairGenerator;
import org.heteroembed.train.HeteroTrainer;
import org.heteroembed.walk.WalkConfig;
import org.heteroembed.walk.WalkGenerator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sparse trainer: same updates as fit() with SGD, learns planted communities, never allocates gradients. */
class SparseTrainerTest {

    private static List<MultiDataSet> batches(HeteroGraph g, int count, int batchSize) throws InterruptedException {
        WalkGenerator walks = new WalkGenerator(g, WalkConfig.builder().walksPerNode(2).walkLength(8).seed(4).build());
        SkipGramPairGenerator pairs = SkipGramPairGenerator.forWalks(walks, SkipGramConfig.builder().window(2).negatives(3).build());
        SkipGramMultiDataSetIterator it = SkipGramMultiDataSetIterator.builder(walks, pairs).batchSize(batchSize).build();
        List<MultiDataSet> out = new ArrayList<>();
        while (it.hasNext() && out.size() < count) {
            out.add(it.next());
        }
        it.close();
        return out;
    }

    @org.junit.jupiter.api.AfterEach
    void restorePrecision() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    @Test
    void sameUpdatesAsFitWithSgd() throws InterruptedException {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        HeteroGraph g = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(300, 2)).graph();
        double lr = 0.5;
        ComputationGraph viaFit = new ComputationGraph(HeteroEmbeddingModels.skipGram(g, 8, 3, new Sgd(lr), 1, DataType.DOUBLE));
        viaFit.init();
        viaFit.params().assign(Nd4j.rand(DataType.DOUBLE, viaFit.params().shape()).subi(0.5).muli(0.2));
        ComputationGraph viaSparse = viaFit.clone();
        HeteroTrainer trainer = HeteroTrainer.builder().learningRate(lr).minLearningRate(lr).build();
        List<MultiDataSet> data = batches(g, 6, 64);
        assertEquals(6, data.size());
        INDArray before = viaFit.params().dup();
        for (MultiDataSet m : data) {
            viaFit.fit(m);
            trainer.fit(viaSparse, m);
        }
        INDArray a = viaFit.params(), b = viaSparse.params();
        double change = a.sub(before).norm2Number().doubleValue();
        double diff = a.sub(b).norm2Number().doubleValue();
        assertTrue(change > 1e-3, "training changed the parameters: " + change);
        assertTrue(diff < 1e-10 * Math.max(1, change), "sparse and fit() paths agree: difference " + diff + " vs change " + change);
        assertNull(viaSparse.getGradientsViewArray(), "the sparse path never allocates DL4J's gradient view");
    }

    @Test
    void sparsePathsSeparatePlantedCommunities() throws InterruptedException {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        HeteroGraph g = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(12_000, 5)).graph();
        WalkGenerator walks = new WalkGenerator(g, WalkConfig.builder().metapaths("user-article-topic-article-user")
                .walksPerNode(8).walkLength(20).seed(1).build());
        SkipGramPairGenerator pairs = SkipGramPairGenerator.forWalks(walks, SkipGramConfig.builder().window(3).negatives(5).build());
        for (HeteroTrainer trainer : new HeteroTrainer[]{
                HeteroTrainer.builder().optimizer(HeteroTrainer.Optimizer.SGD).learningRate(25).minLearningRate(0.1).plannedBatches(2300).build(),
                HeteroTrainer.builder().optimizer(HeteroTrainer.Optimizer.ADAGRAD).learningRate(0.3).build()}) {
            SkipGramMultiDataSetIterator it = SkipGramMultiDataSetIterator.builder(walks, pairs).batchSize(512).build();
            ComputationGraph net = new ComputationGraph(HeteroEmbeddingModels.skipGram(g, 32, 5, new Sgd(0.1), 7, DataType.FLOAT));
            net.init();
            long t0 = System.nanoTime();
            trainer.fit(net, it, 2);
            it.close();
            HeteroEmbeddings e = HeteroEmbeddings.of(net, NodeIdTables.of(g));
            double purity = EmbeddingQuality.neighbourPurity(e, g, "user", 10, 400);
            double accuracy = LogisticRegressionClassifier.accuracy(e, g, "user", 3);
            System.out.printf("sparse %s: %.1f s, %d batches, loss %.3f, purity %.3f, accuracy %.3f%n", trainer.currentLearningRate(),
                    (System.nanoTime() - t0) / 1e9, trainer.batchesDone(), trainer.lastLoss(), purity, accuracy);
            assertTrue(purity > 0.6, "purity " + purity);
            assertTrue(accuracy > 0.6, "accuracy " + accuracy);
            assertNull(net.getGradientsViewArray());
        }
    }
}
