package org.heteroembed.nn;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.datavec.SkipGramMultiDataSetIterator;
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
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The planted graph, metapath walks and skip-gram pairs that the nn training tests learn communities from, built once
 * per test JVM (surefire runs a module's test classes in one JVM), and the model that {@code HeteroTrainer}'s AdaGrad
 * trains on them, trained once: {@link SparseTrainerTest} checks that it separates the communities,
 * {@link CompositionTest} puts a classifier on its tables. Users of {@link #adaGradModel()} copy its tables out and
 * never train it further.
 *
 * <p>Sizes: 1,840 nodes (1,200 users in 8 communities), 4 walks per user of length 20, window 3, 5 negatives: one
 * epoch is 555 batches of 512 pairs, enough for every trainer here to reach a neighbour purity and a classifier
 * accuracy near 0.8 (chance 0.125; the tests ask for 0.6).
 */
final class PlantedSkipGram {
    static final int DIMENSION = 32;
    static final int NEGATIVES = 5;
    static final int BATCH = 512;
    /** Batches of {@link #BATCH} in one epoch of {@link #pairs()} (for learning-rate schedules). */
    static final int BATCHES_PER_EPOCH = 555;

    private static HeteroGraph graph;
    private static WalkGenerator walks;
    private static SkipGramPairGenerator pairs;
    private static Trained adaGrad;

    /** A trained model, the trainer that trained it and its wall time. */
    record Trained(ComputationGraph net, HeteroTrainer trainer, double seconds) {
    }

    private PlantedSkipGram() {
    }

    static synchronized HeteroGraph graph() {
        if (graph == null) {
            graph = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(12_000, 5)).graph();
        }
        return graph;
    }

    static synchronized WalkGenerator walks() {
        if (walks == null) {
            walks = new WalkGenerator(graph(), WalkConfig.builder().metapaths("user-article-topic-article-user")
                    .walksPerNode(4).walkLength(20).seed(1).build());
        }
        return walks;
    }

    static synchronized SkipGramPairGenerator pairs() throws InterruptedException {
        if (pairs == null) {
            pairs = SkipGramPairGenerator.forWalks(walks(), SkipGramConfig.builder().window(3).negatives(NEGATIVES).build());
        }
        return pairs;
    }

    /** A new iterator over one epoch of batches of {@code batchSize} pairs (close it after use). */
    static SkipGramMultiDataSetIterator batches(int batchSize) throws InterruptedException {
        return SkipGramMultiDataSetIterator.builder(walks(), pairs()).batchSize(batchSize).build();
    }

    /** A fresh skip-gram network on the graph, FLOAT, with {@code updater} for DL4J's fit(). */
    static ComputationGraph newSkipGram(IUpdater updater) {
        ComputationGraph net = new ComputationGraph(HeteroEmbeddingModels.skipGram(graph(), DIMENSION, NEGATIVES, updater, 7,
                DataType.FLOAT));
        net.init();
        return net;
    }

    /** Trains a fresh network for one epoch of batches of {@link #BATCH} with {@code trainer}. */
    static Trained trainOneEpoch(HeteroTrainer trainer) throws InterruptedException {
        ComputationGraph net = newSkipGram(new Sgd(0.1)); // DL4J's updater is unused: the trainer updates the tables
        long t0 = System.nanoTime();
        SkipGramMultiDataSetIterator it = batches(BATCH);
        try {
            trainer.fit(net, it, 1);
        } finally {
            it.close();
        }
        return new Trained(net, trainer, (System.nanoTime() - t0) / 1e9);
    }

    /** The model per-row AdaGrad trains in one epoch, trained on first use. */
    static synchronized Trained adaGradModel() throws InterruptedException {
        if (adaGrad == null) {
            adaGrad = trainOneEpoch(HeteroTrainer.builder().optimizer(HeteroTrainer.Optimizer.ADAGRAD).learningRate(0.3).build());
        }
        return adaGrad;
    }

    /**
     * Asserts that a model's user vectors separate the planted communities: most of a user's 10 nearest users share
     * its community, and a logistic regression predicts communities far above chance.
     */
    static void assertSeparatesCommunities(ComputationGraph net, String what) {
        HeteroEmbeddings e = HeteroEmbeddings.of(net, NodeIdTables.of(graph()));
        double purity = EmbeddingQuality.neighbourPurity(e, graph(), "user", 10, 400);
        double accuracy = org.heteroembed.eval.LogisticRegressionClassifier.accuracy(e, graph(), "user", 3);
        System.out.printf("%s: user neighbour purity %.3f, classifier accuracy %.3f (chance %.3f)%n", what, purity, accuracy,
                1.0 / graph().labels(0).numClasses());
        assertTrue(purity > 0.6, what + ": nearest users mostly share the planted community: purity " + purity);
        assertTrue(accuracy > 0.6, what + ": logistic regression far above chance (0.125): accuracy " + accuracy);
    }
}
