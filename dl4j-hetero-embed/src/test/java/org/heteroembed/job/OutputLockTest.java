package org.heteroembed.job;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A second run on an output another run holds is refused, naming the holder; the lock goes with its run. */
class OutputLockTest {
    @Test
    void aSecondRunOnTheSameOutputIsRefused(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("model.zip");
        try (OutputLock held = OutputLock.acquire(out)) {
            IOException e = assertThrows(IOException.class,
                    () -> JobRunner.builder(PlantedJob.BASE).graph(PlantedJob.GRAPH).output(out).build().run());
            assertTrue(e.getMessage().startsWith(out + " is being written by another run (pid "
                    + ProcessHandle.current().pid() + ", since "), e.getMessage());
            assertTrue(e.getMessage().endsWith("): wait for it to end, or write to another -o"), e.getMessage());
            assertFalse(Files.exists(out), "the refused run wrote nothing");
        }
        assertFalse(Files.exists(OutputLock.lockFile(out)), "released with its run");
        JobRunner.builder(PlantedJob.BASE).graph(PlantedJob.GRAPH).output(out).build().run();
        assertTrue(Files.exists(out));
        assertFalse(Files.exists(OutputLock.lockFile(out)));
    }

    @Test
    void outputProblemsAreFoundBeforeAnyWork(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        IOException under = assertThrows(IOException.class, () -> JobRunner.builder(PlantedJob.BASE)
                .graph(PlantedJob.GRAPH).output(file.resolve("model.zip")).build().run());
        assertTrue(under.getMessage().equals("cannot write " + file.resolve("model.zip") + ": " + file
                + " is a file, not a directory"), under.getMessage());

        Path directory = Files.createDirectories(dir.resolve("models"));
        IllegalArgumentException isDir = assertThrows(IllegalArgumentException.class, () -> JobRunner
                .builder(PlantedJob.BASE).graph(PlantedJob.GRAPH).output(directory).build().run());
        assertTrue(isDir.getMessage().startsWith(directory + " is a directory: -o names the model file"), isDir.getMessage());
    }

    @Test
    void leftoversOfAKilledSaveAreRemovedAndAResumeWithoutCheckpointSaysSo(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("model.zip");
        Path leftover = Files.writeString(dir.resolve(".model.zip.8123456789.tmp"), "half a model");
        Path lossLeftover = Files.writeString(dir.resolve(".model.zip.loss.csv.77.tmp"), "half a curve");
        Path someoneElses = Files.writeString(dir.resolve(".other.zip.5.tmp"), "not ours");
        java.util.List<String> stages = new java.util.ArrayList<>();
        JobRunner.builder(PlantedJob.BASE).graph(PlantedJob.GRAPH).output(out).resume(true).listener(new RunListener() {
            @Override
            public void stage(String message) {
                stages.add(message);
            }
        }).build().run();
        assertFalse(Files.exists(leftover));
        assertFalse(Files.exists(lossLeftover));
        assertTrue(Files.exists(someoneElses), "another output's temporaries are not ours to delete");
        assertTrue(stages.contains("--resume: " + out + " does not exist yet: training from the start"), stages.toString());
    }
}
