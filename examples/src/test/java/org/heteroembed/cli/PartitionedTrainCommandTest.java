package org.heteroembed.cli;

import org.heteroembed.jvm.JvmFlags;
import org.heteroembed.tables.PartitionedModelDirectory;
import org.heteroembed.tables.PartitionedModelDirectory.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.heteroembed.cli.HeteroEmbedCliTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code train --partitions P --memory SIZE -o DIR} as a user meets it: bad arguments get one error line and exit 2
 * before anything is trained; a run writes a directory the model commands read; a run killed with SIGKILL continues
 * with {@code --resume} from its last bucket checkpoint and ends with the tables of an uninterrupted run.
 */
class PartitionedTrainCommandTest {
    @TempDir
    static Path dir;
    static Path graph;
    /** The job of every run here (on one thread: runs are deterministic). */
    static List<String> job;

    @BeforeAll
    static void generatedGraph() {
        Path gen = dir.resolve("gen");
        assertEquals(0, run("generate", "--edges", "20000", "-o", gen.toString()).exit());
        graph = gen.resolve("graph.yaml");
        job = List.of(graph.toString(), "--metapath", "user-article-topic-article-user", "--walks-per-node", "5",
                "--walk-length", "20", "--dimension", "32", "--epochs", "2", "--threads", "1", "--partitions", "3");
    }

    /** The job's arguments followed by {@code more}. */
    static String[] train(String... more) {
        List<String> args = new ArrayList<>(List.of("train"));
        args.addAll(job);
        args.addAll(Arrays.asList(more));
        return args.toArray(String[]::new);
    }

    /** An argument error: exit 2, one "error:" line (and the pointer to --help), starting with {@code message}. */
    static String usageError(String message, String... args) {
        HeteroEmbedCliTest.Run r = run(args);
        assertEquals(2, r.exit(), r.out() + r.err());
        List<String> lines = r.err().lines().toList();
        assertEquals(2, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("error: " + message), r.err());
        assertEquals("Try 'hetero-embed train --help'.", lines.get(1));
        assertFalse(r.out().contains("counting node frequencies"), "refused before the walks: " + r.out());
        return lines.get(0);
    }

    /** The smallest --memory the job takes, as the error for a smaller one names it. */
    static String minimumMemory() {
        String line = usageError("--memory must hold at least the rows of two partitions: ",
                train("--memory", "1k", "-o", dir.resolve("never").toString()));
        Matcher m = Pattern.compile("got 1\\.0 KiB: give --memory (\\S+) or more, or more --partitions$").matcher(line);
        assertTrue(m.find(), line);
        return m.group(1);
    }

    @Test
    void badArgumentsGetOneLineAndExitTwo() throws IOException {
        String minimum = minimumMemory();
        Path out = dir.resolve("bad");
        usageError("--memory must be a size such as 8g or 512m, got lots", train("--memory", "lots", "-o", out.toString()));
        for (String engine : new String[]{"sparse", "fit"}) {
            usageError("--partitions trains with the fast engine's arithmetic bucket by bucket: leave the engine unset "
                    + "or fast, got " + engine, train("--engine", engine, "-o", out.toString()));
        }

        Path file = Files.writeString(dir.resolve("model.zip"), "a model file");
        for (String flag : new String[]{"--overwrite", "--resume"}) {
            usageError(file + " is a file, and a model with partitioned tables is a directory: give a directory path (-o DIR)",
                    train("--memory", minimum, "-o", file.toString(), flag));
        }
        // checked before the graph is read: a missing graph is not what the user hears about
        List<String> missingGraph = new ArrayList<>(Arrays.asList(train("--memory", minimum, "-o", file.toString())));
        missingGraph.set(1, dir.resolve("missing.yaml").toString());
        usageError(file + " is a file", missingGraph.toArray(String[]::new));

        Path foreign = Files.createDirectories(dir.resolve("photos"));
        Files.writeString(foreign.resolve("holiday.jpg"), "not a model");
        for (String flag : new String[]{"--overwrite", "--resume"}) {
            usageError(foreign + " is a directory that holds no partitioned model: refusing to write a model into it "
                    + "(--overwrite does not replace it); give a new or empty directory (-o DIR)",
                    train("--memory", minimum, "-o", foreign.toString(), flag));
        }
        assertTrue(Files.exists(foreign.resolve("holiday.jpg")));
    }

