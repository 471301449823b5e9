package org.heteroembed.train.partitioned;

import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
import org.heteroembed.graph.partition.NodePartition;
import org.heteroembed.graph.partition.PartitionLayout;
import org.heteroembed.inference.EmbeddingQuality;
import org.heteroembed.job.EmbeddingJob;
import org.heteroembed.job.JobRunner;
import org.heteroembed.job.TrainedModel;
import org.heteroembed.job.TrainingConfig;
import org.heteroembed.nn.layers.HeteroEmbeddingLayerImpl;
import org.heteroembed.sampling.SkipGramPairGenerator;
import org.heteroembed.tables.PartitionFile;
import org.heteroembed.tables.PartitionedModelDirectory;
import org.heteroembed.train.fast.TrainingProgress;
import org.heteroembed.walk.WalkGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bucket-scheduled training against the in-memory fast engine, and on a planted graph. */
class PartitionedTrainerTest {
    private static final double CHANCE = 1.0 / 8;
    private static HeteroGraph graph;
    private static EmbeddingJob base;

    @BeforeAll
    static void plantedGraph() {
        graph = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(12_000, 5)).graph();
        base = EmbeddingJob.parse("""
                walks: {metapaths: [user-article-topic-article-user], walksPerNode: 6, walkLength: 20}
                skipGram: {window: 3, negatives: 5}
                model: {dimension: 24}
                training: {threads: 1, seed: 3, checkpointMinutes: 0, epochs: 2}
                """, true, "base");
    }

    /**
     * With one partition and one thread, bucket-scheduled training is the in-memory engine: the same windows, in the
     * same order, with the same negatives and rates, from the same start, give the same tables to the last bit; also
     * when a small spill limit cuts each epoch into slices.
     */
    @ParameterizedTest(name = "spill limit {0} bytes")
    @ValueSource(longs = {Long.MAX_VALUE, 150_000})
    void onePartitionOnOneThreadEqualsTheInMemoryEngine(long spillLimit, @TempDir Path dir) throws Exception {
        EmbeddingJob job = base.resolved(false);
        ComputationGraph start = new ComputationGraph(JobRunner.network(job, graph));
        start.init(); // the runner builds the same network with the same seed: the same starting tables
        INDArray[] startTables = tables(start);
        TrainedModel inMemory = JobRunner.builder(job).graph(graph).build().run();
        INDArray[] expected = tables(inMemory.net());

        PartitionLayout layout = PartitionLayout.of(NodePartition.hash(graph.numNodes(), 1, 1), graph.typeOffsets());
        int dim = job.model().dimension();
        PartitionStore store = PartitionStore.create(dir, 42L, layout, dim, (node, in, out) -> {
            for (int x = 0; x < dim; x++) {
                in[x] = startTables[0].getFloat(node, x);
                out[x] = startTables[1].getFloat(node, x);
            }
        });
        WalkGenerator walks = new WalkGenerator(graph, job.walks());
        SkipGramPairGenerator pairs = SkipGramPairGenerator.forWalks(walks, job.skipGram());
        PartitionedTrainer.Result r = store.trainer(walks, pairs, 1, 1, 2, 0, dir.resolve("spill"), spillLimit)
                .train(PartitionedTrainer.Position.START, listener(job, pairs, () -> false));
        assertTrue(r.completed());
        assertEquals(inMemory.progress().tokens(), r.position().progress().tokens(), "tokens counted alike");
        assertEquals(inMemory.progress().pairs(), r.position().progress().pairs(), "pairs trained alike");
        float[][] actual = readPartition(dir, store, 0, layout.rows(0), dim);
        for (int v = 0; v < graph.numNodes(); v++) {
            assertArrayEquals(expected[0].getRow(v).toFloatVector(), row(actual[0], v, dim), "input row of node " + v);
            assertArrayEquals(expected[1].getRow(v).toFloatVector(), row(actual[1], v, dim), "output row of node " + v);
        }
        assertEquals(1, r.loads(), "one partition, loaded once");
    }

    /** Eight partitions, two resident at a time, learn the planted communities as well as the in-memory engine. */
    @Test
    void eightPartitionsLearnTheCommunitiesLikeTheInMemoryEngine(@TempDir Path dir) throws Exception {
        EmbeddingJob job = base.with(Map.of("training.epochs", 1, "tables.partitions", 8));
        PartitionLayout layout = PartitionLayout.of(NodePartition.hash(graph.numNodes(), 8, 3), graph.typeOffsets());
        long slotBytes = 2L * layout.maxRows() * 24 * 4;
        job = job.with(Map.of("tables.memory", String.valueOf(2 * slotBytes + 100)));
        TrainedModel m = JobRunner.builder(job).graph(graph).output(dir.resolve("model")).build().run();
        assertEquals(TrainedModel.Status.COMPLETED, m.status());
        assertTrue(m.partitioned());
        PartitionedModelDirectory.Manifest manifest = PartitionedModelDirectory.readManifest(dir.resolve("model"));
        assertTrue(manifest.finished());
        assertEquals(8, manifest.partitions().size());
        double partitioned = EmbeddingQuality.neighbourPurity(m.embeddings(), graph, "user", 10, 400);
        double inMemory = EmbeddingQuality.neighbourPurity(JobRunner.builder(base.with(Map.of("training.epochs", 1)))
                .graph(graph).build().run().embeddings(), graph, "user", 10, 400);
        System.out.printf("user neighbour purity: 8 partitions %.3f, in memory %.3f (chance %.3f)%n", partitioned,
                inMemory, CHANCE);
        assertTrue(partitioned > 4 * CHANCE, "far above chance: " + partitioned);
        assertTrue(partitioned > inMemory - 0.08, "close to the in-memory engine: " + partitioned + " vs " + inMemory);
    }

    /**
     * Reading the next partition in the background (a fourth slot) changes when partitions are read, not what is
     * trained: the same plan (three resident partitions) gives the same tables with and without it.
     */
    @Test
    void readingAheadChangesNothingButTheTiming(@TempDir Path dir) throws Exception {
        EmbeddingJob job = base.with(Map.of("training.epochs", 1, "tables.partitions", 4));
        PartitionLayout layout = PartitionLayout.of(NodePartition.hash(graph.numNodes(), 4, 3), graph.typeOffsets());
        long slotBytes = 2L * layout.maxRows() * 24 * 4;
        TrainedModel threeSlots = JobRunner.builder(job.with(Map.of("tables.memory", String.valueOf(3 * slotBytes))))
                .graph(graph).output(dir.resolve("three-slots")).build().run();
        TrainedModel fourSlots = JobRunner.builder(job.with(Map.of("tables.memory", String.valueOf(4 * slotBytes))))
                .graph(graph).output(dir.resolve("four-slots")).build().run();
        PartitionedModelDirectory.Manifest a = PartitionedModelDirectory.readManifest(dir.resolve("three-slots"));
        PartitionedModelDirectory.Manifest b = PartitionedModelDirectory.readManifest(dir.resolve("four-slots"));
        assertSameRows(a, b);
        assertTrue(threeSlots.tableIo().loads() > 4, "three of four partitions resident: the plan swaps some");
        assertTrue(fourSlots.tableIo().loads() <= threeSlots.tableIo().loads(), "the spare slot can only save loads (it may still "
                + "hold a partition the plan loads again): " + fourSlots.tableIo().loads() + " vs " + threeSlots.tableIo().loads());
    }

    /**
     * A run stopped inside a bucket and resumed from its directory ends with the tables of an uninterrupted run (with a
     * spill limit that cuts the epoch into slices, so the stop lands in a later slice).
     */
    @Test
    void aStoppedRunResumedFromItsDirectoryEqualsAnUninterruptedOne(@TempDir Path dir) throws Exception {
        EmbeddingJob job = base.with(Map.of("training.epochs", 1, "tables.partitions", 3, "tables.memory", "64m",
                "tables.spillLimit", "300k"));
        Path whole = dir.resolve("whole"), stopped = dir.resolve("stopped");
        JobRunner.builder(job).graph(graph).output(whole).build().run();

        AtomicInteger reports = new AtomicInteger();
        JobRunner[] runner = new JobRunner[1];
        runner[0] = JobRunner.builder(job).graph(graph).output(stopped).listener(new org.heteroembed.job.RunListener() {
            @Override
            public void progress(TrainingProgress p, double loss) {
                if (p.tokens() > 0 && reports.incrementAndGet() == 12) {
                    runner[0].requestStop();
                }
            }
        }).build();
        TrainedModel first = runner[0].run();
        assertEquals(TrainedModel.Status.STOPPED, first.status());
        PartitionedModelDirectory.Manifest halfway = PartitionedModelDirectory.readManifest(stopped);
        assertFalse(halfway.finished());
        assertTrue(halfway.sliceStart() > 0, "stopped in a later slice: " + halfway.sliceStart());
        TrainedModel rest = JobRunner.builder(job).graph(graph).output(stopped).resume(true).build().run();
        assertEquals(TrainedModel.Status.COMPLETED, rest.status());

        PartitionedModelDirectory.Manifest a = PartitionedModelDirectory.readManifest(whole);
        PartitionedModelDirectory.Manifest b = PartitionedModelDirectory.readManifest(stopped);
        assertEquals(a.progress().tokens(), b.progress().tokens());
        assertSameRows(a, b);
    }

    /** A stop asked while a slice's walks are being spilled ends the run at once; the resume walks the slice again. */
    @Test
    void aStopWhileSpillingEndsAtOnceAndResumesExactly(@TempDir Path dir) throws Exception {
        EmbeddingJob job = base.with(Map.of("training.epochs", 1, "tables.partitions", 2, "tables.memory", "64m",
                "tables.spillLimit", "300k"));
        Path whole = dir.resolve("whole"), stopped = dir.resolve("stopped");
        JobRunner.builder(job).graph(graph).output(whole).build().run();
        JobRunner[] runner = new JobRunner[1];
        runner[0] = JobRunner.builder(job).graph(graph).output(stopped).listener(new org.heteroembed.job.RunListener() {
            @Override
            public void stage(String message) {
                if (message.contains("from walk chunk")) { // the second slice's spill begins
                    runner[0].requestStop();
                }
            }
        }).build();
        TrainedModel first = runner[0].run();
        assertEquals(TrainedModel.Status.STOPPED, first.status());
        PartitionedModelDirectory.Manifest halfway = PartitionedModelDirectory.readManifest(stopped);
        assertTrue(halfway.sliceStart() > 0 && halfway.progress().chunk() == 0, "stopped at the second slice's start: "
                + halfway.sliceStart() + ", bucket " + halfway.progress().chunk());
        JobRunner.builder(job).graph(graph).output(stopped).resume(true).build().run();
        PartitionedModelDirectory.Manifest a = PartitionedModelDirectory.readManifest(whole);
        PartitionedModelDirectory.Manifest b = PartitionedModelDirectory.readManifest(stopped);
        assertSameRows(a, b);
    }

    /** Two model directories hold the same rows: every partition's checksum is equal. */
    private static void assertSameRows(PartitionedModelDirectory.Manifest a, PartitionedModelDirectory.Manifest b) {
        assertEquals(a.partitions().size(), b.partitions().size());
        for (int p = 0; p < a.partitions().size(); p++) {
            assertEquals(a.partitions().get(p).checksum(), b.partitions().get(p).checksum(), "partition " + p + " rows");
        }
    }

    private static PartitionedTrainer.Listener listener(EmbeddingJob job, SkipGramPairGenerator pairs,
                                                        java.util.function.BooleanSupplier stop) {
        long planned = pairs.corpusTokens() * job.training().epochs();
        TrainingConfig t = job.training();
        return new PartitionedTrainer.Listener() {
            @Override
            public double learningRate(long tokens, long pairCount) {
                return t.learningRateAt((double) tokens / planned); // the runner's schedule (EngineContext)
            }

            @Override
            public boolean stopRequested() {
                return stop.getAsBoolean();
            }

            @Override
            public void progress(TrainingProgress progress, double loss) {
            }

            @Override
            public void stage(String message) {
            }

            @Override
            public boolean checkpointDue() {
                return false;
            }

            @Override
            public void checkpoint(PartitionedTrainer.Position position) {
            }
        };
    }

    private static INDArray[] tables(ComputationGraph net) {
        return HeteroEmbeddingLayerImpl.find(net, false).sharedSizeTables("test");
    }

    /** A partition's input and output rows, read from its current file. */
    private static float[][] readPartition(Path dir, PartitionStore store, int part, int rows, int dim) throws IOException {
        PartitionedModelDirectory.PartitionState st = store.states().get(part);
        try (FloatPointer in = new FloatPointer((long) rows * dim); FloatPointer out = new FloatPointer((long) rows * dim)) {
            PartitionFile.read(PartitionedModelDirectory.partitionFile(dir, part, st.generation()),
                    new PartitionFile.Header(42L, part, store.layout().parts(), rows, dim, st.generation(), st.checksum()),
                    in.address(), out.address());
            float[] a = new float[rows * dim], b = new float[rows * dim];
            in.get(a);
            out.get(b);
            return new float[][]{a, b};
        }
    }

    private static float[] row(float[] table, int r, int dim) {
        float[] out = new float[dim];
        System.arraycopy(table, r * dim, out, 0, dim);
        return out;
    }
}
