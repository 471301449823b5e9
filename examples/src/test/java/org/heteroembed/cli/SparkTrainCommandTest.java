package org.heteroembed.cli;

import org.heteroembed.graph.GraphSnapshot;
import org.heteroembed.inference.HeteroEmbeddings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.heteroembed.cli.HeteroEmbedCliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code hetero-embed spark-train} in {@code local[2]}: options, errors, and a model written end to end. */
class SparkTrainCommandTest {
    private static final String[] SMALL = {"spark-train", "--master", "local[2]", "--dimension", "16", "--epochs", "1",
            "--walks-per-node", "2", "--walk-length", "10", "--demo-edges", "3000"};

    @TempDir
    Path dir;

    private static String[] args(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    @Test
    void helpListsTheOptions() {
        HeteroEmbedCliTest.Run top = run("--help");
        assertTrue(top.out().contains("spark-train"), top.out());
        HeteroEmbedCliTest.Run help = run("spark-train", "--help");
        assertEquals(0, help.exit());
        for (String option : new String[]{"--master", "--tasks", "--mode=fast|averaging|sharing|partitioned", "--dimension", "--partitions=P",
                "--walks-per-node", "--metapath", "--batch-size", "--averaging-frequency", "--threshold", "--aeron-port",
                "--controller-address", "--network-mask", "--stall-timeout", "--partitioning=hash|locality", "--rounds",
                "--merge=sum|average", "--graph-on-shared-storage", "--out=MODEL", "--overwrite", "local[2]"}) {
            assertTrue(help.out().contains(option), option + " in\n" + help.out());
        }
    }

    @Test
    void badOptionsExitTwoNamingTheOption() {
        String out = dir.resolve("m.zip").toString();
        HeteroEmbedCliTest.Run mode = run(args(SMALL, "-o", out, "--mode", "nonsense"));
        assertEquals(2, mode.exit());
        assertTrue(mode.err().contains("'--mode': expected one of fast, averaging, sharing, partitioned, got 'nonsense'"), mode.err());
        HeteroEmbedCliTest.Run partitions = run(args(SMALL, "-o", out, "--tasks", "0"));
        assertEquals(2, partitions.exit());
        assertTrue(partitions.err().contains("--tasks must be >= 1"), partitions.err());
        HeteroEmbedCliTest.Run merge = run(args(SMALL, "-o", out, "--merge", "max"));
        assertEquals(2, merge.exit());
        assertTrue(merge.err().contains("'--merge': expected one of sum, average, got 'max'"), merge.err());
        HeteroEmbedCliTest.Run locality = run(args(SMALL, "-o", out, "--mode", "averaging", "--partitioning", "locality"));
        assertEquals(2, locality.exit());
        assertTrue(locality.err().contains("--partitioning locality applies to the fast mode only, not averaging"), locality.err());
        HeteroEmbedCliTest.Run master = run("spark-train", "-o", out, "--master", "nonsense");
        assertEquals(2, master.exit());
        assertTrue(master.err().contains("--master: Could not parse Master URL: 'nonsense'"), master.err());
        HeteroEmbedCliTest.Run noOut = run("spark-train");
        assertEquals(2, noOut.exit());
        assertTrue(noOut.err().contains("--out"), noOut.err());
        assertFalse(Files.exists(dir.resolve("m.zip.graph")), "nothing is written for bad options");
        assertFalse(Files.exists(dir.resolve("m.zip")));
    }

    @Test
    void trainsTheDemoGraphInFastModeThenFromTheSnapshotWithLocalityAndAveraging() throws IOException {
        Path model = dir.resolve("model.zip");
        HeteroEmbedCliTest.Run fast = run(args(SMALL, "-o", model.toString(), "--tasks", "2"));
        assertEquals(0, fast.exit(), fast.err());
        assertTrue(fast.out().contains("no INPUT: training on a generated demo graph"), fast.out());
        assertTrue(fast.out().contains("trained " + model + " on Spark (fast, 2 tasks per round)"), fast.out());
        assertTrue(fast.out().contains("pairs/s") && fast.out().contains("bytes exchanged per round"), fast.out());
        assertTrue(fast.out().contains("of token row updates"), fast.out());
        assertEquals(16, HeteroEmbeddings.load(model).dimension());
        Path snapshot = dir.resolve("model.zip.graph");
        assertTrue(GraphSnapshot.isSnapshot(snapshot), "the graph the executors read sits next to the model");

        HeteroEmbedCliTest.Run again = run(args(SMALL, "-o", model.toString()));
        assertEquals(2, again.exit());
        assertTrue(again.err().contains(model + " exists: --overwrite replaces it"), again.err());

        // A snapshot INPUT is used as it is (no MODEL.graph), here with locality partitioning on shared storage.
        Path local = dir.resolve("local.zip");
        HeteroEmbedCliTest.Run locality = run(args(SMALL, snapshot.toString(), "-o", local.toString(), "--tasks", "2",
                "--partitioning", "locality", "--merge", "average", "--metapath", "user-article-topic-article-user",
                "--graph-on-shared-storage"));
        assertEquals(0, locality.exit(), locality.err());
        assertTrue(locality.out().contains("locality partitioning, average merge"), locality.out());
        assertFalse(Files.exists(dir.resolve("local.zip.graph")));
        assertEquals(16, HeteroEmbeddings.load(local).dimension());

        // DL4J's parameter averaging, overwriting the first model.
        HeteroEmbedCliTest.Run averaging = run(args(SMALL, snapshot.toString(), "-o", model.toString(), "--overwrite",
                "--mode", "averaging", "--batch-size", "256"));
        assertEquals(0, averaging.exit(), averaging.err());
        assertTrue(averaging.out().contains("on Spark (averaging, "), averaging.out());
        assertEquals(16, HeteroEmbeddings.load(model).dimension());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.filter(f -> f.getFileName().toString().endsWith(".tmp")).count(), "no temporary leftovers");
        }
    }

    @Test
    void partitionedModeWritesTheModelDirectoryAndRefusesPartitionsThatDoNotDivide() throws IOException {
        Path model = dir.resolve("model-dir");
        HeteroEmbedCliTest.Run odd = run(args(SMALL, "-o", model.toString(), "--mode", "partitioned", "--partitions", "3",
                "--tasks", "2"));
        assertEquals(2, odd.exit(), odd.err());
        assertTrue(odd.err().contains("--partitions must be a multiple of the executors training at once (2"), odd.err());
        assertFalse(Files.exists(model.resolve("hetero-embed-model.json")), "no model for a refused run");
        HeteroEmbedCliTest.Run alone = run(args(SMALL, "-o", model.toString(), "--overwrite", "--partitions", "4"));
        assertEquals(2, alone.exit(), alone.err());
        assertTrue(alone.err().contains("--mode must be partitioned when the tables are"), alone.err());

        HeteroEmbedCliTest.Run ok = run(args(SMALL, "-o", model.toString(), "--overwrite", "--mode", "partitioned",
                "--partitions", "4", "--tasks", "2"));
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ok.out().contains("on Spark (partitioned, 2 tasks per round)"), ok.out());
        assertTrue(ok.out().contains("4 partitions (hash) over 2 executors") && ok.out().contains("moved between executors"),
                ok.out());
        HeteroEmbeddings e = HeteroEmbeddings.load(model);
        assertTrue(e.partitioned());
        assertEquals(16, e.dimension());
    }
}
