package org.heteroembed.job;

import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.datavec.SkipGramMultiDataSetIterator;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.HeteroGraphBuilder;
import org.heteroembed.sampling.SkipGramPairGenerator;
import org.heteroembed.walk.WalkGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The estimate's arithmetic, checked against what DL4J and ND4J really allocate. */
class MemoryEstimateTest {
    private static final HeteroGraph graph = PlantedJob.GRAPH;
    private static final EmbeddingJob base = PlantedJob.BASE;

    @BeforeAll
    static void floatTables() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    private static EmbeddingJob job(Map<String, ?> overrides) {
        return base.with(overrides).resolved(false);
    }

    private static long item(MemoryEstimate e, String name) {
        return e.items().stream().filter(i -> i.name().equals(name)).mapToLong(MemoryEstimate.Item::bytes).sum();
    }

    @Test
    void tableBytesAreExactAndWithProjectionsEqualTheInitialisedParameters() {
        EmbeddingJob job = job(Map.of("model.typeDimensions", Map.of("topic", 8, "article", 48),
                "training.engine", TrainingConfig.Engine.FIT));
        MemoryEstimate e = MemoryEstimate.of(job, graph);
        long expected = 0;
        for (int t = 0; t < graph.numNodeTypes(); t++) {
            String type = graph.schema().nodeTypes().get(t);
            int width = type.equals("topic") ? 8 : type.equals("article") ? 48 : 32;
            expected += 2L * graph.numNodes(t) * width * 4;
        }
        assertEquals(expected, e.tableBytes());
        assertEquals(expected, item(e, MemoryEstimate.TABLES));
        assertTrue(item(e, "the projections") > 0, "topic and article tables are projected to 32");

        ComputationGraph net = new ComputationGraph(JobRunner.network(job, graph));
        net.init();
        assertEquals(net.params().length() * 4, item(e, MemoryEstimate.TABLES) + item(e, "the projections"),
                "tables and projections are the network's parameters");
        assertFalse(e.uniformWidths());
    }

    @Test
    void eachEngineAddsWhatItAllocates() {
        long n = graph.numNodes();
        long params = 2 * n * 32 * 4;
        MemoryEstimate fast = MemoryEstimate.of(job(Map.of()), graph);
        assertEquals(params, fast.bytes(MemoryEstimate.Space.OFF_HEAP), "fast: nothing beside the tables off-heap");

        MemoryEstimate adam = MemoryEstimate.of(job(Map.of("training.engine", TrainingConfig.Engine.FIT)), graph);
        assertEquals(params, item(adam, "fit's gradient view"));
        assertEquals(2 * params, item(adam, "adam's state"));
        MemoryEstimate adaGradFit = MemoryEstimate.of(job(Map.of("training.engine", TrainingConfig.Engine.FIT,
                "training.updater", TrainingConfig.Updater.ADAGRAD)), graph);
        assertEquals(params, item(adaGradFit, "adagrad's state"));
        MemoryEstimate sgdFit = MemoryEstimate.of(job(Map.of("training.engine", TrainingConfig.Engine.FIT,
                "training.updater", TrainingConfig.Updater.SGD)), graph);
        assertEquals(0, item(sgdFit, "sgd's state"));

        MemoryEstimate sparse = MemoryEstimate.of(job(Map.of("training.engine", TrainingConfig.Engine.SPARSE,
                "training.updater", TrainingConfig.Updater.ADAGRAD)), graph);
        assertEquals(2 * n * 4, item(sparse, "adagrad's row history"), "one float per row of both tables");
        assertEquals(0, item(sparse, "fit's gradient view"));

        // The samplers: 8 B/node of counts (and 8 more per walk thread while counting), 8 B/node of alias tables
        // (20 more per node of the table being built: all nodes, or the largest type's when type-aware), 4 B/node
        // with subsampling.
        assertEquals(n * 8 * 2, item(fast, "the node frequencies"), "one walk thread");
        assertFalse(job(Map.of()).skipGram().typeAwareNegatives(), "global negatives by default");
        assertEquals(n * 8 + n * 20, item(fast, "the negative sampler"));
        int largestType = 0;
        for (int t = 0; t < graph.numNodeTypes(); t++) {
            largestType = Math.max(largestType, graph.numNodes(t));
        }
        assertEquals(n * 8 + largestType * 20L, item(MemoryEstimate.of(job(Map.of("skipGram.typeAwareNegatives", true)),
                graph), "the negative sampler"));
        assertEquals(n * 4, item(MemoryEstimate.of(job(Map.of("skipGram.subsample", 1e-3)), graph),
                "the subsampling probabilities"));
        assertEquals(0, item(MemoryEstimate.of(job(Map.of("skipGram.subsample", 0.0)), graph),
                "the subsampling probabilities"), "no subsampling, no probabilities");
    }