    @Test
    void aRunWritesADirectoryTheModelCommandsReadAndResumesOnlyItsOwnJob() throws IOException {
        String minimum = minimumMemory();
        Path model = Files.createDirectories(dir.resolve("model")); // an empty directory is a fine place
        HeteroEmbedCliTest.Run t = run(train("--memory", minimum, "-o", model.toString()));
        assertEquals(0, t.exit(), t.err());
        assertTrue(t.out().contains("trained " + model + " (3 partitions on disk)"), t.out());

        HeteroEmbedCliTest.Run info = run("info", model.toString());
        assertEquals(0, info.exit(), info.err());
        assertTrue(info.out().contains("partitioned model directory: dimension 32, 3 partition(s) (hash)"), info.out());
        HeteroEmbedCliTest.Run nearest = run("nearest", model.toString(), "--type", "user", "--id", "u1");
        assertEquals(0, nearest.exit(), nearest.err());
        assertTrue(nearest.out().contains("10 nearest user nodes to user u1"), nearest.out());
        Path vectors = dir.resolve("vectors.txt");
        HeteroEmbedCliTest.Run export = run("export", model.toString(), "-o", vectors.toString());
        assertEquals(0, export.exit(), export.err());
        List<String> lines = Files.readAllLines(vectors);
        assertEquals((lines.size() - 1) + " 32", lines.get(0), "word2vec header: vectors and dimension");

        HeteroEmbedCliTest.Run again = run(train("--memory", minimum, "-o", model.toString()));
        assertEquals(2, again.exit());
        assertTrue(again.err().contains(model + " exists: --resume continues its training, --overwrite replaces it"),
                again.err());
        List<String> other = new ArrayList<>(Arrays.asList(train("--memory", minimum, "-o", model.toString(), "--resume",
                "--seed", "5")));
        other.set(other.indexOf("32"), "16");
        usageError(model + " was trained with another job; resume with the same settings: model.dimension: 32 in the "
                + "checkpoint, 16 now; training.seed: 42 in the checkpoint, 5 now", other.toArray(String[]::new));
    }

    /**
     * SIGKILL (no shutdown hook, no save) in the middle of training, after a few bucket checkpoints: --resume continues
     * from the last one, and the tables end equal to those of an uninterrupted run, partition by partition.
     */
    @Test
    void aRunKilledMidTrainingResumesFromItsLastBucketCheckpoint() throws Exception {
        String minimum = minimumMemory();
        Path whole = dir.resolve("whole"), killed = dir.resolve("killed");
        HeteroEmbedCliTest.Run w = run(train("--memory", minimum, "-o", whole.toString()));
        assertEquals(0, w.exit(), w.err());
        Manifest uninterrupted = PartitionedModelDirectory.readManifest(whole);

        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(JvmFlags.all());
        cmd.addAll(List.of("-Xmx1g", "-cp", System.getProperty("java.class.path"), HeteroEmbedCli.class.getName()));
        cmd.addAll(Arrays.asList(train("--memory", minimum, "-o", killed.toString(), "--checkpoint-minutes", "0.0001")));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("killed.log").toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process child = pb.start();
        Manifest atKill = null;
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (atKill == null) {
                if (!child.isAlive() || System.nanoTime() > deadline) {
                    fail("the run ended (exit " + (child.isAlive() ? "-" : child.exitValue()) + ") before three buckets "
                            + "were checkpointed:\n" + Files.readString(dir.resolve("killed.log")));
                }
                if (PartitionedModelDirectory.isModelDirectory(killed)) {
                    Manifest m = PartitionedModelDirectory.readManifest(killed);
                    long buckets = m.progress().epoch() * 9L + m.progress().chunk();
                    // preferably while a partition written after the checkpoint is on disk (an evicted one)
                    if (buckets >= 3 && (partitionFiles(killed) > 3 || buckets >= 12)) {
                        child.destroyForcibly(); // SIGKILL
                        atKill = m;
                    }
                }
                Thread.sleep(5);
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(1, TimeUnit.MINUTES);
        }
        assertEquals(137, child.exitValue(), "killed by SIGKILL, not ended by itself");
        Manifest left = PartitionedModelDirectory.readManifest(killed);
        assertFalse(left.finished(), "killed in the middle of training");
        assertTrue(left.progress().tokens() >= atKill.progress().tokens()
                && left.progress().tokens() < uninterrupted.progress().tokens(), left.progress().toString());

        System.out.printf("killed at epoch %d, bucket %d (%,d of %,d tokens) with %d partition files in the directory%n",
                left.progress().epoch() + 1, left.progress().chunk() + 1, left.progress().tokens(),
                uninterrupted.progress().tokens(), partitionFiles(killed));

        HeteroEmbedCliTest.Run resumed = run(train("--memory", minimum, "-o", killed.toString(), "--resume"));
        assertEquals(0, resumed.exit(), resumed.err());
        assertTrue(resumed.out().contains(String.format("resuming %s at epoch %d, bucket %d (", killed,
                left.progress().epoch() + 1, left.progress().chunk() + 1)), resumed.out());
        Manifest end = PartitionedModelDirectory.readManifest(killed);
        assertTrue(end.finished());
        assertEquals(uninterrupted.progress().tokens(), end.progress().tokens());
        assertEquals(uninterrupted.progress().pairs(), end.progress().pairs());
        assertArrayEquals(checksums(uninterrupted), checksums(end), "resumed rows = uninterrupted rows, by partition");
        assertEquals(3, partitionFiles(killed), "the killed run's later generations and temporaries are gone");
    }

    /** Partition files and their temporaries in a model directory. */
    private static long partitionFiles(Path model) throws IOException {
        try (Stream<Path> files = Files.list(model)) {
            return files.filter(f -> f.getFileName().toString().matches("\\.?part-.*")).count();
        }
    }

    private static long[] checksums(Manifest m) {
        return m.partitions().stream().mapToLong(PartitionedModelDirectory.PartitionState::checksum).toArray();
    }
}
