package org.heteroembed.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.heteroembed.cli.HeteroEmbedCliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench ann}: a tiny run prints its table and leaves no index behind; bad flags exit 2 naming the flag. */
class BenchAnnCommandTest {
    @TempDir
    Path dir;

    @Test
    void aTinyRunPrintsATableAndCleansUp() throws IOException {
        HeteroEmbedCliTest.Run r = run("bench", "ann", "--rows", "400", "--dimension", "8", "--vectors", "planted",
                "--queries", "5", "--ef", "10,40", "--dot", "--hnsw-ef-construction", "40", "--dir", dir.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("| vectors | measure | rows x d | index build |"), r.out());
        for (String row : new String[]{"| planted | cosine | 400 x 8 |", "| planted | dot | 400 x 8 |"}) {
            assertEquals(2, r.out().lines().filter(l -> l.startsWith(row)).count(), "a row per ef: " + r.out());
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(0, left.count(), "the indexes it wrote are deleted");
        }
    }

    @Test
    void badFlagsExitTwo() {
        String[][] cases = {{"--vectors", "uniform"}, {"--vectors", "none"}, {"--rows", "10"}, {"--ef", "0"},
                {"--hnsw-m", "1"}, {"--type", "user"}};
        String[] messages = {"--vectors: expected planted, random or none, got 'uniform'", "nothing to measure",
                "--rows must be >= 100", "HNSW ef must be >= 1", "HNSW M must be in [2, 256]", "--type needs --model"};
        for (int i = 0; i < cases.length; i++) {
            HeteroEmbedCliTest.Run r = run("bench", "ann", cases[i][0], cases[i][1], "--dir", dir.toString());
            assertEquals(2, r.exit(), String.join(" ", cases[i]));
            assertTrue(r.err().contains(messages[i]), r.err());
        }
    }
}
