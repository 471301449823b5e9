package org.heteroembed.job;

import org.heteroembed.config.Setting;
import org.heteroembed.config.SettingException;
import org.heteroembed.graph.io.GraphInput;
import org.heteroembed.walk.WalkKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddingJobTest {
    private static final String YAML = """
            graph: {input: edges.tsv, holdout: 0.1, duplicates: SUM, selfLoops: keep}
            walks:
              metapaths: [user-article-topic-article-user, article-user-article]
              walksPerNode: 4
              walkLength: 20
            skipGram: {window: 3, negatives: 7, subsample: 1e-4, typeAwareNegatives: true}
            model: {dimension: 32}
            training: {engine: Sparse, updater: adagrad, epochs: 2, threads: 3, seed: 7, checkpointMinutes: 0}
            """;

    @Test
    void yamlFileIsReadWithDefaultsForWhatItLeavesOut(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("job.yaml");
        Files.writeString(file, YAML);
        EmbeddingJob job = EmbeddingJob.fromFile(file);
        assertEquals(dir.resolve("edges.tsv").toString(), job.graph().input(), "relative to the job file");
        assertEquals(0.1, job.graph().holdout());
        assertEquals(org.heteroembed.graph.DuplicatePolicy.SUM, job.graph().duplicates(), "enums in any case");
        assertEquals(WalkKind.METAPATH, job.walks().kind(), "metapaths imply metapath walks");
        assertEquals(List.of("user-article-topic-article-user", "article-user-article"), job.walks().metapaths());
        assertEquals(20, job.walks().walkLength());
        assertEquals(7, job.walks().seed(), "walks are seeded by training.seed");
        assertEquals(3, job.walks().threads(), "and run on training.threads");
        assertEquals(7, job.skipGram().seed());
        assertEquals(1e-4, job.skipGram().subsample());
        assertEquals(0.75, job.skipGram().negativeExponent(), "default");
        assertEquals(32, job.model().dimension());
        assertEquals(TrainingConfig.Engine.SPARSE, job.training().engine());
        assertNull(job.training().learningRate(), "automatic until resolved");
        assertEquals(0.3, job.resolved(false).training().learningRate(), "adagrad's usual rate");
        assertEquals(1024, job.training().batchSize(), "default");
    }

    @Test
    void jsonAndYamlRoundTrip() {
        EmbeddingJob job = EmbeddingJob.parse(YAML, true, "job.yaml");
        assertEquals(job, EmbeddingJob.fromJson(job.toJson()));
        assertEquals(job, EmbeddingJob.parse(job.toYaml(), true, "again.yaml"));
        assertEquals(EmbeddingJob.defaults(), EmbeddingJob.fromJson("{}"));
        assertEquals(EmbeddingJob.defaults(), EmbeddingJob.parse("", true, "empty.yaml"));
        assertTrue(job.toYaml().contains("engine: sparse"), "enums written in lower case: " + job.toYaml());
    }

    @Test
    void errorsNameTheKeyAndTheRangeInTheUsersTerms() {
        assertEquals("training.epochs must be >= 1, got 0", error("training: {epochs: 0}").getMessage());
        assertEquals("--epochs must be >= 1, got 0", error("training: {epochs: 0}").forFlag());
        assertEquals("graph.holdout must be < 1, got 1", error("graph: {holdout: 1}").getMessage());
        assertEquals("walks.walkLength must be an integer, got \"ten\"", error("walks: {walkLength: ten}").getMessage());
        assertEquals("walks.walkLength must be an integer, got 1.5", error("walks: {walkLength: 1.5}").getMessage());
        assertEquals("skipGram.typeAwareNegatives must be true or false, got \"yes please\"",
                error("skipGram: {typeAwareNegatives: yes please}").getMessage());
        assertEquals("walks.kind must be one of uniform, metapath, node2vec, got \"deepwalk\"",
                error("walks: {kind: deepwalk}").getMessage());
        assertEquals("walks.p must be a finite number, got NaN", assertThrows(SettingException.class,
                () -> EmbeddingJob.defaults().with(Map.of("walks.p", Double.NaN))).getMessage());
        assertEquals("training.seed is missing", error("training: {seed: null}").getMessage());
        assertTrue(error("training: {epoch: 3}").getMessage().startsWith(
                "training.epoch is not a setting (did you mean training.epochs?); the settings of 'training' are engine, "));
        assertEquals("trainng is not a section of a job; the sections are graph, walks, skipGram, model, training, tables, spark",
                error("trainng: {epochs: 3}").getMessage());
        assertTrue(error("walks: {kind: metapath}").getMessage().startsWith("walks.metapaths must name at least one metapath"));
        assertEquals("training.updater must be sgd for the fast engine (sparse takes sgd or adagrad, fit any), got adam",
                error("training: {engine: fast, updater: adam}").getMessage());
        assertEquals("model.typeDimensions needs the fit engine (the fast engine trains tables of one shared width)",
                error("model: {typeDimensions: {topic: 8}}\ntraining: {engine: fast}").getMessage());
        IllegalArgumentException syntax = assertThrows(IllegalArgumentException.class,
                () -> EmbeddingJob.parse("walks: {walkLength: 5\ntraining: x", true, "bad.yaml"));
        assertTrue(syntax.getMessage().startsWith("bad.yaml: not valid YAML (line "), syntax.getMessage());
    }

    @Test
    void fileErrorsNameTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("job.json");
        Files.writeString(file, "{\"training\": {\"epochs\": -2}}");
        SettingException e = assertThrows(SettingException.class, () -> EmbeddingJob.fromFile(file));
        assertEquals(file + ": training.epochs must be >= 1, got -2", e.getMessage());
        assertEquals(dir.resolve("none.yaml") + ": file not found",
                assertThrows(IllegalArgumentException.class, () -> EmbeddingJob.fromFile(dir.resolve("none.yaml"))).getMessage());
    }

    @Test
    void overridesReplaceSettingsByKey() {
        EmbeddingJob job = EmbeddingJob.parse(YAML, true, "job.yaml");
        EmbeddingJob changed = job.with(Map.of("training.epochs", 5, "walks.walkLength", 9, "model.dimension", 16,
                "training.threads", 1));
        assertEquals(5, changed.training().epochs());
        assertEquals(9, changed.walks().walkLength());
        assertEquals(1, changed.walks().threads());
        assertEquals(16, changed.model().dimension());
        assertEquals(job.skipGram(), changed.skipGram(), "other sections untouched");
        assertEquals(7, changed.training().seed(), "other settings of a section untouched");
        assertEquals("training.epochs must be >= 1, got 0",
                assertThrows(SettingException.class, () -> job.with(Map.of("training.epochs", 0))).getMessage());
        assertTrue(assertThrows(SettingException.class, () -> job.with(Map.of("model.dimensions", 3))).getMessage()
                .contains("did you mean model.dimension?"));
        assertEquals(5, changed.get("training.epochs"));
    }

    @Test
    void identityIgnoresSpeedAndBookkeepingButNotWhatChangesTheResult() {
        EmbeddingJob job = EmbeddingJob.parse(YAML, true, "job.yaml");
        assertEquals(job.identity(), job.with(Map.of("training.threads", 1, "training.checkpointMinutes", 5.0,
                "training.maxSeconds", 30.0, "graph.input", "/elsewhere/edges.tsv")).identity());
        assertNotEquals(job.identity(), job.with(Map.of("training.epochs", 3)).identity());
        assertNotEquals(job.identity(), job.with(Map.of("graph.holdout", 0.2)).identity());
        assertNotEquals(job.identity(), job.with(Map.of("training.seed", 8L)).identity());
    }

    @Test
    void everySettingIsDeclaredOnceWithHelpAndAFlag() {
        Set<String> keys = new HashSet<>(), flags = new HashSet<>();
        for (Setting<?, ?, ?> s : EmbeddingJob.settings()) {
            assertTrue(keys.add(s.key()), "one key per setting: " + s.key());
            assertFalse(s.help().isBlank(), s.key() + " has help");
            if (s != GraphInput.INPUT) {
                assertTrue(s.flag() != null && s.flag().startsWith("--"), s.key() + " has a flag");
                assertTrue(flags.add(s.flag()), "one setting per flag: " + s.flag());
            }
            assertTrue(s.isOptional() || s.defaultValue() != null, s.key() + " has a default or is optional");
        }
    }

    private static SettingException error(String yaml) {
        return assertThrows(SettingException.class, () -> EmbeddingJob.parse(yaml, true, "job.yaml"));
    }
}
