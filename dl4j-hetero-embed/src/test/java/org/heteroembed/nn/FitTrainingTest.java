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
import org.heteroembed.walk.WalkConfig;
import org.heteroembed.walk.WalkGenerator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** DL4J's own fit() trains the model on skip-gram records and separates planted communities. */
class FitTrainingTest {

    @Test
    void fitSeparatesPlantedCommunities() throws InterruptedException {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        HeteroGraph g = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(12_000, 5)).graph();
        WalkGenerator walks = new WalkGenerator(g, WalkConfig.builder().metapaths("user-article-topic-article-user")
                .walksPerNode(8).walkLength(20).seed(1).build());
        SkipGramPairGenerator pairs = SkipGramPairGenerator.forWalks(walks, SkipGramConfig.builder().window(3).negatives(5).build());
        SkipGramMultiDataSetIterator it = SkipGramMultiDataSetIterator.builder(walks, pairs).batchSize(512).build();
        ComputationGraph net = new ComputationGraph(HeteroEmbeddingModels.skipGram(g, 32, 5, new Adam(0.01), 7, DataType.FLOAT));
        net.init();
        long t0 = System.nanoTime();
        net.fit(it, 2);
        double seconds = (System.nanoTime() - t0) / 1e9;
        it.close();
        HeteroEmbeddings e = HeteroEmbeddings.of(net, NodeIdTables.of(g));
        double purity = EmbeddingQuality.neighbourPurity(e, g, "user", 10, 400);
        double accuracy = LogisticRegressionClassifier.accuracy(e, g, "user", 3);
        System.out.printf("fit: %.1f s, user neighbour purity %.3f, classifier accuracy %.3f (chance %.3f)%n",
                seconds, purity, accuracy, 1.0 / g.labels(0).numClasses());
        assertTrue(purity > 0.6, "nearest users mostly share the planted community: " + purity);
        assertTrue(accuracy > 0.6, "logistic regression far above chance (0.125): " + accuracy);
    }
}
