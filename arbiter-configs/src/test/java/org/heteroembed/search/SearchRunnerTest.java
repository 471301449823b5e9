package org.heteroembed.search;

import org.heteroembed.config.SettingsJson;
import org.heteroembed.eval.LinkPrediction;
import org.heteroembed.eval.NodeClassification;
import org.heteroembed.eval.Similarity;
import org.heteroembed.graph.HeldOutLinks;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
import org.heteroembed.graph.generate.PlantedGraphWriter;
import org.heteroembed.graph.io.GraphInput;
import org.heteroembed.graph.io.GraphLoader;
import org.heteroembed.inference.HeteroEmbeddings;
import org.heteroembed.inference.HeteroModelFile;
import org.heteroembed.job.EmbeddingJob;
import org.heteroembed.job.JobRunner;
import org.heteroembed.job.TrainedModel;
import org.heteroembed.job.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Small searches end to end: config file in, results table, best model and summary out. */
class SearchRunnerTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void randomSearchFindsAnEmbeddingFarAboveChance() throws Exception {
        Path config = write("random.yaml", """
                job:
                  graph: {demoEdges: 8000}
                  walks: {walkLength: 30}
                  training: {threads: 1}
                search:
                  generator: random
                  maxCandidates: 4
                  seed: 3
                  threads: 2
                score:
                  function: link-auc
                  similarity: cosine
                  negatives: 10
                space:
                  model.dimension: [16, 32]
                  skipGram.window: {min: 2, max: 5}
                  training.learningRate: {min: 0.01, max: 0.05, scale: log}
                  walks.walksPerNode: [4, 8]
                  walks.kind: [uniform, metapath]
                  walks.metapaths: [user-article-user, user-article-topic-article-user]
                """);
        AtomicInteger calls = new AtomicInteger();
        List<Integer> finished = new ArrayList<>();
        long t0 = System.nanoTime();
        SearchResult r = SearchRunner.run(config, dir.resolve("out"), (result, done, planned, best) -> {
            calls.incrementAndGet();
            finished.add(done);
            assertEquals(4, planned);
        });
        System.out.printf("random search: %.1f s%n%s", (System.nanoTime() - t0) / 1e9, r.summary());

        assertEquals(4, r.candidates().size());
        assertEquals(4, calls.get());
        assertEquals(List.of(1, 2, 3, 4), finished);
        assertEquals(4, r.count(CandidateResult.Status.COMPLETED), r.summary());
        assertEquals("auc", r.metric());
        assertNotNull(r.best());
        // Planted communities cap the AUC near 0.8 (15% of clicks leave the community); chance is 0.5.
        assertTrue(r.best().score() > 0.65, "best AUC far above chance 0.5: " + r.best().score());
        for (CandidateResult c : r.candidates()) {
            assertTrue(c.metrics().containsKey("mrr"));
            assertTrue(c.pairs() > 0);
        }

