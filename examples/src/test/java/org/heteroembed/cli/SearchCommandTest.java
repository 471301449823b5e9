package org.heteroembed.cli;

import org.heteroembed.inference.HeteroEmbeddings;
import org.heteroembed.job.EmbeddingJob;
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
            job:
              graph: {demoEdges: 4000}
              walks: {kind: uniform, walksPerNode: 2, walkLength: 10}
              training: {engine: fast, threads: 1, maxSeconds: 60}
            search: {generator: random, maxCandidates: 2, seed: 1, threads: 1}
            score: {function: link-auc, similarity: cosine, negatives: 5, maxEdges: 300}
            space:
              model.dimension: [8, 16]
              skipGram.window: {min: 2, max: 3}
            """;

    @Test
    void searchWritesResultsAndTheBestModel() throws Exception {
        Path config = Files.writeString(dir.resolve("search.yaml"), CONFIG);
        Path out = dir.resolve("out");
        HeteroEmbedCliTest.Run r = HeteroEmbedCliTest.run("search", config.toString(), "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(3, csv.size(), "header and one row per candidate: " + csv);
        assertTrue(HeteroEmbeddings.load(out.resolve("best-model.zip")).numNodes("user") > 0);
        assertTrue(Files.exists(out.resolve("summary.json")));
        assertTrue(r.out().contains("best: candidate") && r.out().contains("model.dimension = "), r.out());
        // The best model carries the job it was trained with: info prints it back as a job file.
        HeteroEmbedCliTest.Run info = HeteroEmbedCliTest.run("info", out.resolve("best-model.zip").toString(), "--job-only");
        assertEquals(0, info.exit(), info.err());
        EmbeddingJob job = EmbeddingJob.parse(info.out(), true, "info");
        assertEquals(4000, job.graph().demoEdges());
        assertTrue(List.of(8, 16).contains(job.model().dimension()), job.toString());
        assertEquals(60.0, job.training().maxSeconds());
    }

    @Test
    void badConfigFailsNamingTheEntry() throws Exception {
        Path config = Files.writeString(dir.resolve("bad.yaml"), CONFIG.replace("window: {min: 2, max: 3}", "window: {min: 5, max: 2}"));
        HeteroEmbedCliTest.Run r = HeteroEmbedCliTest.run("search", config.toString(), "-o", dir.resolve("o").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("error: " + config + ": space.skipGram.window: min 5 > max 2"), r.err());
        assertTrue(!Files.exists(dir.resolve("o").resolve("results.csv")), "nothing trained");
    }
}
