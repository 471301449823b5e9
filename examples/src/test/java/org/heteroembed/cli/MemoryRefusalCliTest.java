package org.heteroembed.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code train} refuses a model that cannot fit in memory with one line and exit code 2, instead of crashing. */
class MemoryRefusalCliTest {
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
}
