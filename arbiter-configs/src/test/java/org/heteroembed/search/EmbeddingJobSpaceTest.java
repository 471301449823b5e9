package org.heteroembed.search;

import org.deeplearning4j.arbiter.optimize.api.Candidate;
import org.deeplearning4j.arbiter.optimize.distribution.LogUniformDistribution;
import org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator;
import org.deeplearning4j.arbiter.optimize.parameter.FixedValue;
import org.deeplearning4j.arbiter.optimize.parameter.continuous.ContinuousParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.integer.IntegerParameterSpace;
import org.heteroembed.config.SettingException;
import org.heteroembed.job.EmbeddingJob;
import org.heteroembed.job.TrainingConfig;
import org.heteroembed.walk.WalkKind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The space maps setting keys to Arbiter spaces; its candidates are jobs of the job model, normalised. */
class EmbeddingJobSpaceTest {
    private static final EmbeddingJob BASE = EmbeddingJob.parse("""
            skipGram: {subsample: 0.0001}
            training: {threads: 1, seed: 9}
            """, true, "base");

    static EmbeddingJobSpace space() {
        return EmbeddingJobSpace.builder(BASE)
                .choices("model.dimension", List.of(16, 32, 64))
                .space("skipGram.window", new IntegerParameterSpace(2, 6))
                .space("skipGram.negatives", new IntegerParameterSpace(2, 8))
                .space("skipGram.negativeExponent", new ContinuousParameterSpace(0.5, 1.0))
                .space("training.learningRate", new ContinuousParameterSpace(new LogUniformDistribution(0.005, 0.05)))
                .choices("training.epochs", List.of(1, 2))
                .space("walks.walksPerNode", new IntegerParameterSpace(4, 10))
                .fixed("walks.walkLength", 40)
                .choices("walks.kind", List.of(WalkKind.UNIFORM, WalkKind.METAPATH, WalkKind.NODE2VEC))
                .space("walks.p", new ContinuousParameterSpace(new LogUniformDistribution(0.25, 4)))
                .space("walks.q", new ContinuousParameterSpace(0.25, 4))
                .choices("walks.metapaths", List.of(List.of("user-article-user"),
                        List.of("user-article-user", "article-topic-article")))
                .choices("skipGram.typeAwareNegatives", List.of(false, true))
                .build();
    }

