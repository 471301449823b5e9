package org.heteroembed.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench partitions}: its arguments are checked before any graph is generated. */
class BenchPartitionsCommandTest {
    private static void rejected(String expected, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "bench";
        all[1] = "partitions";
        System.arraycopy(args, 0, all, 2, args.length);
        HeteroEmbedCliTest.Run r = HeteroEmbedCliTest.run(all);
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains(expected), r.err());
    }

    @Test
    void helpListsTheOptions() {
        HeteroEmbedCliTest.Run r = HeteroEmbedCliTest.run("bench", "partitions", "--help");
        assertEquals(0, r.exit());
        for (String option : new String[]{"--edges", "--dimension", "--partitions", "--repeats", "--threads", "--partitioner", "--heap", "--dir"}) {
            assertTrue(r.out().contains(option), r.out());
        }
    }

    @Test
    void badArgumentsAreNamed() {
        rejected("--repeats must be >= 1, got 0", "--repeats", "0");
        rejected("--partitions: each count must be >= 1", "--partitions", "4,0");
        rejected("tables.partitions must be <= 64, got 65", "--partitions", "8,65");
        rejected("metis", "--partitioner", "metis");
        rejected("--threads must be >= 1, got 0", "--threads", "0");
        rejected("--dimension must be >= 1, got 0", "--dimension", "0");
        rejected("--edges must be >= 1000, got 10", "--edges", "10");
        rejected("--partitions", "--partitions", "four");
    }
}
