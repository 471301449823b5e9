package org.heteroembed.cli;

import org.heteroembed.job.TrainingFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs that cannot give a model end with one line and a distinct exit code: a model that cannot fit in memory is
 * refused with 2 before anything is allocated (instead of a crash); a run that diverges fails with 4 (not 0 and NaN
 * vectors).
 */
class RefusedRunsCliTest {
    @Test
    void tablesLargerThanMemoryGetOneLineAndExitCode2(@TempDir Path dir) {
        Path model = dir.resolve("model.zip");
        HeteroEmbedCliTest.Run r = HeteroEmbedCliTest.run("train", "-o", model.toString(), "--demo-edges", "2000",
                "--dimension", "5000000", "--walks-per-node", "1", "--walk-length", "4");
        assertEquals(2, r.exit(), r.err());
        String[] lines = r.err().strip().split("\n");
        assertEquals(1, lines.length, r.err());
        assertTrue(lines[0].startsWith("error: the model's tables need ") && lines[0].contains(" x 2 tables x 5,000,000 x 4 bytes)"),
                lines[0]);
        assertTrue(lines[0].contains("train with partitioned tables on disk, --partitions "), lines[0]);
        assertFalse(r.out().contains("counting node frequencies"), r.out());
        assertFalse(Files.exists(model));
    }

    @Test
    void aDivergedRunExitsFourWithOneLine(@TempDir Path dir) {
        Path model = dir.resolve("model.zip");
        HeteroEmbedCliTest.Run r = HeteroEmbedCliTest.run("train", "-o", model.toString(), "--demo-edges", "3000",
                "--learning-rate", "10", "--walks-per-node", "2", "--threads", "1");
        assertEquals(TrainingFailedException.EXIT_CODE, r.exit(), r.err());
        String[] lines = r.err().strip().split("\n");
        assertEquals(1, lines.length, r.err());
        assertTrue(lines[0].startsWith("error: training diverged in epoch "), lines[0]);
        assertTrue(lines[0].contains("lower --learning-rate (this run's: 10.0)"), lines[0]);
        assertFalse(Files.exists(model));
    }

    @Test
    void runningOutOfMemoryAnywhereInTheCauseChainIsOneLine() {
        // how ND4J reports a heap too small to start its backend
        RuntimeException nd4j = new RuntimeException("ND4J is probably missing dependencies. For more information, "
                + "please refer to: https://deeplearning4j.konduit.ai/nd4j/backend",
                new ExceptionInInitializerError(new OutOfMemoryError("Java heap space")));
        String m = HeteroEmbedCli.outOfMemory(nd4j);
        assertTrue(m.startsWith("out of memory (OutOfMemoryError: Java heap space; the JVM's heap limit is "), m);
        assertTrue(m.contains("HETERO_EMBED_JAVA_OPTS=\"-Xmx8g"), m);
        assertEquals(null, HeteroEmbedCli.outOfMemory(new IllegalStateException("something else")));
    }
}