    @Test
    void theSparkDriverHoldsTheTablesAndTheGlobalSampler() {
        EmbeddingJob spark = base.onSpark().resolved(false);
        MemoryEstimate e = MemoryEstimate.of(spark, graph);
        long n = graph.numNodes();
        assertEquals(2 * n * 32 * 4, e.bytes(MemoryEstimate.Space.OFF_HEAP), "the fast mode's driver holds both tables");
        assertEquals(n * 8, item(e, "the node counts"));
        assertEquals(n * 28, item(e, "the negative sampler"));
        assertEquals(0, item(e, "the node frequencies"), "no local walks on the driver");

        EmbeddingJob averaging = base.onSpark().with(Map.of("spark.mode", org.heteroembed.spark.SparkConfig.Mode.AVERAGING))
                .resolved(false);
        assertEquals(TrainingConfig.Updater.ADAM, averaging.training().updater());
        assertEquals(3 * 2 * n * 32 * 4, item(MemoryEstimate.of(averaging, graph), "DL4J's averaged parameters and updater state"),
                "the sums of the workers' parameters and adam's two moments");
    }

    /**
     * ND4J's buffers show in the process's resident size (JavaCPP's physicalBytes), not in its totalBytes; the
     * estimate of what init and the first fit add must match the growth of the resident size. Heap noise and the
     * batch arrays make it inexact: within 20% for init, 35% for fit.
     */
    @Test
    void theEstimateMatchesTheResidentGrowthOfInitAndTheFirstFit() throws Exception {
        int d = (int) (200_000_000L / (8L * graph.numNodes())); // ~200 MB of tables
        EmbeddingJob job = job(Map.of("model.dimension", d, "training.engine", TrainingConfig.Engine.FIT,
                "training.batchSize", 64));
        MemoryEstimate e = MemoryEstimate.of(job, graph);
        WalkGenerator walks = new WalkGenerator(graph, job.walks());
        SkipGramPairGenerator pairs = SkipGramPairGenerator.forWalks(walks, job.skipGram());
        SkipGramMultiDataSetIterator batches = SkipGramMultiDataSetIterator.builder(walks, pairs).batchSize(64).build();
        var batch = batches.next();

        long before = Pointer.physicalBytes();
        ComputationGraph net = new ComputationGraph(JobRunner.network(job, graph));
        net.init();
        long afterInit = Pointer.physicalBytes();
        net.fit(batch);
        long afterFit = Pointer.physicalBytes();
        batches.close();

        long initEstimate = item(e, MemoryEstimate.TABLES);
        long fitEstimate = e.bytes(MemoryEstimate.Space.OFF_HEAP) - initEstimate;
        double initRatio = (double) (afterInit - before) / initEstimate, fitRatio = (double) (afterFit - afterInit) / fitEstimate;
        System.out.printf("resident growth / estimate: init %.3f (%,d bytes estimated), first fit %.3f (%,d)%n",
                initRatio, initEstimate, fitRatio, fitEstimate);
        assertTrue(initRatio > 0.8 && initRatio < 1.2, "init: " + initRatio);
        assertTrue(fitRatio > 0.65 && fitRatio < 1.35, "first fit (gradient view, adam's state, batch arrays): " + fitRatio);
    }

    @Test
    void aRunThatFitsIsNotRefused() {
        MemoryEstimate e = MemoryEstimate.of(job(Map.of()), graph);
        assertTrue(MemoryCheck.refusal(e, MemoryBudget.current()).isEmpty());
        MemoryCheck.require(job(Map.of()), graph);
    }

