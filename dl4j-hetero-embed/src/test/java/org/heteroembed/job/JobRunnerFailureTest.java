package org.heteroembed.job;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.tables.PartitionedModelDirectory;
import org.heteroembed.train.fast.TrainingProgress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs that must not end with exit code 0 and a useless model: a run whose vectors stop being finite numbers, and a
 * run that has no pair to train. Each fails with one line, and nothing of it is saved over the output.
 */
class JobRunnerFailureTest {
    private static final HeteroGraph graph = PlantedJob.GRAPH;
    private static final EmbeddingJob base = PlantedJob.BASE;
    /** A learning rate at which this graph's rows overflow to infinity and NaN within the first epoch. */
    private static final Map<String, Object> TOO_HOT = Map.of("training.learningRate", 10.0);

    private static void assertDiverged(TrainingFailedException e, Path out, boolean existed) {
        String m = e.getMessage();
        assertTrue(m.startsWith("training diverged in epoch 1 after "), m);
        assertTrue(m.contains("lower --learning-rate (this run's: 10.0)"), m);
        assertTrue(m.endsWith(existed ? out + " was not overwritten (it holds its last good checkpoint or the earlier model)"
                : out + " was not written"), m);
        assertFalse(m.contains("\n"), m);
    }

    @Test
    void aDivergedRunFailsAndLeavesTheEarlierModelAsItWas(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("model.zip");
        JobRunner.builder(base).graph(graph).output(out).build().run();
        byte[] good = Files.readAllBytes(out);
        TrainingFailedException e = assertThrows(TrainingFailedException.class,
                () -> JobRunner.builder(base.with(TOO_HOT)).graph(graph).output(out).build().run());
        assertDiverged(e, out, true);
        assertArrayEquals(good, Files.readAllBytes(out), "the earlier model is untouched");

        Path fresh = dir.resolve("fresh.zip");
        assertDiverged(assertThrows(TrainingFailedException.class,
                () -> JobRunner.builder(base.with(TOO_HOT)).graph(graph).output(fresh).build().run()), fresh, false);
        assertFalse(Files.exists(fresh));
    }

    @Test
    void aDivergedPartitionedRunWritesNoFinishedModel(@TempDir Path dir) {
        Path out = dir.resolve("model");
        EmbeddingJob job = base.with(Map.of("training.learningRate", 10.0, "tables.partitions", 2));
        assertDiverged(assertThrows(TrainingFailedException.class,
                () -> JobRunner.builder(job).graph(graph).output(out).build().run()), out, true);
        assertFalse(PartitionedModelDirectory.isModelDirectory(out)
                && uncheckedManifest(out).finished(), "no finished manifest");
    }

    private static PartitionedModelDirectory.Manifest uncheckedManifest(Path dir) {
        try {
            return PartitionedModelDirectory.readManifest(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void nonFiniteParametersAreNeverSavedEvenWhenTheLossLooksFine(@TempDir Path dir) {
        Path out = dir.resolve("model.zip");
        // an engine whose losses look finite (as sampled losses can) while a parameter is NaN
        TrainingEngine poisoning = c -> {
            c.begin(1);
            c.net().params().putScalar(7, Float.NaN);
            TrainingProgress end = new TrainingProgress(1, 0, 100, 100);
            c.progress(end, 1.0);
            return new TrainingEngine.Outcome(end, true);
        };
        TrainingFailedException e = assertThrows(TrainingFailedException.class,
                () -> JobRunner.builder(base).graph(graph).engine(poisoning).output(out).build().run());
        assertTrue(e.getMessage().startsWith("training diverged in epoch 2 after 100 tokens"), e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void finiteChecksEveryParameter() {
        ComputationGraph net = new ComputationGraph(JobRunner.network(base.resolved(false), graph));
        net.init();
        assertTrue(JobRunner.finite(net));
        net.params().putScalar(net.params().length() - 1, Float.POSITIVE_INFINITY);
        assertFalse(JobRunner.finite(net));
    }

    @Test
    void aRunWithoutPairsFailsInsteadOfSavingUntrainedVectors(@TempDir Path dir) {
        Path out = dir.resolve("model.zip");
        // subsampling this strong keeps almost no token: no window has two (seeded, so always so)
        for (Map<String, Object> mode : java.util.List.<Map<String, Object>>of(Map.of(), Map.of("tables.partitions", 2),
                Map.of("training.engine", TrainingConfig.Engine.SPARSE))) {
            java.util.Map<String, Object> settings = new java.util.HashMap<>(mode);
            settings.put("skipGram.subsample", 1e-15);
            settings.put("training.maxPairs", 1000L); // a pair budget that can never be reached must end too
            Path o = mode.containsKey("tables.partitions") ? dir.resolve("parts") : out;
            TrainingFailedException e = assertThrows(TrainingFailedException.class,
                    () -> JobRunner.builder(base.with(settings)).graph(graph).output(o).build().run(), mode.toString());
            assertTrue(e.getMessage().startsWith("training produced no skip-gram pairs"), e.getMessage());
        }
        assertFalse(Files.exists(out));
    }

    @Test
    void aStoppedRunNeverReplacesTheModelItWouldOverwrite(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("model.zip"), partial = JobRunner.partialFile(out);
        JobRunner.builder(base).graph(graph).output(out).build().run();
        byte[] good = Files.readAllBytes(out);
        EmbeddingJob next = base.with(Map.of("training.seed", 4L));
        JobRunner stopped = JobRunner.builder(next).graph(graph).output(out).build();
        stopped.requestStop(); // as Ctrl-C a moment after the start
        stopped.run();
        assertArrayEquals(good, Files.readAllBytes(out), "the good model is untouched");
        assertFalse(org.heteroembed.inference.HeteroModelFile.runRecord(partial).finished());

        JobRunner.builder(next).graph(graph).output(out).resume(true).build().run();
        assertFalse(java.util.Arrays.equals(good, Files.readAllBytes(out)), "the finished run replaced it");
        assertTrue(org.heteroembed.inference.HeteroModelFile.runRecord(out).finished());
        assertFalse(Files.exists(partial));
    }
}
