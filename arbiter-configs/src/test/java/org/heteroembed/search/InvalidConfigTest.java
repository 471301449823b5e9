package org.heteroembed.search;

import org.deeplearning4j.arbiter.optimize.generator.GridSearchCandidateGenerator;
import org.heteroembed.job.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Invalid configs fail before any training, naming the file and the key. */
class InvalidConfigTest {
    @TempDir
    Path dir;

    private static final String JOB = "job: {graph: {demoEdges: 2000}, training: {threads: 1}}\n";
    private static final String SEARCH = "search: {generator: random, maxCandidates: 2, threads: 1}\n";
    private static final String SCORE = "score: {function: link-auc}\n";

    private Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    /** Each case: a space (YAML flow mapping), the key the error must name, and a fragment of the message. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{skipGram.window: []}                                 | space.skipGram.window            | empty list",
            "{skipGram.window: {min: 5, max: 2}}                   | space.skipGram.window            | min 5 > max 2",
            "{training.learningRate: {min: 0.1, max: 0.01}}        | space.training.learningRate      | min 0.1 > max 0.01",
            "{skipGram.windw: 3}                                   | space.skipGram.windw             | did you mean skipGram.window",
            "{windw: 3}                                            | space.windw                      | give section.name",
            "{skipgram.window: 3}                                  | space.skipgram.window            | not a section of a job",
            "{skipGram.window: 2.5}                                | space.skipGram.window            | must be an integer, got 2.5",
            "{skipGram.window: {min: 2}}                           | space.skipGram.window            | needs both min and max",
            "{skipGram.window: {min: 2, max: 4, step: 1}}          | space.skipGram.window.step       | not part of a range",
            "{skipGram.window: {min: 2.5, max: 4}}                 | space.skipGram.window.min        | must be an integer",
            "{skipGram.window: [2, 3, 2]}                          | space.skipGram.window            | lists the value 2 twice",
            "{skipGram.window: null}                               | space.skipGram.window            | has no value",
            "{walks.walkLength: 1}                                 | space.walks.walkLength           | must be >= 2, got 1",
            "{walks.walkLength: {min: 1, max: 10}}                 | space.walks.walkLength.min       | must be >= 2, got 1",
            "{walks.walkLength: [10, 1]}                           | space.walks.walkLength[1]        | must be >= 2, got 1",
            "{training.learningRate: 0}                            | space.training.learningRate      | must be > 0",
            "{training.learningRate: {min: 0, max: 0.1, scale: log}} | space.training.learningRate.min | needs min > 0",
            "{walks.p: {min: 0.5, max: 2, scale: cubic}, walks.kind: node2vec} | space.walks.p.scale | must be linear or log",
            "{model.dimension: {min: 8, max: 64, scale: log}}      | space.model.dimension.scale      | log scale is for real-valued",
            "{walks.kind: [uniform, deepwalk]}                     | space.walks.kind[1]              | one of uniform, metapath, node2vec",
            "{walks.kind: [uniform, metapath]}                     | space.walks.kind[1]              | walks.metapaths must name at least one metapath",
            "{walks.kind: uniform, walks.metapaths: user-article-user} | space.walks.metapaths        | no candidate walks metapath",
            "{walks.p: 2}                                          | space.walks.p                    | no candidate walks node2vec",
            "{walks.metapaths: [user-article-user, user]}          | space.walks.metapaths[1]         | needs at least two node types",
            "{skipGram.typeAwareNegatives: maybe}                  | space.skipGram.typeAwareNegatives | must be true or false",
            "{training.engine: fast, training.updater: [sgd, adam]} | space.training.updater[1]       | must be sgd for the fast engine",
            "{training.engine: [fit, sparse], training.updater: [adagrad, adam]} | space          | training.updater must be sgd or adagrad for the sparse engine",
            "{spark.mode: fast}                                    | space.spark.mode                 | not searchable",
    })
    void invalidSpaceEntries(String space, String key, String fragment) throws Exception {
        Path f = write("bad.yaml", JOB + SEARCH + SCORE + "space: " + space + "\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SearchConfig.fromFile(f));
        assertTrue(e.getMessage().startsWith(f + ": " + key + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "search: {generator: random, threads: 1}                        | search.maxCandidates | required for a random search",
            "search: {generator: genetic, maxCandidates: 2}                 | search.generator     | must be one of random, grid",
            "search: {generator: random, maxCandidates: 0}                  | search.maxCandidates | must be >= 1, got 0",
            "search: {generator: random, maxCandidates: 2, discretization: 3} | search.discretization | only for a grid search",
            "search: {generator: grid, order: random, discretization: 1}    | search.discretization | must be >= 2, got 1",
            "search: {generator: random, maxCandidates: 2, order: random}   | search.order         | only for a grid search",
            "search: {generator: random, maxCandidates: 2, maxSeconds: -1}  | search.maxSeconds    | must be >= 0",
            "search: {generator: random, maxCandidates: 2, onBudget: retry} | search.onBudget      | must be one of score, fail",
            "search: {generator: random, maxCandidates: 2, thread: 2}       | search.thread        | did you mean search.threads",
            "search: {generator: random, maxCandidates: 2, budgetSeconds: 9} | search.budgetSeconds | not a setting",
    })
    void invalidSearchEntries(String search, String key, String fragment) throws Exception {
        Path f = write("bad-search.yaml", JOB + search + "\n" + SCORE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SearchConfig.fromFile(f));
        assertTrue(e.getMessage().startsWith(f + ": " + key + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void otherSections() throws Exception {
        expect(JOB + SEARCH + "score: {function: accuracy}\n", "score.function", "must be one of link-auc, link-mrr, node-f1");
        expect(JOB + SEARCH + "score: {function: link-auc, folds: 3}\n", "score.folds", "does not apply to link-auc");
        expect(JOB + SEARCH + "score: {function: node-f1, negatives: 3}\n", "score.negatives", "does not apply to node-f1");
        expect(JOB + SEARCH + "score: {function: node-f1, heldOut: h.tsv}\n", "score.heldOut", "does not apply to node-f1");
        expect(JOB + SEARCH + "score: {heldOut: missing.tsv}\n", "score.heldOut", "missing.tsv not found");
        expect(JOB + SEARCH + "score: {function: node-f1, folds: 1}\n", "score.folds", "must be >= 2, got 1");
        expect("job: {graph: {demoEdges: 0}}\n" + SEARCH + SCORE, "job.graph.demoEdges", "must be >= 1, got 0");
        expect("job: {graph: {input: missing.yaml}}\n" + SEARCH + SCORE, "job.graph.input", "missing.yaml not found");
        expect("job: {graph: {holdout: 0.1}}\n" + SEARCH + SCORE, "job.graph.holdout", "must be 0 in a search");
        expect("job: {trainig: {threads: 1}}\n" + SEARCH + SCORE, "job.trainig", "not a section of a job");
        expect("job: {training: {engine: turbo}}\n" + SEARCH + SCORE, "job.training.engine", "one of fast, sparse, fit");
        expect("job: {training: {engine: fast, updater: adam}}\n" + SEARCH + SCORE, "job.training.updater", "must be sgd for the fast engine");
        expect("job: {spark: {mode: fast}}\n" + SEARCH + SCORE, "job.spark", "each candidate trains in one process");
        expect(JOB + SEARCH + SCORE + "spaces: {}\n", "spaces", "not a section of a search config");
        expect("[1, 2]\n", "(top level)", "must map the sections");
    }

    private void expect(String yaml, String key, String fragment) throws Exception {
        Path f = write("c.yaml", yaml);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SearchConfig.fromFile(f));
        assertTrue(e.getMessage().startsWith(f + ": " + key + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void jsonConfigsAreCheckedTheSameWay() throws Exception {
        Path f = write("bad.json", """
                {"job": {"graph": {"demoEdges": 2000}}, "search": {"generator": "grid"},
                 "score": {"function": "link-auc"}, "space": {"skipGram.window": {"min": 4, "max": 3}}}
                """);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SearchConfig.fromFile(f));
        assertEquals(f + ": space.skipGram.window: min 4 > max 3", e.getMessage());
        Path broken = write("broken.json", "{\"job\": ");
        e = assertThrows(IllegalArgumentException.class, () -> SearchConfig.fromFile(broken));
        assertTrue(e.getMessage().startsWith(broken + ": not valid JSON (line 1"), e.getMessage());
        Path none = dir.resolve("none.yaml");
        e = assertThrows(IllegalArgumentException.class, () -> SearchConfig.fromFile(none));
        assertEquals(none + ": file not found", e.getMessage());
    }

    /** Errors that need the graph are found after loading it, still before the first candidate trains. */
    @Test
    void impossibleMetapathsAndNodeTypesFailBeforeTraining() throws Exception {
        Path out = dir.resolve("out");
        Path f = write("paths.yaml", JOB + SEARCH + SCORE + "space: {walks.metapaths: [user-article-user, user-topic-user]}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SearchRunner.run(f, out, null));
        assertTrue(e.getMessage().startsWith(f + ": space.walks.metapaths[1]: metapath 'user-topic-user': no relation"), e.getMessage());
        assertFalse(Files.exists(out), "nothing written, nothing trained");

        Path g = write("types.yaml", JOB + SEARCH + SCORE + "space: {walks.kind: [uniform, metapath], walks.metapaths: user-venue-user}\n");
        e = assertThrows(IllegalArgumentException.class, () -> SearchRunner.run(g, out, null));
        assertTrue(e.getMessage().startsWith(g + ": space.walks.metapaths: metapath 'user-venue-user': unknown node type 'venue'"), e.getMessage());

        Path j = write("job-paths.yaml", "job: {graph: {demoEdges: 2000}, walks: {metapaths: [user-topic-user]}}\n" + SEARCH + SCORE);
        e = assertThrows(IllegalArgumentException.class, () -> SearchRunner.run(j, out, null));
        assertTrue(e.getMessage().startsWith(j + ": job.walks.metapaths: metapath 'user-topic-user': no relation"), e.getMessage());

        Path h = write("f1.yaml", JOB + SEARCH + "score: {function: node-f1, nodeType: venue}\n");
        e = assertThrows(IllegalArgumentException.class, () -> SearchRunner.run(h, out, null));
        assertTrue(e.getMessage().startsWith(h + ": score.nodeType: 'venue' is not a node type"), e.getMessage());
        assertFalse(Files.exists(out));
    }

    /** The ready-made configs of the module parse and describe what their comments say. */
    @Test
    void shippedConfigsParse() throws Exception {
        SearchConfig random = SearchConfig.fromFile(Path.of("configs/random-demo.yaml"));
        assertEquals(SearchSettings.Generator.RANDOM, random.get(SearchSettings.GENERATOR));
        assertEquals(8, random.get(SearchSettings.MAX_CANDIDATES));
        assertEquals(12, random.space().numParameters());
        assertEquals(3, random.space().probes("walks.metapaths").size());
        assertEquals(60.0, random.job().training().maxSeconds());
        SearchConfig grid = SearchConfig.fromFile(Path.of("configs/grid-demo.yaml"));
        assertEquals(SearchSettings.Generator.GRID, grid.get(SearchSettings.GENERATOR));
        assertEquals(SearchSettings.ScoreKind.NODE_F1, grid.get(SearchSettings.FUNCTION));
        assertEquals(18, new GridSearchCandidateGenerator(grid.space(), grid.get(SearchSettings.DISCRETIZATION),
                GridSearchCandidateGenerator.Mode.Sequential, null).getTotalNumCandidates());
        SearchConfig fit = SearchConfig.fromFile(Path.of("configs/fit-demo.json"));
        assertEquals(TrainingConfig.Engine.FIT, fit.job().training().engine());
        assertEquals(SearchSettings.ScoreKind.LINK_MRR, fit.get(SearchSettings.FUNCTION));
        assertEquals(Path.of("elsewhere"), fit.withOutputDir(Path.of("elsewhere")).outputDir());
        assertEquals(3, fit.withThreads(3).threads());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fit.withThreads(0));
        assertEquals("configs/fit-demo.json: search.threads: must be >= 1, got 0", e.getMessage());
    }
}
