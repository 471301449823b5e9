package org.heteroembed.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.eval.LogisticRegressionClassifier;
import org.heteroembed.graph.GraphSnapshot;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
import org.heteroembed.graph.partition.LabelPropagationPartitioner;
import org.heteroembed.graph.partition.NodePartition;
import org.heteroembed.inference.HeteroEmbeddings;
import org.heteroembed.inference.HeteroModelFile;
import org.heteroembed.inference.NodeIdTables;
import org.heteroembed.nn.HeteroEmbeddingModels;
import org.heteroembed.sampling.SkipGramConfig;
import org.heteroembed.walk.WalkChunk;
import org.heteroembed.walk.WalkConfig;
import org.heteroembed.walk.WalkGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spark training in {@code local[2]} (executors are threads of this JVM): walks made on the executors, both of
 * DL4J's training masters, and the fast engine with row-delta merging under hash and locality partitioning.
 * Each learns the planted communities (classifier accuracy far above chance, 1/8) and saves a loadable model.
 */
class SparkTrainingTest {
    private static final WalkConfig WALKS = WalkConfig.builder().metapaths("user-article-topic-article-user")
            .walksPerNode(8).walkLength(20).chunkSize(64).seed(1).build();
    private static final SkipGramConfig SKIP_GRAM = SkipGramConfig.builder().window(3).negatives(5).build();
    private static Path dir;
    private static JavaSparkContext sc;
    private static HeteroGraph graph;
    private static GraphSource source;
    private static JavaRDD<WalkBlock> walks;
    private static long[] counts;
    /** A smaller corpus for DL4J's masters, whose fit() runs ~20-50k pairs/s here. */
    private static JavaRDD<WalkBlock> fewWalks;
    private static long[] fewCounts;

