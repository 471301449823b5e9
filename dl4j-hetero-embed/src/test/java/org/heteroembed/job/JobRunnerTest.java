package org.heteroembed.job;

import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
import org.heteroembed.inference.EmbeddingQuality;
import org.heteroembed.inference.HeteroModelFile;
import org.heteroembed.train.fast.TrainingProgress;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runner trains planted graphs with each engine, checkpoints, resumes, and keeps to its budgets. */
class JobRunnerTest {
    private static final double CHANCE = 1.0 / 8; // 8 planted communities
    private static HeteroGraph graph;
    private static EmbeddingJob base;

    @BeforeAll
    static void plantedGraph() {
        graph = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(12_000, 5)).graph();
        base = EmbeddingJob.parse("""
                walks: {metapaths: [user-article-topic-article-user], walksPerNode: 8, walkLength: 20}
                skipGram: {window: 3, negatives: 5}
                model: {dimension: 32}
                training: {threads: 1, seed: 3, checkpointMinutes: 0}
                """, true, "base");
    }

    private static TrainedModel train(EmbeddingJob job) throws Exception {
        return JobRunner.builder(job).graph(graph).build().run();
    }

    private static double purity(TrainedModel m) {
        return EmbeddingQuality.neighbourPurity(m.embeddings(), m.graph(), "user", 10, 400);
    }

    @Test
    void fitEngineTrainsThroughTheDataVecReadersAndLearnsTheCommunities() throws Exception {
        TrainedModel m = train(base.with(Map.of("training.engine", TrainingConfig.Engine.FIT,
                "training.learningRate", 0.03, "walks.walksPerNode", 4)));
        assertEquals(TrainingConfig.Updater.ADAM, m.job().training().updater(), "fit defaults to adam");
        assertEquals(TrainedModel.Status.COMPLETED, m.status());
        double purity = purity(m);
        System.out.printf("fit engine: user neighbour purity %.3f (chance %.3f)%n", purity, CHANCE);
        assertTrue(purity > 4 * CHANCE, "nearest users share their planted community far above chance: " + purity);
        assertFalse(m.lossCurve().points().isEmpty());
        assertTrue(m.lossCurve().points().get(m.lossCurve().points().size() - 1).loss()
                < m.lossCurve().points().get(0).loss(), "the loss falls");
    }

    @Test
    void sparseEngineLearnsTheCommunitiesToo() throws Exception {
        TrainedModel m = train(base.with(Map.of("training.engine", TrainingConfig.Engine.SPARSE,
                "training.updater", TrainingConfig.Updater.ADAGRAD, "walks.walksPerNode", 4)));
        double purity = purity(m);
        System.out.printf("sparse engine: user neighbour purity %.3f%n", purity);
        assertTrue(purity > 4 * CHANCE, "sparse engine far above chance: " + purity);
    }

    @Test
    void fastEngineLearnsTheCommunities() throws Exception {
        TrainedModel m = train(base);
        assertEquals(TrainingConfig.Engine.FAST, m.job().training().engine(), "fast is the default on the CPU");
        assertEquals(m.progress().tokens(), m.tokensThisRun());
        assertTrue(purity(m) > 4 * CHANCE, "fast engine far above chance: " + purity(m));
    }

    @Test
    void aStoppedRunResumedFromItsCheckpointEqualsAnUninterruptedOne(@TempDir Path dir) throws Exception {
        // The sparse engine trains on the caller's thread: a checkpoint marks exactly what was trained.
        EmbeddingJob job = base.with(Map.of("training.engine", TrainingConfig.Engine.SPARSE, "training.batchSize", 512,
                "walks.walksPerNode", 1));
        INDArray whole = train(job).net().params();

        Path model = dir.resolve("model.zip");
        AtomicInteger batches = new AtomicInteger();
        JobRunner[] runner = new JobRunner[1];
        runner[0] = JobRunner.builder(job).graph(graph).output(model).listener(new RunListener() {
            @Override
            public void progress(TrainingProgress progress, double loss) {
                if (batches.incrementAndGet() == 7) {
                    runner[0].requestStop();
                }
            }
        }).build();
        TrainedModel first = runner[0].run();
        assertEquals(TrainedModel.Status.STOPPED, first.status());
        assertEquals(7 * 512, first.progress().pairs(), "stopped after 7 batches");
        // a stopped run's checkpoint goes beside the model file, which only a finished run writes
        assertFalse(java.nio.file.Files.exists(model));
        TrainingProgress saved = HeteroModelFile.progress(JobRunner.partialFile(model));
        assertEquals(first.progress(), saved);

        TrainedModel resumed = JobRunner.builder(job).graph(graph).output(model).resume(true).build().run();
        assertEquals(TrainedModel.Status.COMPLETED, resumed.status());
        assertTrue(whole.equalsWithEps(resumed.net().params(), 1e-6), "resumed run = uninterrupted run");
        assertEquals(job.resolved(false).toJson(), HeteroModelFile.job(model), "the model stores its job");
        assertFalse(java.nio.file.Files.exists(JobRunner.partialFile(model)), "the finished run removed its checkpoint");

        TrainedModel again = JobRunner.builder(job).graph(graph).output(model).resume(true).build().run();
        assertEquals(TrainedModel.Status.ALREADY_DONE, again.status());

        IllegalArgumentException other = assertThrows(IllegalArgumentException.class, () -> JobRunner.builder(
                job.with(Map.of("training.epochs", 2, "skipGram.window", 4))).graph(graph).output(model).resume(true).build().run());
        assertTrue(other.getMessage().contains("training.epochs: 1 in the checkpoint, 2 now"), other.getMessage());
        assertTrue(other.getMessage().contains("skipGram.window: 3 in the checkpoint, 4 now"), other.getMessage());
    }

    @Test
    void budgetsInPairsAndSecondsStopTheRun() throws Exception {
        TrainedModel pairs = train(base.with(Map.of("training.maxPairs", 20_000L)));
        assertEquals(TrainedModel.Status.COMPLETED, pairs.status());
        assertTrue(pairs.progress().pairs() >= 20_000 && pairs.progress().pairs() < 60_000, "" + pairs.progress());

        TrainedModel timed = train(base.with(Map.of("training.maxSeconds", 0.05, "training.epochs", 1000)));
        assertEquals(TrainedModel.Status.OUT_OF_TIME, timed.status());
        assertFalse(timed.completed());
    }
}
