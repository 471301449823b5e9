package org.heteroembed.cli;

import org.heteroembed.inference.HeteroEmbeddings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code hetero-embed search}: a tiny random search end to end, and a bad config rejected before training. */
class SearchCommandTest {
    @TempDir
    Path dir;

    private static final String CONFIG = """
            graph:
              planted: {edges: 4000, seed: 7}
            search: {generator: random, maxCandidates: 2, seed: 1, threads: 1, budgetSeconds: 60}
            training: {engine: fast, threads: 1}
            score: {function: link-auc, similarity: cosine, negatives: 5, maxEdges: 300}
            space:
              embeddingSize: [8, 16]
              window: {min: 2, max: 3}
              walksPerNode: [2]
              walkLength: [10]
              walkKind: [uniform]
            """;

    @Test
    void searchWritesResultsAndTheBestModel() throws Exception {
        Path config = Files.writeString(dir.resolve("search.yaml"), CONFIG);
        Path out = dir.resolve("out");
        HeteroEmbedCliTest.Run r = HeteroEmbedCliTest.run("search", "--config", config.toString(), "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(3, csv.size(), "header and one row per candidate: " + csv);
        assertTrue(HeteroEmbeddings.load(out.resolve("best-model.zip")).numNodes("user") > 0);
        assertTrue(Files.exists(out.resolve("summary.json")));
    }

    @Test
    void badConfigFailsNamingTheEntry() throws Exception {
        Path config = Files.writeString(dir.resolve("bad.yaml"), CONFIG.replace("window: {min: 2, max: 3}", "window: {min: 5, max: 2}"));
        HeteroEmbedCliTest.Run r = HeteroEmbedCliTest.run("search", "--config", config.toString(), "-o", dir.resolve("o").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("space.window"), r.err());
        assertTrue(!Files.exists(dir.resolve("o").resolve("results.csv")), "nothing trained");
    }
}