    @Test
    void theNewUsersRunIsRefusedWithTheSizesAndTheWayOut() {
        // 152,500 nodes at dimension 20,000: 24.4 GB of tables, against a JVM that can hold 12.7 GB more.
        HeteroGraphBuilder b = HeteroGraph.builder();
        int u = b.nodeType("user"), a = b.nodeType("article");
        int r = b.relation("reads", u, a, false);
        for (int i = 0; i < 100_000; i++) {
            b.addEdge(r, b.node(u, "u" + i), b.node(a, "a" + (i % 52_500)), 1f);
        }
        HeteroGraph big = b.build();
        assertEquals(152_500, big.numNodes());
        EmbeddingJob job = EmbeddingJob.parse("model: {dimension: 20000}", true, "big").resolved(false);
        MemoryEstimate e = MemoryEstimate.of(job, big);
        assertEquals(152_500L * 2 * 20_000 * 4, e.tableBytes());

        long gib = 1L << 30;
        // -Xmx4g: JavaCPP's limit is 16 GiB; 1 GiB resident, the heap committed at 1 GiB (3 GiB more to grow).
        MemoryBudget jvm = new MemoryBudget(gib, 16 * gib, 24 * gib, 4 * gib, gib, gib / 2);
        String refusal = MemoryCheck.refusal(e, jvm).orElseThrow();
        assertEquals("the model's tables need 24.4 GB (152,500 nodes x 2 tables x 20,000 x 4 bytes) but this JVM can "
                + "hold 12.9 GB more off-heap (JavaCPP's maxPhysicalBytes is 17.2 GB): train with partitioned tables on "
                + "disk, --partitions 8 --memory 6g, or --dimension 10561 at most", refusal);

        // The machine, not the JVM, binds: no advice to raise the JVM's limit.
        MemoryBudget machine = new MemoryBudget(gib, 0, 16 * gib, 4 * gib, 4 * gib, gib);
        assertTrue(MemoryCheck.refusal(e, machine).orElseThrow().contains("this machine can hold 16.1 GB more off-heap (it has 17.2 GB)"));

        // A JVM limit below what the machine could hold: raising it is one way out.
        MemoryBudget roomy = new MemoryBudget(gib, 16 * gib, 64 * gib, 4 * gib, 4 * gib, gib);
        String raise = MemoryCheck.refusal(e, roomy).orElseThrow();
        assertTrue(raise.endsWith(", or raise the JVM's limit (HETERO_EMBED_JAVA_OPTS=\"-Xmx4g "
                + "-Dorg.bytedeco.javacpp.maxphysicalbytes=25g\")"), raise);
        assertFalse(raise.contains("\n"));

        // Tables no 64 partitions can hold two of (--dimension 2,000,000,000): only the dimension is named.
        MemoryEstimate absurd = MemoryEstimate.of(EmbeddingJob.parse("model: {dimension: 2000000000}", true, "x")
                .resolved(false), big);
        String dimensionOnly = MemoryCheck.refusal(absurd, jvm).orElseThrow();
        assertTrue(dimensionOnly.endsWith("(JavaCPP's maxPhysicalBytes is 17.2 GB): --dimension 10561 at most"),
                dimensionOnly);
    }

    @Test
    void fitsOwnArraysAreNamedWhenTheyDominate() {
        int d = 1_000_000;
        MemoryEstimate e = MemoryEstimate.of(job(Map.of("model.dimension", d, "training.engine", TrainingConfig.Engine.FIT)), graph);
        long gib = 1L << 30;
        String refusal = MemoryCheck.refusal(e, new MemoryBudget(gib, 16 * gib, 24 * gib, 4 * gib, 4 * gib, gib)).orElseThrow();
        assertTrue(refusal.startsWith("training needs "), refusal);
        assertTrue(refusal.contains("adam's state") && refusal.contains("fit's gradient view") && refusal.contains("the tables"), refusal);
    }

    @Test
    void aHeapTooSmallForTheSamplersIsRefusedNamingTheHeap() {
        MemoryEstimate e = MemoryEstimate.of(job(Map.of()), graph);
        long mib = 1L << 20;
        String refusal = MemoryCheck.refusal(e, new MemoryBudget(mib, 0, 1L << 40, 2 * mib, 2 * mib, 2 * mib)).orElseThrow();
        assertTrue(refusal.startsWith("the samplers and buffers need") && refusal.contains("-Xmx1g"), refusal);
    }

    @Test
    void partitionsAreTheSmallestPowerOfTwoWhoseTwoPartitionsFitInHalfTheRoom() {
        long gb = 1_000_000_000L;
        assertEquals(2, MemoryCheck.partitions(10 * gb, 20 * gb), "2 x 5 GB <= 10 GB");
        assertEquals(4, MemoryCheck.partitions(10 * gb, 19 * gb));
        assertEquals(8, MemoryCheck.partitions(24_400_000_000L, 12_900_000_000L), "4 x 24.4 / 12.9 = 7.6");
        assertEquals(0, MemoryCheck.partitions(10 * gb, 0), "no room: no number to suggest");
        assertEquals("6g", MemoryCheck.memoryFlag(6_100_000_000L));
        assertEquals("512m", MemoryCheck.memoryFlag(512L << 20));
    }

    @Test
    void anUnresolvedJobIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> MemoryEstimate.of(base, graph));
    }
}
