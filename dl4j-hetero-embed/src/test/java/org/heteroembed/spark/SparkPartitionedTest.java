package org.heteroembed.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.heteroembed.eval.LogisticRegressionClassifier;
import org.heteroembed.graph.GraphSnapshot;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
import org.heteroembed.graph.io.GraphInput;
import org.heteroembed.inference.HeteroEmbeddings;
import org.heteroembed.job.EmbeddingJob;
import org.heteroembed.job.JobRunner;
import org.heteroembed.job.ModelConfig;
import org.heteroembed.job.TablesConfig;
import org.heteroembed.job.TrainedModel;
import org.heteroembed.job.TrainingConfig;
import org.heteroembed.sampling.SkipGramConfig;
import org.heteroembed.tables.PartitionedModelDirectory;
import org.heteroembed.walk.WalkConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spark's partitioned mode in {@code local[2]} through the {@link JobRunner}: the result is the single-machine model
 * directory, learns the planted communities as well as the single-machine partitioned run, and does not depend on how
 * Spark schedules the tasks (two runs write the same rows bit for bit).
 */
class SparkPartitionedTest {
    private static Path dir;
    private static JavaSparkContext sc;
    private static HeteroGraph graph;
    private static GraphSource source;

    @BeforeAll
    static void start() throws Exception {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        dir = Files.createDirectories(Paths.get("target", "spark-partitioned-test"));
        graph = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(12_000, 5)).graph();
        Path snapshot = dir.resolve("planted.graph");
        GraphSnapshot.save(graph, snapshot);
        sc = SparkTestContext.local(2, dir);
        source = GraphSource.sharedFile(snapshot);
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.stop();
        }
    }

    static EmbeddingJob job(int partitions, boolean spark) {
        EmbeddingJob.Builder b = EmbeddingJob.builder()
                .graph(GraphInput.builder().build())
                .walks(WalkConfig.builder().metapaths("user-article-topic-article-user").walksPerNode(8).walkLength(20)
                        .chunkSize(64).build())
                .skipGram(SkipGramConfig.builder().window(3).negatives(5).build())
                .model(ModelConfig.builder().dimension(32).build())
                .training(TrainingConfig.builder().epochs(2).learningRate(0.025).seed(3).threads(2).build())
                .tables(TablesConfig.builder().partitions(partitions).build());
        if (spark) {
            b.spark(SparkConfig.builder().mode(SparkConfig.Mode.PARTITIONED).tasks(2).build());
        }
        return b.build();
    }

    static TrainedModel train(EmbeddingJob job, Path out, JavaSparkContext sc, GraphSource source) throws Exception {
        JobRunner.Builder b = JobRunner.builder(job).graph(graph).output(out);
        if (job.spark() != null) {
            b.engine(new SparkEngine(sc, source, line -> System.out.println(line)));
        }
        return b.build().run();
    }

    @Test
    void trainsTheModelDirectoryAsWellAsOneMachineAndTheSameEveryRun() throws Exception {
        Path a = dir.resolve("spark-a"), b = dir.resolve("spark-b"), local = dir.resolve("local");
        for (Path p : List.of(a, b, local)) {
            org.apache.commons.io.FileUtils.deleteDirectory(p.toFile());
        }
        TrainedModel ma = train(job(4, true), a, sc, source);
        assertTrue(ma.completed());
        TrainedModel mb = train(job(4, true), b, sc, source);
        train(job(4, false), local, null, null);

        PartitionedModelDirectory.Manifest fa = PartitionedModelDirectory.readManifest(a);
        PartitionedModelDirectory.Manifest fb = PartitionedModelDirectory.readManifest(b);
        assertTrue(fa.finished());
        assertEquals(4, fa.parts());
        assertEquals(fa.progress().tokens(), fb.progress().tokens());
        assertEquals(ma.progress().pairs(), mb.progress().pairs());
        // Same rows, bit for bit: the checksums of every partition's tables (the run ids differ, the rows do not).
        for (int p = 0; p < 4; p++) {
            assertEquals(fa.partitions().get(p).checksum(), fb.partitions().get(p).checksum(), "partition " + p);
        }
        try (Stream<Path> files = Files.list(a)) {
            assertEquals(List.of(), files.map(f -> f.getFileName().toString()).filter(f -> f.contains(".in.") || f.contains(".out.")).toList(),
                    "no per-table generation files are left");
        }
        double spark = LogisticRegressionClassifier.accuracy(HeteroEmbeddings.load(a), graph, "user", 3);
        double one = LogisticRegressionClassifier.accuracy(HeteroEmbeddings.load(local), graph, "user", 3);
        System.out.printf("partitioned on Spark: accuracy %.3f; on one machine %.3f%n", spark, one);
        assertTrue(spark > 0.8, "accuracy " + spark);
        assertTrue(spark > one - 0.05, spark + " vs " + one);
    }

    @Test
    void aStopEndsTheRunAfterTheRoundInFlightWithAUsableUnfinishedModel() throws Exception {
        Path out = dir.resolve("stopped");
        org.apache.commons.io.FileUtils.deleteDirectory(out.toFile());
        JobRunner[] runner = new JobRunner[1];
        runner[0] = JobRunner.builder(job(4, true)).graph(graph).output(out)
                .engine(new SparkEngine(sc, source, line -> { }))
                .listener(new org.heteroembed.job.RunListener() {
                    @Override
                    public void progress(org.heteroembed.train.fast.TrainingProgress p, double loss) {
                        if (!Double.isNaN(loss)) { // a round ended
                            runner[0].requestStop();
                        }
                    }
                }).build();
        TrainedModel m = runner[0].run();
        assertEquals(TrainedModel.Status.STOPPED, m.status());
        PartitionedModelDirectory.Manifest manifest = PartitionedModelDirectory.readManifest(out);
        assertFalse(manifest.finished());
        assertEquals(0, manifest.progress().epoch());
        assertEquals(1, manifest.progress().chunk(), "one round of the first epoch trained");
        assertTrue(manifest.progress().tokens() > 0);
        HeteroEmbeddings e = HeteroEmbeddings.load(out);
        assertEquals(graph.numNodes(0), e.numNodes(e.types().get(0)), "the stopped model opens");
    }

    @Test
    void partitionsMustBeAMultipleOfTheExecutorsAndTheModeNeedsThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> train(job(3, true), dir.resolve("three"), sc, source));
        assertTrue(e.getMessage().contains("--partitions"), e.getMessage());
        assertThrows(RuntimeException.class, () -> EmbeddingJob.builder()
                .spark(SparkConfig.builder().mode(SparkConfig.Mode.PARTITIONED).build()).build());
        assertFalse(Files.exists(dir.resolve("three").resolve(PartitionedModelDirectory.MANIFEST)));
    }
}
