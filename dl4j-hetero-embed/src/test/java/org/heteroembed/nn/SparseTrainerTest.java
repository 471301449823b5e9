package org.heteroembed.nn;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.datavec.SkipGramMultiDataSetIterator;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
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
        // SGD of the mean batch loss: a large rate (about 0.1 per pair at 512 pairs a batch) decaying over the epoch.
        PlantedSkipGram.Trained sgd = PlantedSkipGram.trainOneEpoch(HeteroTrainer.builder().optimizer(HeteroTrainer.Optimizer.SGD)
                .learningRate(50).minLearningRate(0.1).plannedBatches(PlantedSkipGram.BATCHES_PER_EPOCH).build());
        assertLearned("sparse SGD", sgd);
        assertLearned("sparse per-row AdaGrad", PlantedSkipGram.adaGradModel());
    }

    private static void assertLearned(String what, PlantedSkipGram.Trained t) {
        System.out.printf("%s: %.1f s, %d batches, last batch loss %.3f%n", what, t.seconds(), t.trainer().batchesDone(),
                t.trainer().lastLoss());
        PlantedSkipGram.assertSeparatesCommunities(t.net(), what);
        assertNull(t.net().getGradientsViewArray(), what + " never allocates DL4J's gradient view");
    }
}
