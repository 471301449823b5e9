package org.heteroembed.cli;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.inference.HeteroModelFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.heteroembed.cli.HeteroEmbedCliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code nearest --approximate} on a small trained model: the HNSW index is built, saved beside the model (or inside a
 * model directory), read by the next run, rebuilt when the model is rewritten; its lists agree with exact search.
 */
class NearestCommandApproximateTest {
    @TempDir
    static Path dir;
    static Path model;

    private static final Pattern ROW = Pattern.compile("(?m)^\\s*\\d+\\s+(\\S+)\\s+(\\S+)\\s+(-?\\d+\\.\\d{4})\\s*$");

    @BeforeAll
    static void trainAModel() {
        Path gen = dir.resolve("gen");
        assertEquals(0, run("generate", "--edges", "2000", "-o", gen.toString()).exit());
        model = dir.resolve("model.zip");
        HeteroEmbedCliTest.Run t = run("train", gen.resolve("graph.yaml").toString(), "-o", model.toString(),
                "--walks-per-node", "2", "--walk-length", "10", "--dimension", "8", "--epochs", "1");
        assertEquals(0, t.exit(), t.err());
    }

    /** The ids of a nearest table, in order. */
    private static List<String> ids(String out) {
        List<String> ids = new ArrayList<>();
        Matcher m = ROW.matcher(out);
        while (m.find()) {
            ids.add(m.group(2));
        }
        return ids;
    }

    private static double overlap(List<String> exact, List<String> approximate) {
        return approximate.stream().filter(exact::contains).count() / (double) exact.size();
    }

    @Test
    void buildsSavesReusesAndRebuildsTheIndex() throws IOException {
        String[] query = {"nearest", model.toString(), "--type", "user", "--id", "u0", "-k", "10"};
        HeteroEmbedCliTest.Run exact = run(query);
        HeteroEmbedCliTest.Run first = run(append(query, "--approximate"));
        assertEquals(0, first.exit(), first.err());
        assertTrue(first.out().startsWith("10 nearest user nodes to user u0 by cosine similarity (approximate, HNSW ef=100):"),
                first.out());
        assertTrue(first.err().contains("building the HNSW index of user by cosine (") && first.err().contains("no index file yet"),
                first.err());
        Path index = dir.resolve("model.zip.hnsw-user.idx");
        assertTrue(first.err().contains("saved to " + index), first.err());
        assertTrue(Files.size(index) > 0);
        List<String> approximate = ids(first.out());
        assertEquals(10, approximate.size(), first.out());
        assertFalse(approximate.contains("u0"), "the query is left out");
        assertTrue(overlap(ids(exact.out()), approximate) >= 0.9, exact.out() + first.out());

        HeteroEmbedCliTest.Run second = run(append(query, "--approximate"));
        assertTrue(second.err().contains("read the HNSW index of user by cosine from " + index), second.err());
        assertFalse(second.err().contains("building"), second.err());
        assertEquals(first.out(), second.out(), "the saved index answers as the built one did");

        // the dot product: its own index, the raw dot products as similarities
        HeteroEmbedCliTest.Run dot = run("nearest", model.toString(), "--type", "user", "--id", "u1", "-k", "5",
                "--target-type", "article", "--similarity", "dot", "--approximate", "--hnsw-ef", "50");
        assertEquals(0, dot.exit(), dot.err());
        assertTrue(dot.out().startsWith("5 nearest article nodes to user u1 by dot similarity (approximate, HNSW ef=50):"), dot.out());
        assertTrue(Files.isRegularFile(dir.resolve("model.zip.hnsw-article.dot.idx")));
        HeteroEmbedCliTest.Run exactDot = run("nearest", model.toString(), "--type", "user", "--id", "u1", "-k", "5",
                "--target-type", "article", "--similarity", "dot");
        assertTrue(overlap(ids(exactDot.out()), ids(dot.out())) >= 0.8, exactDot.out() + dot.out());

        // other graph settings rebuild the index; the model rewritten (other vectors) makes it stale
        HeteroEmbedCliTest.Run otherM = run(append(query, "--approximate", "--hnsw-m", "8", "--hnsw-ef-construction", "50"));
        assertTrue(otherM.err().contains("parameters differ: built with M=16, efConstruction=200; asked for M=8, efConstruction=50"),
                otherM.err());
        ComputationGraph net = HeteroModelFile.network(model);
        net.params().addi(Nd4j.randn(net.params().dataType(), net.params().shape()));
        HeteroModelFile.save(net, HeteroModelFile.ids(model), model);
        HeteroEmbedCliTest.Run stale = run(append(query, "--approximate", "--hnsw-m", "8", "--hnsw-ef-construction", "50"));
        assertEquals(0, stale.exit(), stale.err());
        assertTrue(stale.err().contains("stale: the model's user vectors changed since it was built"), stale.err());
        assertTrue(overlap(ids(run(query).out()), ids(stale.out())) >= 0.9, "answers from the new vectors");
    }

    @Test
    void theIndexOfAModelDirectoryLivesInsideIt() throws IOException {
        Path partitioned = dir.resolve("model-dir");
        HeteroEmbedCliTest.Run c = run("convert", model.toString(), "-o", partitioned.toString(), "--partitions", "2");
        assertEquals(0, c.exit(), c.err());
        HeteroEmbedCliTest.Run r = run("nearest", partitioned.toString(), "--type", "article", "--id", "a3", "-k", "5",
                "--approximate");
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.size(partitioned.resolve("hnsw-article.idx")) > 0, r.err());
        HeteroEmbedCliTest.Run exact = run("nearest", partitioned.toString(), "--type", "article", "--id", "a3", "-k", "5");
        assertTrue(overlap(ids(exact.out()), ids(r.out())) >= 0.8, exact.out() + r.out());
        // the directory still opens as a model (the manifest names its files; the index is one more)
        assertEquals(0, run("info", partitioned.toString()).exit());
    }

    @Test
    void hnswFlagsNeedApproximateAndSayTheirRange() {
        HeteroEmbedCliTest.Run help = run("nearest", "--help");
        for (String flag : new String[]{"--approximate", "--hnsw-m", "--hnsw-ef-construction", "--hnsw-ef"}) {
            assertTrue(help.out().contains(flag), help.out());
        }
        assertTrue(help.out().contains("Default: 16") && help.out().contains("Default: 200") && help.out().contains("Default: 100"),
                help.out());
        HeteroEmbedCliTest.Run without = run("nearest", model.toString(), "--type", "user", "--id", "u0", "--hnsw-ef", "20");
        assertEquals(2, without.exit());
        assertTrue(without.err().contains("--hnsw-ef needs --approximate"), without.err());
        HeteroEmbedCliTest.Run range = run("nearest", model.toString(), "--type", "user", "--id", "u0", "--approximate",
                "--hnsw-m", "1");
        assertEquals(2, range.exit());
        assertTrue(range.err().contains("--hnsw-m must be in [2, 256], got 1"), range.err());
    }

    private static String[] append(String[] args, String... more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }
}
