package org.heteroembed.search;

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

    private static final String GRAPH = "graph: {planted: {edges: 2000, seed: 1}}\n";
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
            "{window: []}                                   | space.window           | empty list",
            "{window: {min: 5, max: 2}}                     | space.window           | min 5 > max 2",
            "{learningRate: {min: 0.1, max: 0.01}}          | space.learningRate     | min 0.1 > max 0.01",
            "{windw: 3}                                     | space.windw            | unknown key",
            "{window: 2.5}                                  | space.window           | not an integer",
            "{window: {min: 2}}                             | space.window           | needs both min and max",
            "{window: {min: 2, max: 4, step: 1}}            | space.window.step      | unknown key",
            "{window: [2, 3, 2]}                            | space.window           | listed twice",
            "{walkLength: 1}                                | space.walkLength       | out of range",
            "{learningRate: 0}                              | space.learningRate     | must be > 0",
            "{learningRate: {min: 0, max: 0.1, scale: log}} | space.learningRate.min | must be > 0",
            "{p: {min: 0.5, max: 2, scale: cubic}, walkKind: node2vec} | space.p.scale | not one of linear, log",
            "{embeddingSize: {min: 8, max: 64, scale: log}} | space.embeddingSize.scale | log scale is for continuous",
            "{walkKind: [uniform, deepwalk]}                | space.walkKind         | not one of uniform, metapath, node2vec",
            "{walkKind: metapath}                           | space.metapaths        | required",
            "{metapaths: user-article-user}                 | space.metapaths        | never walks metapaths",
            "{p: 2}                                         | space.p                | has no node2vec",
            "{walkKind: metapath, metapaths: [user-article-user, user]} | space.metapaths[1] | at least two node types",
            "{typeAwareNegatives: maybe}                    | space.typeAwareNegatives | not true or false",
    })
    void invalidSpaceEntries(String space, String key, String fragment) throws Exception {
        Path f = write("bad.yaml", GRAPH + SEARCH + SCORE + "space: " + space + "\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SearchConfig.fromFile(f));
        assertTrue(e.getMessage().startsWith(f + ": " + key + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "search: {generator: random, threads: 1}                        | search.maxCandidates | required for random search",
            "search: {generator: genetic, maxCandidates: 2}                 | search.generator     | not one of random, grid",
            "search: {generator: random, maxCandidates: 0}                  | search.maxCandidates | out of range",
            "search: {generator: random, maxCandidates: 2, discretization: 3} | search.discretization | only for grid",
            "search: {generator: grid, discretization: 1}                   | search.discretization | out of range",
            "search: {generator: random, maxCandidates: 2, budgetSeconds: -1} | search.budgetSeconds | must be >= 0",
            "search: {generator: random, maxCandidates: 2, onBudget: retry} | search.onBudget      | not one of score, fail",
            "search: {generator: random, maxCandidates: 2, thread: 2}       | search.thread        | unknown key",
    })
    void invalidSearchEntries(String search, String key, String fragment) throws Exception {
        Path f = write("bad-search.yaml", GRAPH + search + "\n" + SCORE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SearchConfig.fromFile(f));
        assertTrue(e.getMessage().startsWith(f + ": " + key + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void otherSections() throws Exception {
        expect(GRAPH + SEARCH + "score: {function: accuracy}\n", "score.function", "not one of link-auc, link-mrr, node-f1");
        expect(GRAPH + SEARCH + "score: {function: link-auc, folds: 3}\n", "score.folds", "does not apply to link-auc");
        expect(GRAPH + SEARCH + "score: {function: node-f1, negatives: 3}\n", "score.negatives", "does not apply to node-f1");
        expect(GRAPH + SEARCH, "score", "required");
        expect(SEARCH + SCORE, "graph", "required");
        expect("graph: {planted: {edges: 0}}\n" + SEARCH + SCORE, "graph.planted.edges", "out of range");
        expect("graph: {file: missing.yaml}\n" + SEARCH + SCORE, "graph.file", "not found");
        expect("graph: {planted: {edges: 100}, file: g.yaml}\n" + SEARCH + SCORE, "graph", "exactly one");
        expect(GRAPH + SEARCH + SCORE + "training: {engine: turbo}\n", "training.engine", "not one of fast, fit");
        expect(GRAPH + SEARCH + SCORE + "training: {batchSize: 64}\n", "training.batchSize", "only for engine fit");
        expect(GRAPH + SEARCH + SCORE + "spaces: {}\n", "spaces", "unknown key");
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
                {"graph": {"planted": {"edges": 2000}}, "search": {"generator": "grid"},
                 "score": {"function": "link-auc"}, "space": {"window": {"min": 4, "max": 3}}}
                """);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SearchConfig.fromFile(f));
        assertEquals(f + ": space.window: min 4 > max 3", e.getMessage());
        Path broken = write("broken.json", "{\"graph\": ");
        e = assertThrows(IllegalArgumentException.class, () -> SearchConfig.fromFile(broken));
        assertTrue(e.getMessage().startsWith(broken + ":"), e.getMessage());
    }

    /** Errors that need the graph are found after loading it, still before the first candidate trains. */
    @Test
    void impossibleMetapathsAndNodeTypesFailBeforeTraining() throws Exception {
        Path out = dir.resolve("out");
        Path f = write("paths.yaml", GRAPH + SEARCH + SCORE
                + "space: {walkKind: metapath, metapaths: [user-article-user, user-topic-user]}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SearchRunner.run(f, out, null));
        assertTrue(e.getMessage().startsWith(f + ": space.metapaths[1]: metapath 'user-topic-user': no relation"), e.getMessage());
        assertFalse(Files.exists(out), "nothing written, nothing trained");

        Path g = write("types.yaml", GRAPH + SEARCH + SCORE + "space: {walkKind: metapath, metapaths: user-venue-user}\n");
        e = assertThrows(IllegalArgumentException.class, () -> SearchRunner.run(g, out, null));
        assertTrue(e.getMessage().startsWith(g + ": space.metapaths: metapath 'user-venue-user': unknown node type 'venue'"), e.getMessage());

        Path h = write("f1.yaml", GRAPH + SEARCH + "score: {function: node-f1, nodeType: venue}\n");
        e = assertThrows(IllegalArgumentException.class, () -> SearchRunner.run(h, out, null));
        assertTrue(e.getMessage().startsWith(h + ": score.nodeType: 'venue' is not a node type"), e.getMessage());
        assertFalse(Files.exists(out));
    }

    /** The ready-made configs of the module parse and describe what their comments say. */
    @Test
    void shippedConfigsParse() throws Exception {
        SearchConfig random = SearchConfig.fromFile(Path.of("configs/random-demo.yaml"));
        assertEquals(SearchConfig.Generator.RANDOM, random.generator());
        assertEquals(8, random.maxCandidates());
        assertEquals(12, random.space().numParameters());
        assertEquals(3, random.metapathChoices().size());
        SearchConfig grid = SearchConfig.fromFile(Path.of("configs/grid-demo.yaml"));
        assertEquals(SearchConfig.Generator.GRID, grid.generator());
        assertEquals(SearchConfig.ScoreKind.NODE_F1, grid.scoreKind());
        assertEquals(18, new org.deeplearning4j.arbiter.optimize.generator.GridSearchCandidateGenerator(grid.space(),
                grid.discretization(), grid.gridOrder(), null).getTotalNumCandidates());
        SearchConfig fit = SearchConfig.fromFile(Path.of("configs/fit-demo.json"));
        assertEquals(TrainingEngine.FIT, fit.engine());
        assertEquals(SearchConfig.ScoreKind.LINK_MRR, fit.scoreKind());
        assertEquals(Path.of("elsewhere"), fit.withOutputDir(Path.of("elsewhere")).outputDir());
    }
}
