package org.heteroembed.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.graph.GraphSnapshot;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.HeteroGraphBuilder;
import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
import org.heteroembed.graph.partition.NodePartition;
import org.heteroembed.inference.EmbeddingQuality;
import org.heteroembed.inference.HeteroEmbeddings;
import org.heteroembed.inference.NodeIdTables;
import org.heteroembed.nn.HeteroEmbeddingModels;
import org.heteroembed.nn.layers.HeteroEmbeddingLayerImpl;
import org.heteroembed.sampling.SkipGramConfig;
import org.heteroembed.walk.SplitMix64;
import org.heteroembed.walk.WalkConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spark with two executors in their own JVMs on 127.0.0.1 ({@code local-cluster[2,1,1536]}: a master and two
 * workers inside this JVM, each worker launching an executor process). Gradient sharing must move updates
 * between the executor processes over Aeron; the fast engine and parameter averaging must finish when an
 * executor is killed mid-run (Spark re-runs its tasks on a replacement executor).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkClusterTest {
    private static Path dir;
    private static JavaSparkContext sc;

    @BeforeAll
    static void startCluster() throws Exception {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        dir = Files.createDirectories(Paths.get("target", "spark-cluster-test").toAbsolutePath());
        // Spark's launcher wants a "Spark home"; from the Maven classpath an empty skeleton is enough.
        Path home = dir.resolve("spark-home");
        Files.createDirectories(home.resolve("jars"));
        Files.createDirectories(home.resolve("conf"));
        Files.createDirectories(home.resolve("launcher/target/scala-2.12"));
        System.setProperty("spark.testing", "true");
        System.setProperty("spark.test.home", home.toString());
        System.setProperty("aeron.dir", dir.resolve("aeron-driver").toString());
        SparkConf conf = SparkTestContext.conf("local-cluster[2,1,1536]", "hetero-embed-cluster-test")
                .set("spark.executor.memory", "1536m")
                .set("spark.executor.cores", "1")
                .set("spark.cores.max", "2")
                .set("spark.task.maxFailures", "4")
                .set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                .set("spark.executor.extraJavaOptions", SparkTrainingMasters.jvmOptions("aeron"))
                .set("spark.executorEnv.SPARK_LOCAL_IP", "127.0.0.1")
                .set("spark.executorEnv.OMP_NUM_THREADS", "1");
        sc = new JavaSparkContext(conf);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (executorPids().size() < 2 || sc.sc().getExecutorMemoryStatus().size() < 3) {
            assertTrue(System.nanoTime() < deadline, "two executors did not register within 90 s");
            Thread.sleep(250);
        }
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        if (sc != null) {
            sc.stop();
        }
        // Spark 3.1 executors sometimes hang in their shutdown hook: reap what is left.
        Thread.sleep(1000);
        ProcessHandle.current().children().forEach(ProcessHandle::destroyForcibly);
    }

    /** The executor JVMs: children of this JVM (the workers run here and fork them). */
    private static List<ProcessHandle> executorPids() {
        return ProcessHandle.current().descendants().filter(p -> {
            try { // ProcessHandle.Info truncates long command lines; /proc has all of it
                return Files.readString(Paths.get("/proc", Long.toString(p.pid()), "cmdline")).contains("CoarseGrainedExecutorBackend");
            } catch (java.io.IOException e) {
                return false; // already gone
            }
        }).toList();
    }

    /**
     * Two components with their own node types (a1-b1, a2-b2). Partition 0 of the walks holds the first
     * component's, partition 1 the second's, and negatives are type-aware: each worker's gradients touch only its
     * component's rows.
     */
    private static HeteroGraph twoComponents(int perType, int degree) {
        HeteroGraphBuilder b = HeteroGraph.builder();
        SplitMix64 rng = new SplitMix64(17);
        for (int c = 1; c <= 2; c++) {
            int a = b.nodeType("a" + c), bt = b.nodeType("b" + c);
            int rel = b.relation("r" + c, a, bt, false);
            for (int i = 0; i < perType; i++) {
                b.node(a, "a" + c + "-" + i);
                b.node(bt, "b" + c + "-" + i);
            }
            for (int i = 0; i < perType; i++) {
                for (int e = 0; e < degree; e++) {
                    b.addEdge(rel, i, rng.nextInt(perType), 1f);
                }
            }
        }
        return b.build();
    }

    @Test
    @Order(1)
    void gradientSharingMovesUpdatesBetweenExecutorProcessesOverAeron() throws Exception {
        HeteroGraph g = twoComponents(150, 4);
        Path snapshot = dir.resolve("two-components.graph");
        GraphSnapshot.save(g, snapshot);
        GraphSource source = GraphSource.shipped(sc, snapshot);
        int second = g.typeOffset(g.schema().nodeType("a2"));
        int[] owners = new int[g.numNodes()];
        for (int v = second; v < owners.length; v++) {
            owners[v] = 1;
        }
        NodePartition components = NodePartition.of(2, owners, "components");
        JavaRDD<WalkBlock> walks = SparkWalks.byStartPart(
                SparkWalks.generate(sc, source, WalkConfig.builder().walksPerNode(4).walkLength(10).chunkSize(32).seed(2).build(), 2),
                components, 32).persist(StorageLevel.MEMORY_ONLY());
        long[] counts = SparkWalks.countNodes(walks, g.numNodes());
        SkipGramConfig sg = SkipGramConfig.builder().window(2).negatives(3).typeAwareNegatives(true).build();
        // Adam: per-element steps of about the learning rate, well above the encoding threshold from the start
        // (SGD's first steps on word2vec-initialised tables are far below it, and are held back as residuals).
        ComputationGraph net = new ComputationGraph(HeteroEmbeddingModels.skipGram(g, 8, 3, new Adam(0.01), 3, DataType.FLOAT));
        net.init();
        org.nd4j.linalg.api.ndarray.INDArray[] tables = HeteroEmbeddingLayerImpl.find(net, false).sharedSizeTables("test");
        float[][] initial = {tables[0].dup('c').data().asFloat(), tables[1].dup('c').data().asFloat()};
        Path probes = Files.createDirectories(dir.resolve("probes"));
        try (Stream<Path> old = Files.list(probes)) {
            old.forEach(p -> p.toFile().delete());
        }
        int secondType = g.schema().nodeType("a2");
        SparkSkipGramTrainer.Result r = SparkSkipGramTrainer.fit(sc, net,
                SparkTrainingMasters.sharedGradients(2, 64, 1e-3, "127.0.0.1", "127.0.0.0/8", 40_223),
                source, walks, sg, counts, 64, 1, Duration.ofMinutes(2),
                List.of(new ForeignRowProbe(probes, initial, second, secondType)));
        walks.unpersist();

        long driver = ProcessHandle.current().pid();
        Map<Long, List<String[]>> byPid = new HashMap<>();
        try (Stream<Path> files = Files.list(probes)) {
            for (Path f : files.toList()) {
                for (String line : Files.readAllLines(f)) {
                    String[] t = line.split(" ");
                    byPid.computeIfAbsent(Long.parseLong(t[0]), k -> new ArrayList<>()).add(t);
                }
            }
        }
        System.out.println("gradient sharing probes: " + byPid.keySet() + " (driver " + driver + "), "
                + r.pairs() + " pairs at " + Math.round(r.pairsPerSecond()) + " pairs/s");
        assertEquals(2, byPid.size(), "both executor processes trained: " + byPid.keySet());
        assertTrue(!byPid.containsKey(driver), "training ran in the executor processes, not the driver");
        for (Map.Entry<Long, List<String[]>> e : byPid.entrySet()) {
            int own = Integer.parseInt(e.getValue().get(0)[2]);
            assertTrue(e.getValue().stream().anyMatch(t -> Boolean.parseBoolean(t[3 + own])), "executor " + e.getKey() + " trained");
            long foreignSeen = e.getValue().stream().filter(t -> Boolean.parseBoolean(t[3 + (1 - own)])).count();
            assertTrue(e.getValue().stream().allMatch(t -> Integer.parseInt(t[2]) == own),
                    "executor " + e.getKey() + " trained one component only");
            assertTrue(foreignSeen > 0, "executor " + e.getKey() + " (component " + own + ") never received the other "
                    + "executor's updates: the other component's rows never moved in its JVM");
        }
    }

    @Test
    @Order(2)
    void fastEngineFinishesWhenAnExecutorIsKilled() throws Exception {
        HeteroGraph g = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(12_000, 5)).graph();
        Path snapshot = dir.resolve("planted.graph");
        GraphSnapshot.save(g, snapshot);
        GraphSource source = GraphSource.sharedFile(snapshot);
        JavaRDD<WalkBlock> walks = SparkWalks.generate(sc, source, WalkConfig.builder().metapaths("user-article-topic-article-user")
                .walksPerNode(8).walkLength(20).chunkSize(64).seed(1).build(), 2).persist(StorageLevel.MEMORY_ONLY());
        long[] counts = SparkWalks.countNodes(walks, g.numNodes());
        ComputationGraph net = new ComputationGraph(HeteroEmbeddingModels.skipGram(g, 32, 5, new Sgd(0.1), 7, DataType.FLOAT));
        net.init();
        List<ProcessHandle> before = executorPids();
        AtomicLong killed = new AtomicLong(-1);
        SparkFastTrainer.Result r = SparkFastTrainer.builder().epochs(2).roundsPerEpoch(4).build().fit(sc, net, source, walks,
                SkipGramConfig.builder().window(3).negatives(5).build(), counts, null, round -> {
                    if (killed.get() < 0 && round.round() == 0) {
                        ProcessHandle victim = before.get(0);
                        killed.set(victim.pid());
                        // kill while the next round's tasks run
                        new Thread(() -> {
                            sleep(150);
                            victim.destroyForcibly();
                        }).start();
                    }
                });
        walks.unpersist();
        assertTrue(killed.get() > 0);
        assertTrue(ProcessHandle.of(killed.get()).map(p -> !p.isAlive()).orElse(true), "the executor was killed");
        assertEquals(8, r.rounds().size(), "every round of both epochs ran");
        double accuracy = EmbeddingQuality.classifierAccuracy(HeteroEmbeddings.of(net, NodeIdTables.of(g)), g, "user", 3);
        System.out.printf("fast engine with an executor killed: %d rounds, accuracy %.3f%n", r.rounds().size(), accuracy);
        assertTrue(accuracy > 0.6, "accuracy " + accuracy);
        waitForTwoExecutors();
    }

    @Test
    @Order(3)
    void parameterAveragingFinishesWhenAnExecutorIsKilled() throws Exception {
        HeteroGraph g = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(12_000, 5)).graph();
        GraphSource source = GraphSource.sharedFile(dir.resolve("planted.graph"));
        JavaRDD<WalkBlock> walks = SparkWalks.generate(sc, source, WalkConfig.builder().metapaths("user-article-topic-article-user")
                .walksPerNode(3).walkLength(10).chunkSize(64).seed(1).build(), 2).persist(StorageLevel.MEMORY_ONLY());
        long[] counts = SparkWalks.countNodes(walks, g.numNodes());
        ComputationGraph net = new ComputationGraph(HeteroEmbeddingModels.skipGram(g, 32, 5, new Adam(0.02), 7, DataType.FLOAT));
        net.init();
        ProcessHandle victim = executorPids().get(0);
        Thread killer = killOnceTrainingRuns(victim, 3000);
        SparkSkipGramTrainer.Result r = SparkSkipGramTrainer.fit(sc, net, SparkTrainingMasters.parameterAveraging(2, 256, 4),
                source, walks, SkipGramConfig.builder().window(3).negatives(5).build(), counts, 256, 3, null);
        killer.join();
        walks.unpersist();
        assertTrue(!victim.isAlive(), "the executor was killed");
        double accuracy = EmbeddingQuality.classifierAccuracy(HeteroEmbeddings.of(r.network(), NodeIdTables.of(g)), g, "user", 3);
        System.out.printf("parameter averaging with an executor killed: accuracy %.3f%n", accuracy);
        assertTrue(accuracy > 0.5, "accuracy " + accuracy + " (chance 0.125)");
    }

    @Test
    @Order(4)
    void gradientSharingThatLosesAnExecutorFinishesWithTheFallbackMaster() throws Exception {
        waitForTwoExecutors();
        HeteroGraph g = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(12_000, 5)).graph();
        GraphSource source = GraphSource.sharedFile(dir.resolve("planted.graph"));
        JavaRDD<WalkBlock> walks = SparkWalks.generate(sc, source, WalkConfig.builder().metapaths("user-article-topic-article-user")
                .walksPerNode(3).walkLength(10).chunkSize(64).seed(1).build(), 2).persist(StorageLevel.MEMORY_ONLY());
        long[] counts = SparkWalks.countNodes(walks, g.numNodes());
        ComputationGraph net = new ComputationGraph(HeteroEmbeddingModels.skipGram(g, 32, 5, new Adam(0.02), 7, DataType.FLOAT));
        net.init();
        ProcessHandle victim = executorPids().get(0);
        Thread killer = killOnceTrainingRuns(victim, 4000);
        SparkSkipGramTrainer.Result r = SparkSkipGramTrainer.fit(sc, net,
                SparkTrainingMasters.sharedGradients(2, 256, 1e-3, "127.0.0.1", "127.0.0.0/8", 40_224),
                source, walks, SkipGramConfig.builder().window(3).negatives(5).build(), counts, 256, 2, Duration.ofSeconds(45),
                List.of(), SparkTrainingMasters.parameterAveraging(2, 256, 4));
        killer.join();
        walks.unpersist();
        assertTrue(!victim.isAlive(), "the executor was killed");
        double accuracy = EmbeddingQuality.classifierAccuracy(HeteroEmbeddings.of(r.network(), NodeIdTables.of(g)), g, "user", 3);
        // Observed here: Spark re-ran the lost task and DL4J finished the epoch, once with a model at chance level
        // (0.16) and once with a good one (0.81); DL4J has also been seen to hang. So the epoch is retrained.
        System.out.printf("gradient sharing with an executor killed: %d epoch(s) retrained with parameter averaging; accuracy %.3f%n",
                r.fallbackEpochs(), accuracy);
        assertTrue(r.fallbackEpochs() >= 1, "the epoch that lost an executor was trained again");
        assertTrue(accuracy > 0.5, "accuracy " + accuracy + " (chance 0.125)");
    }

    /** Starts a thread that SIGKILLs {@code victim} {@code afterMs} after a Spark stage is first seen running. */
    private static Thread killOnceTrainingRuns(ProcessHandle victim, long afterMs) {
        Thread killer = new Thread(() -> {
            while (sc.statusTracker().getActiveStageIds().length == 0) {
                sleep(50);
            }
            sleep(afterMs);
            victim.destroyForcibly();
        });
        killer.start();
        return killer;
    }

    private static void waitForTwoExecutors() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (executorPids().stream().filter(ProcessHandle::isAlive).count() < 2) {
            assertTrue(System.nanoTime() < deadline, "no replacement executor within 90 s");
            Thread.sleep(250);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
