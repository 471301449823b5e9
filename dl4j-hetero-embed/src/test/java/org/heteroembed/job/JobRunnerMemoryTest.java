package org.heteroembed.job;

import org.bytedeco.javacpp.Pointer;
import org.heteroembed.graph.HeteroGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runner refuses a run that cannot fit before it allocates the network, in every mode, and runs one that fits. */
class JobRunnerMemoryTest {
    /** Far more than this machine has: a few thousand nodes x 2 tables x 5,000,000 x 4 bytes is over 50 GB. */
    private static final int HUGE_DIMENSION = 5_000_000;
    private static final HeteroGraph graph = PlantedJob.GRAPH;
    private static final EmbeddingJob base = PlantedJob.BASE;

    /** Records the stages the runner announces: training starts with "counting node frequencies". */
    private static final class Stages implements RunListener {
        final List<String> stages = new ArrayList<>();
        boolean trainingStarted;

        @Override
        public void stage(String message) {
            stages.add(message);
        }

        @Override
        public void training(long plannedTokens, org.heteroembed.train.fast.TrainingProgress start) {
            trainingStarted = true;
        }
    }

    private static void assertRefusedBeforeAllocating(JobRunner.Builder runner, Path out) {
        Stages listener = new Stages();
        long resident = Pointer.physicalBytes();
        RunTooLargeException e = assertThrows(RunTooLargeException.class, () -> runner.listener(listener).build().run());
        String m = e.getMessage();
        // The tables lead the fast engine's line; the minibatch engines' batch arrays (and fit's gradient and adam's
        // state) outgrow them at this dimension and are listed beside them.
        assertTrue(m.startsWith("the model's tables need ") || m.startsWith("training needs "), m);
        assertTrue(m.contains(String.format("%,d", graph.numNodes()) + " nodes x 2 tables x 5,000,000 x 4 bytes"), m);
        assertTrue(m.contains("--partitions ") && m.contains(" --memory "), m);
        assertFalse(m.contains("\n"), "one line");
        // Nothing large was allocated: the network's tables alone would be tens of GB.
        assertTrue(Pointer.physicalBytes() - resident < 500_000_000L, "resident grew by " + (Pointer.physicalBytes() - resident));
        assertFalse(listener.trainingStarted);
        assertTrue(listener.stages.stream().noneMatch(s -> s.startsWith("counting node frequencies")), listener.stages.toString());
        assertFalse(Files.exists(out), "no model file written");
    }

    @Test
    void aRunWhoseTablesCannotFitIsRefusedBeforeTheNetworkExists(@TempDir Path dir) {
        Path out = dir.resolve("model.zip");
        for (TrainingConfig.Engine engine : TrainingConfig.Engine.values()) {
            EmbeddingJob job = base.with(Map.of("model.dimension", HUGE_DIMENSION, "training.engine", engine));
            assertRefusedBeforeAllocating(JobRunner.builder(job).graph(graph).output(out), out);
        }
    }

    @Test
    void theSparkDriverIsRefusedToo(@TempDir Path dir) {
        Path out = dir.resolve("model.zip");
        EmbeddingJob job = base.with(Map.of("model.dimension", HUGE_DIMENSION)).onSpark();
        TrainingEngine neverCalled = c -> {
            throw new AssertionError("the engine was reached");
        };
        assertRefusedBeforeAllocating(JobRunner.builder(job).graph(graph).engine(neverCalled).output(out), out);
    }

    @Test
    void aRunThatFitsTrains() throws Exception {
        TrainedModel m = JobRunner.builder(base).graph(graph).build().run();
        assertEquals(TrainedModel.Status.COMPLETED, m.status());
    }
}