    @BeforeAll
    static void start() throws Exception {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        dir = Files.createDirectories(Paths.get("target", "spark-test"));
        graph = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(12_000, 5)).graph();
        Path snapshot = dir.resolve("planted.graph");
        GraphSnapshot.save(graph, snapshot);
        sc = SparkTestContext.local(2, dir);
        source = GraphSource.sharedFile(snapshot);
        walks = SparkWalks.generate(sc, source, WALKS, 2).persist(StorageLevel.MEMORY_ONLY());
        counts = SparkWalks.countNodes(walks, graph.numNodes());
        fewWalks = SparkWalks.generate(sc, source, WALKS.toBuilder().walksPerNode(3).walkLength(10).build(), 2)
                .persist(StorageLevel.MEMORY_ONLY());
        fewCounts = SparkWalks.countNodes(fewWalks, graph.numNodes());
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.stop();
        }
    }

    @Test
    void executorWalksAreTheSingleMachineWalks() throws InterruptedException {
        List<WalkBlock> blocks = walks.collect().stream().sorted(Comparator.comparingLong(WalkBlock::firstWalk)).toList();
        WalkGenerator local = new WalkGenerator(graph, WALKS);
        assertEquals(local.numChunks(), blocks.size());
        for (int i = 0; i < blocks.size(); i++) {
            WalkChunk c = local.chunk(i);
            assertEquals(c.firstWalk(), blocks.get(i).firstWalk());
            assertArrayEquals(c.nodes(), blocks.get(i).nodes(), "chunk " + i);
        }
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        assertEquals(blocks.stream().mapToLong(WalkBlock::tokens).sum(), total, "counts cover every token");
    }

    @Test
    void regroupingByStartPartKeepsEveryWalk() {
        NodePartition lp = LabelPropagationPartitioner.builder().parts(2).seed(5).build().partition(graph);
        List<WalkBlock> regrouped = SparkWalks.byStartPart(walks, lp, 64).collect();
        assertEquals(walks.map(WalkBlock::size).reduce(Integer::sum), regrouped.stream().mapToInt(WalkBlock::size).sum());
        assertEquals(walks.map(WalkBlock::tokens).reduce(Integer::sum), regrouped.stream().mapToInt(WalkBlock::tokens).sum());
        List<Integer> misplaced = SparkWalks.byStartPart(walks, lp, 64).mapPartitionsWithIndex((p, it) -> {
            int bad = 0;
            while (it.hasNext()) {
                WalkChunk c = it.next().toChunk();
                for (int w = 0; w < c.size(); w++) {
                    if (lp.partOf(c.node(w, 0)) != p) {
                        bad++;
                    }
                }
            }
            return List.of(bad).iterator();
        }, true).collect();
        assertEquals(List.of(0, 0), misplaced, "every walk sits in its start node's part");
    }

    @Test
    void parameterAveragingLearnsPlantedCommunitiesAndReportsProgressEachRound() throws Exception {
        ComputationGraph net = newNet(new Adam(0.05));
        record Report(int epoch, long trained, long made, long trainedInAll) {
        }
        List<Report> reports = new java.util.ArrayList<>();
        SparkSkipGramTrainer.Result r = SparkSkipGramTrainer.fit(sc, net,
                SparkTrainingMasters.parameterAveraging(2, 1024, 4), source, fewWalks, SKIP_GRAM, fewCounts, 1024, 2, null,
                List.of(), null, (epoch, trained, made, all) -> reports.add(new Report(epoch, trained, made, all)));
        assertLearnedAndLoadable(r.network(), "parameter averaging", r.pairsPerSecond(), 0.5);
        // Reported on the driver while each epoch trains, not only at its end: DL4J's averaging rounds move it.
        for (int epoch = 0; epoch < 2; epoch++) {
            int e = epoch;
            List<Report> of = reports.stream().filter(p -> p.epoch() == e).toList();
            Report last = of.get(of.size() - 1);
            assertTrue(last.made() > 0 && last.trained() > 0.9 * last.made() && last.trained() <= last.made(),
                    "an epoch trains the pairs it made: " + last);
            assertTrue(of.stream().anyMatch(p -> p.trained() > 0 && p.trained() < last.trained()),
                    "progress within epoch " + epoch + ": " + of);
        }
        assertEquals(reports.get(reports.size() - 1).trainedInAll(),
                reports.stream().filter(p -> p.epoch() == 0).reduce((a, b) -> b).orElseThrow().trained()
                        + reports.get(reports.size() - 1).trained());
    }

    @Test
    void gradientSharingLearnsPlantedCommunities() throws Exception {
        ComputationGraph net = newNet(new Adam(0.05));
        SparkSkipGramTrainer.Result r = SparkSkipGramTrainer.fit(sc, net,
                SparkTrainingMasters.sharedGradients(2, 1024, 1e-3, "127.0.0.1", "127.0.0.0/8", SparkTestContext.freeUdpPort()),
                source, fewWalks, SKIP_GRAM, fewCounts, 1024, 2, Duration.ofMinutes(3));
        assertLearnedAndLoadable(r.network(), "gradient sharing", r.pairsPerSecond(), 0.5);
    }

    @Test
    void fastEngineLearnsWithHashAndLocalityPartitioningAndLocalityMovesFewerBytes() throws Exception {
        NodePartition lp = LabelPropagationPartitioner.builder().parts(2).seed(5).build().partition(graph);
        JavaRDD<WalkBlock> local = SparkWalks.byStartPart(walks, lp, 64).persist(StorageLevel.MEMORY_ONLY());
        SparkFastTrainer trainer = SparkFastTrainer.builder().epochs(2).roundsPerEpoch(3).build();

        ComputationGraph hashNet = newNet(new Sgd(0.1));
        SparkFastTrainer.Result hash = trainer.fit(sc, hashNet, source, walks, SKIP_GRAM, counts, null);
        ComputationGraph lpNet = newNet(new Sgd(0.1));
        SparkFastTrainer.Result locality = trainer.fit(sc, lpNet, source, local, SKIP_GRAM, counts, lp);
        local.unpersist();

        System.out.printf("fast engine on Spark: hash %,d bytes, cross %.3f, foreign rows %.3f; locality %,d bytes, cross %.3f, foreign rows %.3f%n",
                hash.bytesExchanged(), hash.crossPartitionFraction(), hash.foreignRowFraction(),
                locality.bytesExchanged(), locality.crossPartitionFraction(), locality.foreignRowFraction());
        assertEquals(hash.tokens(), locality.tokens(), "both train every token of both epochs");
        assertEquals(2 * 3, hash.rounds().size());
        // Walks of 20 steps drift across the planted communities (15% of edges leave one), so even a perfect
        // partition sees a share of foreign tokens; hashing sees (P-1)/P of them.
        assertTrue(locality.crossPartitionFraction() < 0.75 * hash.crossPartitionFraction(),
                "locality partitioning keeps row updates at home: " + locality.crossPartitionFraction() + " vs " + hash.crossPartitionFraction());
        assertTrue(locality.bytesExchanged() < hash.bytesExchanged(), locality.bytesExchanged() + " vs " + hash.bytesExchanged());
        assertLearnedAndLoadable(hashNet, "fast engine, hash", hash.pairsPerSecond(), 0.7);
        assertLearnedAndLoadable(lpNet, "fast engine, locality", locality.pairsPerSecond(), 0.7);
    }

    private static ComputationGraph newNet(org.nd4j.linalg.learning.config.IUpdater updater) {
        ComputationGraph net = new ComputationGraph(HeteroEmbeddingModels.skipGram(graph, 32, SKIP_GRAM.negatives(), updater, 7, DataType.FLOAT));
        net.init();
        return net;
    }

    /**
     * @param minAccuracy chance is 0.125 (8 communities); DL4J's masters train a few seconds on a small corpus
     *                    here (0.6-0.8 observed), the fast engine more (0.85)
     */
    private static void assertLearnedAndLoadable(ComputationGraph net, String what, double pairsPerSecond, double minAccuracy) throws Exception {
        Path file = dir.resolve(what.replaceAll("[^a-z]+", "-") + ".zip");
        HeteroModelFile.save(net, NodeIdTables.of(graph), file);
        HeteroEmbeddings e = HeteroEmbeddings.load(file);
        double accuracy = LogisticRegressionClassifier.accuracy(e, graph, "user", 3);
        System.out.printf("%s: %,.0f pairs/s, user classifier accuracy %.3f (chance %.3f)%n", what, pairsPerSecond, accuracy,
                1.0 / graph.labels(0).numClasses());
        assertTrue(accuracy > minAccuracy, what + ": accuracy " + accuracy);
    }
}