        // The table: a header and one row per candidate, in candidate order.
        List<String> lines = Files.readAllLines(r.resultsCsv());
        assertEquals(5, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).startsWith("candidate,status,score,auc,mrr,pairs,trainSeconds,scoreSeconds,model.dimension,skipGram.window,"), lines.get(0));
        for (int i = 0; i < 4; i++) {
            assertTrue(lines.get(i + 1).startsWith(i + ",completed,"), lines.get(i + 1));
        }
        // The best model: a HeteroModelFile with the job the runner ran (the candidate, its automatic choices made).
        assertEquals(dir.resolve("out").resolve(SearchRunner.BEST_MODEL), r.bestModel());
        assertEquals(r.best().job().resolved(false), EmbeddingJob.fromJson(HeteroModelFile.job(r.bestModel())));
        HeteroEmbeddings e = HeteroEmbeddings.load(r.bestModel());
        assertEquals(r.best().job().model().dimension(), e.dimension());
        JsonNode summary = SettingsJson.parse(Files.readString(r.summaryFile()), false, "summary.json");
        assertEquals(r.best().index(), summary.at("/best/candidate").asInt());
        assertEquals(r.best().job().model().dimension(), summary.at("/best/values/model.dimension").asInt());
        assertEquals(r.best().job(), EmbeddingJob.fromTree(summary.at("/best/job")));
        assertTrue(Files.isRegularFile(dir.resolve("out").resolve(SearchRunner.SPACE)));
        assertEquals(SearchConfig.fromFile(config).space(),
                EmbeddingJobSpace.fromJson(Files.readString(dir.resolve("out").resolve(SearchRunner.SPACE))));
    }

    @Test
    void gridSearchVisitsExactlyTheGrid() throws Exception {
        Path config = write("grid.yaml", """
                job:
                  graph: {demoEdges: 3000}
                  walks: {walksPerNode: 2, walkLength: 10}
                  training: {threads: 1}
                search:
                  generator: grid
                  discretization: 3
                  threads: 2
                score:
                  function: link-auc
                  maxEdges: 300
                space:
                  model.dimension: [8, 16]
                  skipGram.window: {min: 1, max: 3}
                  training.learningRate: {min: 0.01, max: 0.03}
                output: unused
                """);
        SearchResult r = SearchRunner.run(config, dir.resolve("grid"), null);
        // 2 sizes x 3 windows x 3 learning rates
        assertEquals(18, r.candidates().size());
        Set<List<Object>> seen = new HashSet<>();
        for (CandidateResult c : r.candidates()) {
            assertEquals(CandidateResult.Status.COMPLETED, c.status(), String.valueOf(c));
            seen.add(List.of(c.job().model().dimension(), c.job().skipGram().window(),
                    Math.round(c.job().training().learningRate() * 1e6)));
        }
        Set<List<Object>> grid = new HashSet<>();
        for (int size : new int[]{8, 16}) {
            for (int window = 1; window <= 3; window++) {
                for (long lr : new long[]{10_000, 20_000, 30_000}) {
                    grid.add(List.of(size, window, lr));
                }
            }
        }
        assertEquals(grid, seen);
        assertEquals(19, Files.readAllLines(r.resultsCsv()).size());
    }

    @Test
    void equalJobsOfAGridAreTrainedOnce() throws Exception {
        // p only matters to node2vec: the uniform candidates of p = 0.5 and p = 2 are the same job.
        Path config = write("dup.yaml", """
                job:
                  graph: {demoEdges: 2000}
                  model: {dimension: 8}
                  walks: {walksPerNode: 2, walkLength: 10}
                  training: {threads: 1}
                search: {generator: grid, threads: 1}
                score: {function: node-f1, nodeType: user, folds: 2, maxNodes: 200}
                space:
                  walks.kind: [uniform, node2vec]
                  walks.p: [0.5, 2.0]
                """);
        SearchResult r = SearchRunner.run(config, dir.resolve("dup"), null);
        assertEquals(4, r.candidates().size());
        assertEquals(3, r.count(CandidateResult.Status.COMPLETED));
        assertEquals(1, r.count(CandidateResult.Status.DUPLICATE));
        CandidateResult dup = r.candidates().stream().filter(c -> c.status() == CandidateResult.Status.DUPLICATE).findFirst().orElseThrow();
        CandidateResult original = r.candidates().get(dup.duplicateOf());
        assertEquals(original.job(), dup.job());
        assertEquals(original.score(), dup.score());
        assertEquals("macroF1", r.metric());

        // The best score is what eval reports for the saved model: folds 2 = two stratified splits at ratio 1/2,
        // on the same 200 nodes (score.seed defaults to 1).
        HeteroGraph graph = GraphInput.builder().demoEdges(2000).build().demo().graph();
        NodeClassification.RatioScores eval = NodeClassification.prepare(graph, "user", 200, 1)
                .evaluate(HeteroEmbeddings.load(r.bestModel()), List.of(0.5), 2, true, 1).ratios().get(0);
        assertEquals(eval.macroF1Mean(), r.best().score(), 0.0);
        assertEquals(eval.microF1Mean(), r.best().metrics().get("microF1"), 0.0);
    }

    @Test
    void overBudgetCandidatesAreStoppedAndScoredOrFailed() throws Exception {
        String common = """
                job:
                  graph: {demoEdges: 8000}
                  model: {dimension: 8}
                  walks: {walksPerNode: 10, walkLength: 40}
                  training: {engine: %s, threads: 1, maxSeconds: 0.001}
                score: {function: link-mrr, negatives: 5, maxEdges: 200}
                """;
        // A budget of a millisecond of training: the runner stops the engine at once (after counting the walks).
        SearchResult scored = SearchRunner.run(write("s.yaml", common.formatted("fast") + """
                search: {generator: random, maxCandidates: 1, threads: 1, onBudget: score}
                """), dir.resolve("s"), null);
        CandidateResult s = scored.candidates().get(0);
        assertEquals(CandidateResult.Status.STOPPED, s.status(), String.valueOf(s));
        assertNotNull(s.score());
        assertTrue(s.error().contains("over the time budget of training.maxSeconds = 0.001 s"), s.error());

        SearchResult failed = SearchRunner.run(write("f.yaml", common.formatted("fit") + """
                search: {generator: random, maxCandidates: 1, threads: 1, onBudget: fail}
                """), dir.resolve("f"), null);
        CandidateResult f = failed.candidates().get(0);
        assertEquals(CandidateResult.Status.FAILED, f.status(), String.valueOf(f));
        assertEquals(null, f.score());
        assertEquals(null, failed.best());
        assertEquals(null, failed.bestModel());
        assertTrue(Files.readAllLines(failed.resultsCsv()).get(1).startsWith("0,failed,,"));
    }

    @Test
    void fitEngineSearch() throws Exception {
        Path config = write("fit.yaml", """
                job:
                  graph: {demoEdges: 3000}
                  walks: {metapaths: [user-article-topic-article-user], walksPerNode: 4, walkLength: 20}
                  skipGram: {window: 2}
                  model: {dimension: 16}
                  training: {engine: fit, batchSize: 256, updater: adagrad, threads: 1}
                search: {generator: grid, threads: 2}
                score: {function: link-auc, maxEdges: 300}
                space:
                  training.learningRate: [0.1, 0.3]
                """);
        SearchResult r = SearchRunner.run(config, dir.resolve("fit"), null);
        assertEquals(2, r.count(CandidateResult.Status.COMPLETED), r.summary());
        // DL4J's AdaGrad on the DataVec batches; one epoch of this small corpus reaches about 0.8 (chance 0.5).
        assertTrue(r.best().score() > 0.7, r.summary());
        assertEquals(TrainingConfig.Engine.FIT, EmbeddingJob.fromJson(HeteroModelFile.job(r.bestModel())).training().engine());
    }

    @Test
    void graphFromFilesWithHeldOutEdges() throws Exception {
        // The planted generator's files: a graph spec with labels, and heldout.tsv.
        PlantedGraphWriter.write(PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(3000, 8)), dir.resolve("data"));
        Path config = write("files.yaml", """
                job:
                  graph: {input: data/graph.yaml}
                  walks: {walksPerNode: 10, walkLength: 40}
                  model: {dimension: 16}
                  training: {epochs: 2, threads: 1}
                search: {generator: random, maxCandidates: 1, threads: 1}
                score: {function: link-auc, heldOut: data/heldout.tsv, similarity: cosine, negatives: 10, maxEdges: 200, seed: 1}
                """);
        SearchResult r = SearchRunner.run(config, dir.resolve("files-out"), null);
        assertEquals(1, r.count(CandidateResult.Status.COMPLETED), r.summary());
        assertTrue(r.best().score() > 0.6, r.summary());

        // The search's score is what eval reports for the saved model with the same held-out file, similarity,
        // negatives, edge sample and seed.
        HeteroGraph graph = new GraphLoader().load(dir.resolve("data/graph.yaml"), null);
        HeteroEmbeddings best = HeteroEmbeddings.load(r.bestModel());
        LinkPrediction.Result eval = LinkPrediction.prepare(graph, HeldOutLinks.read(dir.resolve("data/heldout.tsv"), graph),
                10, 200, 1).evaluate(best, Similarity.COSINE);
        assertEquals(eval.overall().auc(), r.best().score(), 0.0);
        assertEquals(eval.overall().mrr(), r.best().metrics().get("mrr"), 0.0);

        // The search trained the candidate through the job runner: the saved job, run again (one thread, same seed),
        // gives the same vectors.
        TrainedModel again = JobRunner.builder(EmbeddingJob.fromJson(HeteroModelFile.job(r.bestModel()))).build().run();
        for (String id : List.of("u0", "u17", "a3")) {
            String type = id.startsWith("u") ? "user" : "article";
            assertArrayEquals(best.vector(type, id), again.embeddings().vector(type, id), id);
        }
    }
}