    /** Numbers the leaves as Arbiter's generators do, and returns the jobs of a few random vectors. */
    private static List<EmbeddingJob> sample(EmbeddingJobSpace s, long seed, int n) {
        new RandomSearchGenerator(s, null); // sets the indices of the leaves
        Random r = new Random(seed);
        List<EmbeddingJob> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] v = new double[s.numParameters()];
            for (int j = 0; j < v.length; j++) {
                v[j] = r.nextDouble();
            }
            out.add(s.getValue(v));
        }
        return out;
    }

    @Test
    void candidatesAreNormalisedJobsOfTheBaseJob() {
        EmbeddingJobSpace s = space();
        s.check();
        assertFalse(s.isLeaf());
        // 12 searched settings (walkLength is fixed): one leaf and one parameter each.
        assertEquals(12, s.collectLeaves().size());
        assertEquals(12, s.numParameters());
        assertEquals(12, s.searchedKeys().size());
        assertFalse(s.searchedKeys().contains("walks.walkLength"));
        assertThrows(UnsupportedOperationException.class, () -> s.setIndices(0));
        java.util.Set<WalkKind> kinds = java.util.EnumSet.noneOf(WalkKind.class);
        for (EmbeddingJob c : sample(s, 1, 60)) {
            assertTrue(List.of(16, 32, 64).contains(c.model().dimension()));
            assertTrue(c.skipGram().window() >= 2 && c.skipGram().window() <= 6);
            assertTrue(c.training().learningRate() >= 0.005 && c.training().learningRate() <= 0.05 + 1e-12);
            assertEquals(40, c.walks().walkLength());
            // the base job's values: every candidate has them
            assertEquals(9, c.training().seed());
            assertEquals(1e-4, c.skipGram().subsample());
            // values the walk kind does not use are normalised away
            WalkKind kind = c.walks().kind();
            kinds.add(kind);
            if (kind != WalkKind.NODE2VEC) {
                assertEquals(1.0, c.walks().p());
                assertEquals(1.0, c.walks().q());
            }
            assertEquals(kind == WalkKind.METAPATH, !c.walks().metapaths().isEmpty());
        }
        assertEquals(java.util.EnumSet.allOf(WalkKind.class), kinds);
    }

    @Test
    void roundTripsThroughJsonAndYaml() {
        EmbeddingJobSpace s = space();
        String json = s.toJson();
        String yaml = s.toYaml();
        EmbeddingJobSpace fromJson = EmbeddingJobSpace.fromJson(json);
        EmbeddingJobSpace fromYaml = EmbeddingJobSpace.fromYaml(yaml);
        assertEquals(s, fromJson);
        assertEquals(s, fromYaml);
        assertEquals(json, fromJson.toJson());
        assertEquals(yaml, fromYaml.toYaml());
        // The same flat vectors give the same jobs.
        assertEquals(sample(s, 5, 20), sample(fromJson, 5, 20));
        assertEquals(sample(s, 5, 20), sample(fromYaml, 5, 20));
        // Arbiter's generic reader finds the class from the JSON alone; the base job is written as a job tree.
        assertTrue(json.contains("\"@class\" : \"org.heteroembed.search.EmbeddingJobSpace\""), json);
        assertTrue(json.contains("\"subsample\" : 1.0E-4"), json);
    }

    @Test
    void anEmptySpaceIsTheBaseJob() {
        EmbeddingJobSpace s = EmbeddingJobSpace.builder(BASE).build();
        assertEquals(0, s.numParameters());
        assertEquals(BASE, s.getValue(new double[0]));
        assertEquals(s, EmbeddingJobSpace.fromYaml(s.toYaml()));
        assertThrows(IllegalArgumentException.class, () -> s.space("skipGram.window"));
    }

    @Test
    void keysAreJobSettingsAndValuesAreCheckedByThem() {
        SettingException e = assertThrows(SettingException.class,
                () -> EmbeddingJobSpace.builder(BASE).fixed("skipGram.windw", 3));
        assertTrue(e.getMessage().contains("did you mean skipGram.window"), e.getMessage());
        assertThrows(SettingException.class, () -> EmbeddingJobSpace.builder(BASE).fixed("spark.mode", "fast"));
        EmbeddingJobSpace s = EmbeddingJobSpace.builder(BASE).space("skipGram.window", new FixedValue<>(0)).build();
        e = assertThrows(SettingException.class, s::check);
        assertEquals("space.skipGram.window", e.key());
        assertEquals("must be >= 1, got 0", e.problem());
        // Enum values by constant or by name, booleans, lists: the same jobs.
        EmbeddingJob byName = EmbeddingJobSpace.builder(BASE).fixed("walks.kind", "metapath")
                .fixed("walks.metapaths", List.of("user-article-user")).fixed("skipGram.typeAwareNegatives", true)
                .build().getValue(new double[0]);
        EmbeddingJob byConstant = BASE.with(Map.of("walks.kind", WalkKind.METAPATH,
                "walks.metapaths", List.of("user-article-user"), "skipGram.typeAwareNegatives", true));
        assertEquals(byConstant, byName);
    }

    /** Values that do not go together fail the check, before any candidate is trained. */
    @Test
    void checkFindsCandidatesThatAreNoJobs() {
        SettingException e = assertThrows(SettingException.class, () -> EmbeddingJobSpace.builder(BASE)
                .choices("walks.kind", List.of("uniform", "metapath")).build().check());
        assertEquals("space.walks.kind[1]", e.key());
        assertTrue(e.problem().contains("walks.metapaths must name at least one metapath"), e.problem());

        // Each value is fine with the other key's first value; one pair is not.
        e = assertThrows(SettingException.class, () -> EmbeddingJobSpace.builder(BASE)
                .choices("training.engine", List.of(TrainingConfig.Engine.FIT, TrainingConfig.Engine.SPARSE))
                .choices("training.updater", List.of("adagrad", "adam")).build().check());
        assertEquals("space", e.key());
        assertTrue(e.problem().contains("training.engine=sparse") && e.problem().contains("training.updater=adam")
                && e.problem().contains("must be sgd or adagrad for the sparse engine"), e.problem());

        e = assertThrows(SettingException.class, () -> EmbeddingJobSpace.builder(BASE).fixed("walks.kind", "uniform")
                .choices("walks.p", List.of(0.5, 2.0)).build().check());
        assertEquals("space.walks.p", e.key());
        assertTrue(e.problem().contains("no candidate walks node2vec"), e.problem());
    }

    /** Arbiter ships a candidate's value as serialized bytes: a job must come back equal. */
    @Test
    void candidatesSurviveArbitersSerialization() {
        EmbeddingJob job = sample(space(), 3, 1).get(0);
        Candidate<EmbeddingJob> c = new Candidate<>(job, 0, new double[0]);
        assertEquals(job, c.getValue());
        org.junit.jupiter.api.Assertions.assertNotSame(job, c.getValue(), "a copy, through Java serialization");
    }
}
