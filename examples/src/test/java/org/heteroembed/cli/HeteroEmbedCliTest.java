package org.heteroembed.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line end to end: exit codes, messages, and the files each command writes. */
class HeteroEmbedCliTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        CommandLine cl = HeteroEmbedCli.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void helpEverywhere() {
        Run top = run("--help");
        assertEquals(0, top.exit());
        for (String sub : new String[]{"graph", "generate", "demo", "bench", "nearest", "export", "plot"}) {
            assertTrue(top.out().contains(sub), top.out());
        }
        for (String[] args : new String[][]{{"graph", "--help"}, {"graph", "stats", "--help"}, {"graph", "snapshot", "--help"},
                {"generate", "--help"}, {"walks", "--help"}, {"train", "--help"}, {"demo", "--help"}, {"bench", "load", "--help"},
                {"bench", "walks", "--help"}, {"bench", "model", "--help"}, {"nearest", "--help"}, {"export", "--help"},
                {"plot", "--help"}}) {
            Run r = run(args);
            assertEquals(0, r.exit(), String.join(" ", args));
            assertTrue(r.out().contains("Usage:"), r.out());
        }
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run().exit());
        assertEquals(2, run("graph").exit());
        Run unknown = run("graph", "stats", "--frobnicate", "x.tsv");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("--frobnicate"), unknown.err());
        Run pairs = run("graph", "stats", "--format", "pairs", "x.tsv");
        assertEquals(2, pairs.exit());
        assertTrue(pairs.err().contains("--format pairs needs --src-type and --dst-type"), pairs.err());
        Run edges = run("generate", "--edges", "0", "-o", dir.toString());
        assertEquals(2, edges.exit());
        assertTrue(edges.err().contains("--edges must be >= 1"), edges.err());
        Run policy = run("graph", "stats", "--duplicates", "merge", "x.tsv");
        assertEquals(2, policy.exit());
        assertTrue(policy.err().contains("merge"), policy.err());
    }

    @Test
    void badInputExitsThreeNamingFileAndLine() throws IOException {
        Path missing = dir.resolve("missing.tsv");
        Run m = run("graph", "stats", missing.toString());
        assertEquals(HeteroEmbedCli.EXIT_INPUT_ERROR, m.exit());
        assertTrue(m.err().contains("missing.tsv: file not found"), m.err());

        Path bad = dir.resolve("bad.tsv");
        Files.writeString(bad, "user\tu1\titem\ti1\t1\nuser\tu2\titem\ti2\tlots\nuser\tu3\titem\ti1\t2\n");
        Run b = run("graph", "stats", bad.toString());
        assertEquals(HeteroEmbedCli.EXIT_INPUT_ERROR, b.exit());
        assertTrue(b.err().contains("bad.tsv:2: weight 'lots' is not a number"), b.err());

        Run skipped = run("graph", "stats", "--skip-bad-lines", bad.toString());
        assertEquals(0, skipped.exit(), skipped.err());
        assertTrue(skipped.out().contains("1 bad lines skipped"), skipped.out());
        assertTrue(skipped.out().contains("2 edges"), skipped.out());

        Path out = dir.resolve("never.heg");
        Run snap = run("graph", "snapshot", bad.toString(), "-o", out.toString());
        assertEquals(HeteroEmbedCli.EXIT_INPUT_ERROR, snap.exit());
        assertFalse(Files.exists(out), "no snapshot is written from bad input");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "nothing but the input file: no temporary leftovers");
        }
    }

    @Test
    void generateStatsSnapshotAndStatsOfTheSnapshot() throws IOException {
        Path gen = dir.resolve("gen");
        Run g = run("generate", "--edges", "3000", "--seed", "7", "-o", gen.toString());
        assertEquals(0, g.exit(), g.err());
        for (String f : new String[]{"edges.tsv", "labels.tsv", "heldout.tsv", "graph.yaml"}) {
            assertTrue(Files.size(gen.resolve(f)) > 0, f);
        }
        Run stats = run("graph", "stats", gen.resolve("graph.yaml").toString());
        assertEquals(0, stats.exit(), stats.err());
        assertTrue(stats.out().contains("user-article"), stats.out());
        assertTrue(stats.out().contains("(8 classes)"), stats.out());

        Path snap = dir.resolve("g.heg");
        Run s = run("graph", "snapshot", gen.resolve("graph.yaml").toString(), "-o", snap.toString());
        assertEquals(0, s.exit(), s.err());
        Run fromSnap = run("graph", "stats", snap.toString());
        assertEquals(0, fromSnap.exit(), fromSnap.err());
        assertTrue(fromSnap.out().contains("mapped snapshot"), fromSnap.out());
        // Same statistics from text and from the snapshot (all but the first, load-time, line).
        assertEquals(stats.out().substring(stats.out().indexOf('\n')), fromSnap.out().substring(fromSnap.out().indexOf('\n')));

        Run plain = run("graph", "stats", "--header", gen.resolve("edges.tsv").toString());
        assertEquals(0, plain.exit(), plain.err());
    }

    @Test
    void walksCommandWritesACorpusAndRejectsBadMetapaths() throws IOException {
        Path gen = dir.resolve("gen");
        assertEquals(0, run("generate", "--edges", "2000", "-o", gen.toString()).exit());
        Path corpus = dir.resolve("walks.txt");
        Run w = run("walks", gen.resolve("graph.yaml").toString(), "-o", corpus.toString(),
                "--metapath", "user-article-topic-article-user", "--walks-per-node", "2", "--walk-length", "9");
        assertEquals(0, w.exit(), w.err());
        assertTrue(w.out().contains("wrote"), w.out());
        var lines = Files.readAllLines(corpus);
        assertTrue(lines.size() > 100);
        String[] first = lines.get(0).split(" ");
        assertTrue(first[0].startsWith("user:") && first[1].startsWith("article:") && first[2].startsWith("topic:"), lines.get(0));

        Run bad = run("walks", gen.resolve("graph.yaml").toString(), "-o", dir.resolve("x.txt").toString(),
                "--metapath", "user-topic-user");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("no relation lets a walk go from 'user' to 'topic'"), bad.err());
        Run badP = run("walks", gen.resolve("graph.yaml").toString(), "-o", dir.resolve("x.txt").toString(),
                "--kind", "node2vec", "--p", "0");
        assertEquals(2, badP.exit());
        assertTrue(badP.err().contains("p must be > 0, got 0"), badP.err());
        assertFalse(Files.exists(dir.resolve("x.txt")));
    }

    @Test
    void trainWritesAModelRefusesToOverwriteAndResumes() throws IOException {
        Path gen = dir.resolve("gen");
        assertEquals(0, run("generate", "--edges", "3000", "-o", gen.toString()).exit());
        Path model = dir.resolve("model.zip");
        String[] args = {"train", gen.resolve("graph.yaml").toString(), "-o", model.toString(), "--metapath",
                "user-article-topic-article-user", "--walks-per-node", "3", "--walk-length", "10", "--dimension", "16", "--epochs", "2"};
        Run t = run(args);
        assertEquals(0, t.exit(), t.err());
        assertTrue(t.out().contains("trained " + model), t.out());
        var e = org.heteroembed.inference.HeteroEmbeddings.load(model);
        assertEquals(16, e.dimension());

        Run again = run(args);
        assertEquals(2, again.exit());
        assertTrue(again.err().contains("exists: --resume continues its training, --overwrite replaces it"), again.err());

        String[] resume = java.util.Arrays.copyOf(args, args.length + 1);
        resume[args.length] = "--resume";
        Run resumed = run(resume);
        assertEquals(0, resumed.exit(), resumed.err());
        assertTrue(resumed.out().contains("its 2 epoch(s) are already done"), "a finished run has nothing left: " + resumed.out());

        String[] other = java.util.Arrays.copyOf(resume, resume.length);
        other[java.util.Arrays.asList(other).indexOf("--dimension") + 1] = "24";
        Run mismatch = run(other);
        assertEquals(2, mismatch.exit());
        assertTrue(mismatch.err().contains("was trained with another job; resume with the same settings: "
                + "model.dimension: 16 in the checkpoint, 24 now"), mismatch.err());

        Path notAModel = dir.resolve("notes.zip");
        Files.writeString(notAModel, "not a model");
        Run bad = run("train", "-o", notAModel.toString(), "--resume", "--demo-edges", "1000", "--dimension", "4",
                "--walks-per-node", "1", "--walk-length", "4");
        assertEquals(HeteroEmbedCli.EXIT_INPUT_ERROR, bad.exit());
        assertTrue(bad.err().contains("notes.zip is not a DL4J ComputationGraph model file"), bad.err());
        assertEquals("not a model", Files.readString(notAModel), "the file is left as it was");

        Run noInputDemo = run("train", "-o", dir.resolve("demo.zip").toString(), "--demo-edges", "2000", "--dimension", "8",
                "--walks-per-node", "2", "--walk-length", "8");
        assertEquals(0, noInputDemo.exit(), noInputDemo.err());
        assertTrue(noInputDemo.out().contains("no INPUT: training on a generated demo graph"), noInputDemo.out());
    }

    @Test
    void demoRunsEndToEnd() throws IOException {
        Path out = dir.resolve("demo");
        Run d = run("demo", "--edges", "5000", "-o", out.toString());
        assertEquals(0, d.exit(), d.err());
        assertTrue(d.out().contains("== 3. snapshot"), d.out());
        assertTrue(Files.exists(out.resolve("graph.heg")));
        // the loss curve beside the model, as train writes it, and its plot with the evaluation's
        Path loss = org.heteroembed.job.JobRunner.lossFile(out.resolve("model.zip"));
        assertTrue(d.out().contains("loss curve " + loss + ": "), d.out());
        assertTrue(org.heteroembed.job.LossCurve.read(loss).points().size() > 1);
        assertTrue(Files.size(out.resolve("plots").resolve("loss.png")) > 1000);
        assertTrue(Files.size(out.resolve("plots").resolve("projection-user.png")) > 1000);
    }
}
