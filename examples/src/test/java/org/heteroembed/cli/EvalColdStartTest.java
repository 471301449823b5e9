package org.heteroembed.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.heteroembed.cli.HeteroEmbedCliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cold-start protocol from the command line: train with whole users held out, evaluate them on the full graph,
 * against random vectors and a model trained with them.
 */
class EvalColdStartTest {
    @TempDir
    Path dir;

    @Test
    void coldStartUsersAreScoredAgainstRandomAndRetrainedVectors() throws Exception {
        Path graph = dir.resolve("g");
        assertEquals(0, run("generate", "--edges", "20000", "-o", graph.toString()).exit());
        String spec = graph.resolve("graph.yaml").toString();
        String[] job = {"--metapath", "user-article-topic-article-user", "--walks-per-node", "4", "--walk-length", "20",
                "--dimension", "16", "--epochs", "2"};
        Path cold = dir.resolve("cold.zip"), full = dir.resolve("full.zip");
        HeteroEmbedCliTest.Run train = run(args(job, "train", spec, "-o", cold.toString(), "--hold-out-nodes", "user=0.1"));
        assertEquals(0, train.exit(), train.err());
        assertTrue(train.out().contains("held out") || train.err().contains("held out"), train.out() + train.err());
        assertEquals(0, run(args(job, "train", spec, "-o", full.toString())).exit());
        Path json = dir.resolve("cold.json");
        HeteroEmbedCliTest.Run eval = run("eval", cold.toString(), "--graph", spec, "--cold-start", "--compare",
                full.toString(), "--type", "user", "--json", json.toString());
        assertEquals(0, eval.exit(), eval.err());
        assertTrue(eval.out().contains("Cold-start 'user' nodes"), eval.out());
        for (String way : new String[]{"fold-in", "mean", "random", "retrained"}) {
            assertTrue(eval.out().contains("  " + way + " "), way + " in\n" + eval.out());
        }
        String text = Files.readString(json);
        assertTrue(text.contains("\"coldStart\"") && text.contains("\"vectors\" : \"fold-in\""), text);
        // Fold-in far above random vectors (8 communities): micro-F1 from the JSON.
        var root = new org.nd4j.shade.jackson.databind.ObjectMapper().readTree(text);
        var methods = root.get(0).get("coldStart").get("methods");
        double foldIn = methods.get(0).get("microF1").asDouble(), random = methods.get(2).get("microF1").asDouble();
        double foldInAuc = methods.get(0).get("links").get("auc").asDouble(), randomAuc = methods.get(2).get("links").get("auc").asDouble();
        System.out.printf("cold-start users from the CLI: micro-F1 fold-in %.3f vs random %.3f; link AUC %.3f vs %.3f%n",
                foldIn, random, foldInAuc, randomAuc);
        assertTrue(foldIn > 0.6 && random < 0.35, foldIn + " vs " + random);
        assertTrue(foldInAuc > 0.7 && Math.abs(randomAuc - 0.5) < 0.1, foldInAuc + " vs " + randomAuc);

        HeteroEmbedCliTest.Run nothingCold = run("eval", full.toString(), "--graph", spec, "--cold-start", "--type", "user");
        assertEquals(2, nothingCold.exit());
        assertTrue(nothingCold.err().contains("--hold-out-nodes user=FRACTION"), nothingCold.err());
        HeteroEmbedCliTest.Run compareAlone = run("eval", cold.toString(), "--graph", spec, "--compare", full.toString(),
                "--type", "user");
        assertEquals(2, compareAlone.exit());
        assertTrue(compareAlone.err().contains("--compare applies to --cold-start"), compareAlone.err());
        HeteroEmbedCliTest.Run bad = run(args(job, "train", spec, "-o", dir.resolve("bad.zip").toString(),
                "--hold-out-nodes", "user=2"));
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("--hold-out-nodes must be TYPE=FRACTION"), bad.err());
    }

    private static String[] args(String[] job, String... first) {
        String[] all = java.util.Arrays.copyOf(first, first.length + job.length);
        System.arraycopy(job, 0, all, first.length, job.length);
        return all;
    }
}
