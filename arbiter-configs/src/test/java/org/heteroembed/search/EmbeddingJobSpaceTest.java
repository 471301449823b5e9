package org.heteroembed.search;

import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.distribution.LogUniformDistribution;
import org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator;
import org.deeplearning4j.arbiter.optimize.parameter.FixedValue;
import org.deeplearning4j.arbiter.optimize.parameter.continuous.ContinuousParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.integer.IntegerParameterSpace;
import org.heteroembed.walk.WalkKind;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddingJobSpaceTest {

    static EmbeddingJobSpace space() {
        return EmbeddingJobSpace.builder()
                .embeddingSize(new DiscreteParameterSpace<>(16, 32, 64))
                .window(new IntegerParameterSpace(2, 6))
                .negatives(new IntegerParameterSpace(2, 8))
                .negativeExponent(new ContinuousParameterSpace(0.5, 1.0))
                .learningRate(new ContinuousParameterSpace(new LogUniformDistribution(0.005, 0.05)))
                .epochs(new DiscreteParameterSpace<>(1, 2))
                .walksPerNode(new IntegerParameterSpace(4, 10))
                .walkLength(new FixedValue<>(40))
                .walkKind(new DiscreteParameterSpace<>("uniform", "metapath", "node2vec"))
                .p(new ContinuousParameterSpace(new LogUniformDistribution(0.25, 4)))
                .q(new ContinuousParameterSpace(0.25, 4))
                .metapaths(new DiscreteParameterSpace<>("user-article-user", "user-article-user + article-topic-article"))
                .typeAwareNegatives(new DiscreteParameterSpace<>(false, true))
                .seed(9)
                .build();
    }

    /** Numbers the leaves as Arbiter's generators do, and returns a few values for random vectors. */
    private static List<EmbeddingJobConfig> sample(EmbeddingJobSpace s, long seed, int n) {
        new RandomSearchGenerator(s, null); // sets the indices of the leaves
        Random r = new Random(seed);
        List<EmbeddingJobConfig> out = new java.util.ArrayList<>();
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
    void composesNestedSpacesLikeArbiterNetworkSpaces() {
        EmbeddingJobSpace s = space();
        assertFalse(s.isLeaf());
        // 12 searched parameters (walkLength and subsample are fixed): one leaf and one parameter each.
        assertEquals(12, s.collectLeaves().size());
        assertEquals(12, s.numParameters());
        assertEquals(12, s.searchedParameters().size());
        assertFalse(s.searchedParameters().contains(EmbeddingJobSpace.WALK_LENGTH));
        assertThrows(UnsupportedOperationException.class, () -> s.setIndices(0));
        for (EmbeddingJobConfig c : sample(s, 1, 50)) {
            assertTrue(List.of(16, 32, 64).contains(c.embeddingSize()));
            assertTrue(c.window() >= 2 && c.window() <= 6);
            assertTrue(c.learningRate() >= 0.005 && c.learningRate() <= 0.05 + 1e-12);
            assertEquals(40, c.walkLength());
            assertEquals(9, c.seed());
            // values the walker kind does not use are normalised away
            if (c.walkKind() != WalkKind.NODE2VEC) {
                assertEquals(1.0, c.p());
                assertEquals(1.0, c.q());
            }
            assertEquals(c.walkKind() == WalkKind.METAPATH, !c.metapaths().isEmpty());
            c.walkConfig(1); // valid walk and skip-gram configs
            c.skipGramConfig();
        }
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
        // Arbiter's generic reader finds the class from the JSON alone.
        assertTrue(json.contains("\"@class\" : \"org.heteroembed.search.EmbeddingJobSpace\""), json);
    }

    @Test
    void defaultsAreFixedValues() {
        EmbeddingJobSpace s = EmbeddingJobSpace.builder().build();
        assertEquals(0, s.numParameters());
        assertEquals(EmbeddingJobConfig.builder().build(), s.getValue(new double[0]));
        assertEquals(s, EmbeddingJobSpace.fromYaml(s.toYaml()));
        ParameterSpace<?> ws = s.space(EmbeddingJobSpace.WINDOW);
        assertTrue(ws instanceof FixedValue);
        assertThrows(IllegalArgumentException.class, () -> s.space("windw"));
        assertThrows(IllegalArgumentException.class, () -> EmbeddingJobSpace.builder().fixed("windw", 3));
    }

    @Test
    void jobConfigIsSerializableAndJson() throws Exception {
        EmbeddingJobConfig c = EmbeddingJobConfig.builder().walkKind(WalkKind.METAPATH)
                .metapaths("user-article-user", "article-topic-article").embeddingSize(8).p(3).build();
        assertEquals(1.0, c.p(), "p is normalised away for metapath walks");
        assertEquals(c, EmbeddingJobConfig.fromJson(c.toJson()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(c);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(c, in.readObject());
        }
        assertEquals("user-article-user + article-topic-article", c.parameters().get(EmbeddingJobSpace.METAPATHS));
        assertThrows(IllegalArgumentException.class, () -> EmbeddingJobConfig.builder().walkLength(1).build());
        assertThrows(IllegalArgumentException.class, () -> EmbeddingJobConfig.builder().walkKind(WalkKind.METAPATH).build());
    }
}
