package org.heteroembed.search;

import org.deeplearning4j.arbiter.optimize.api.AbstractParameterSpace;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.FixedValue;
import org.deeplearning4j.arbiter.optimize.serde.jackson.JsonMapper;
import org.deeplearning4j.arbiter.optimize.serde.jackson.YamlMapper;
import org.deeplearning4j.arbiter.util.LeafUtils;
import org.heteroembed.walk.WalkKind;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.core.JsonProcessingException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The hyperparameter space of a whole embedding job, as one Arbiter {@link ParameterSpace} of
 * {@link EmbeddingJobConfig}: one nested space per job parameter, each an Arbiter space of its own
 * ({@code IntegerParameterSpace}, {@code ContinuousParameterSpace}, {@code DiscreteParameterSpace}, or
 * {@code FixedValue} for a parameter that is not searched).
 *
 * <p>It composes its spaces the way arbiter-deeplearning4j's {@code ComputationGraphSpace} does: it is not a
 * leaf; {@link #collectLeaves()} gathers the leaves of every nested space (found by reflection on the
 * fields, {@link AbstractParameterSpace#getNestedSpaces()}); a candidate generator numbers those leaves
 * ({@code setIndices}); {@link #getValue(double[])} asks each nested space for its value from the same flat
 * vector and builds the config. {@code FixedValue}s have no parameter and no leaf, which keeps grid search
 * counting right (Arbiter's grid treats any other one-valued leaf as a dimension).
 *
 * <p>The walker kind is a space of strings ({@code uniform}, {@code metapath}, {@code node2vec}) and each
 * metapath choice a string, several metapaths walked together joined by {@value #METAPATH_JOIN}: Arbiter's
 * spaces lose the Java type of enum and list values in JSON, strings survive. Serializes to JSON and YAML
 * with Arbiter's mappers, like its own spaces.
 */
@SuppressWarnings("rawtypes") // Arbiter's ParameterSpace API (collectLeaves, getNestedSpaces) is raw
public final class EmbeddingJobSpace extends AbstractParameterSpace<EmbeddingJobConfig> {
    public static final String EMBEDDING_SIZE = "embeddingSize", WINDOW = "window", NEGATIVES = "negatives",
            NEGATIVE_EXPONENT = "negativeExponent", SUBSAMPLE = "subsample",
            TYPE_AWARE_NEGATIVES = "typeAwareNegatives", LEARNING_RATE = "learningRate", EPOCHS = "epochs",
            WALKS_PER_NODE = "walksPerNode", WALK_LENGTH = "walkLength", WALK_KIND = "walkKind", P = "p", Q = "q",
            METAPATHS = "metapaths";
    /** Every parameter name, in the order of result tables and config files. */
    public static final List<String> PARAMETERS = List.of(EMBEDDING_SIZE, WINDOW, NEGATIVES, NEGATIVE_EXPONENT,
            SUBSAMPLE, TYPE_AWARE_NEGATIVES, LEARNING_RATE, EPOCHS, WALKS_PER_NODE, WALK_LENGTH, WALK_KIND, P, Q,
            METAPATHS);
    /** Separates metapaths walked together within one metapath choice. */
    public static final String METAPATH_JOIN = " + ";

    // Field names are the parameter names: getNestedSpaces() and the JSON use them.
    private final ParameterSpace<Integer> embeddingSize;
    private final ParameterSpace<Integer> window;
    private final ParameterSpace<Integer> negatives;
    private final ParameterSpace<Double> negativeExponent;
    private final ParameterSpace<Double> subsample;
    private final ParameterSpace<?> typeAwareNegatives;
    private final ParameterSpace<Double> learningRate;
    private final ParameterSpace<Integer> epochs;
    private final ParameterSpace<Integer> walksPerNode;
    private final ParameterSpace<Integer> walkLength;
    private final ParameterSpace<String> walkKind;
    private final ParameterSpace<Double> p;
    private final ParameterSpace<Double> q;
    private final ParameterSpace<String> metapaths;
    /** Not searched: every candidate walks and trains with the same seed, so scores compare settings, not luck. */
    private final long seed;

    @JsonCreator
    private EmbeddingJobSpace(@JsonProperty("embeddingSize") ParameterSpace<Integer> embeddingSize,
                              @JsonProperty("window") ParameterSpace<Integer> window,
                              @JsonProperty("negatives") ParameterSpace<Integer> negatives,
                              @JsonProperty("negativeExponent") ParameterSpace<Double> negativeExponent,
                              @JsonProperty("subsample") ParameterSpace<Double> subsample,
                              @JsonProperty("typeAwareNegatives") ParameterSpace<?> typeAwareNegatives,
                              @JsonProperty("learningRate") ParameterSpace<Double> learningRate,
                              @JsonProperty("epochs") ParameterSpace<Integer> epochs,
                              @JsonProperty("walksPerNode") ParameterSpace<Integer> walksPerNode,
                              @JsonProperty("walkLength") ParameterSpace<Integer> walkLength,
                              @JsonProperty("walkKind") ParameterSpace<String> walkKind,
                              @JsonProperty("p") ParameterSpace<Double> p,
                              @JsonProperty("q") ParameterSpace<Double> q,
                              @JsonProperty("metapaths") ParameterSpace<String> metapaths,
                              @JsonProperty("seed") long seed) {
        this.embeddingSize = require(embeddingSize, EMBEDDING_SIZE);
        this.window = require(window, WINDOW);
        this.negatives = require(negatives, NEGATIVES);
        this.negativeExponent = require(negativeExponent, NEGATIVE_EXPONENT);
        this.subsample = require(subsample, SUBSAMPLE);
        this.typeAwareNegatives = require(typeAwareNegatives, TYPE_AWARE_NEGATIVES);
        this.learningRate = require(learningRate, LEARNING_RATE);
        this.epochs = require(epochs, EPOCHS);
        this.walksPerNode = require(walksPerNode, WALKS_PER_NODE);
        this.walkLength = require(walkLength, WALK_LENGTH);
        this.walkKind = require(walkKind, WALK_KIND);
        this.p = require(p, P);
        this.q = require(q, Q);
        this.metapaths = require(metapaths, METAPATHS);
        this.seed = seed;
    }

    private static <T> ParameterSpace<T> require(ParameterSpace<T> space, String name) {
        if (space == null) {
            throw new IllegalArgumentException("no space for parameter '" + name + "'");
        }
        return space;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public EmbeddingJobConfig getValue(double[] values) {
        String kind = String.valueOf(walkKind.getValue(values));
        return EmbeddingJobConfig.builder()
                .embeddingSize(intValue(embeddingSize, values))
                .window(intValue(window, values))
                .negatives(intValue(negatives, values))
                .negativeExponent(doubleValue(negativeExponent, values))
                .subsample(doubleValue(subsample, values))
                .typeAwareNegatives(Boolean.parseBoolean(String.valueOf(typeAwareNegatives.getValue(values))))
                .learningRate(doubleValue(learningRate, values))
                .epochs(intValue(epochs, values))
                .walksPerNode(intValue(walksPerNode, values))
                .walkLength(intValue(walkLength, values))
                .walkKind(parseWalkKind(kind))
                .p(doubleValue(p, values))
                .q(doubleValue(q, values))
                .metapaths(splitMetapaths(String.valueOf(metapaths.getValue(values))))
                .seed(seed)
                .build();
    }

    // Values go through Number: a space read back from JSON may hold an Integer where a Double was written.
    private static int intValue(ParameterSpace<?> space, double[] values) {
        return ((Number) space.getValue(values)).intValue();
    }

    private static double doubleValue(ParameterSpace<?> space, double[] values) {
        return ((Number) space.getValue(values)).doubleValue();
    }

    /** {@code uniform}, {@code metapath} or {@code node2vec} (any case). */
    public static WalkKind parseWalkKind(String name) {
        try {
            return WalkKind.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("walker kind '" + name + "' is not one of uniform, metapath, node2vec");
        }
    }

    /** The metapaths of one choice: {@code "a-b-a + b-c-b"} gives two; blank gives none. */
    public static List<String> splitMetapaths(String choice) {
        List<String> out = new ArrayList<>();
        if (choice == null || choice.isBlank() || choice.equals("null")) {
            return out;
        }
        for (String part : choice.split("\\+")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    @Override
    public int numParameters() {
        return LeafUtils.countUniqueParameters(collectLeaves());
    }

    @Override
    public List<ParameterSpace> collectLeaves() {
        List<ParameterSpace> leaves = new ArrayList<>();
        for (ParameterSpace<?> s : getNestedSpaces().values()) {
            leaves.addAll(s.collectLeaves()); // a leaf returns itself, a FixedValue nothing
        }
        return leaves;
    }

    @Override
    public boolean isLeaf() {
        return false;
    }

    @Override
    public void setIndices(int... indices) {
        throw new UnsupportedOperationException("EmbeddingJobSpace is not a leaf: the generator numbers its nested spaces");
    }

    /** The nested space of a parameter ({@link #PARAMETERS}). */
    public ParameterSpace<?> space(String parameter) {
        ParameterSpace<?> s = getNestedSpaces().get(parameter);
        if (s == null) {
            throw new IllegalArgumentException("unknown parameter '" + parameter + "' (known: " + String.join(", ", PARAMETERS) + ")");
        }
        return s;
    }

    /** Names of the parameters that are searched (not fixed values), in {@link #PARAMETERS} order. */
    public List<String> searchedParameters() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, ParameterSpace> e : getNestedSpaces().entrySet()) {
            if (!(e.getValue() instanceof FixedValue)) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    public long seed() {
        return seed;
    }

    public String toJson() {
        try {
            return JsonMapper.getMapper().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public String toYaml() {
        try {
            return YamlMapper.getMapper().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static EmbeddingJobSpace fromJson(String json) {
        try {
            return JsonMapper.getMapper().readValue(json, EmbeddingJobSpace.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid embedding job space JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static EmbeddingJobSpace fromYaml(String yaml) {
        try {
            return YamlMapper.getMapper().readValue(yaml, EmbeddingJobSpace.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid embedding job space YAML: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EmbeddingJobSpace s && seed == s.seed && getNestedSpaces().equals(s.getNestedSpaces());
    }

    @Override
    public int hashCode() {
        return Objects.hash(seed, getNestedSpaces().keySet());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("EmbeddingJobSpace(");
        for (Map.Entry<String, ParameterSpace> e : getNestedSpaces().entrySet()) {
            sb.append(e.getKey()).append('=').append(e.getValue()).append(", ");
        }
        return sb.append("seed=").append(seed).append(')').toString();
    }

    /**
     * Builder: every parameter starts fixed at {@link EmbeddingJobConfig.Builder}'s default. Give a space to
     * search a parameter, or a value to fix it.
     */
    public static final class Builder {
        private final Map<String, ParameterSpace<?>> spaces = new LinkedHashMap<>();
        private long seed = 42;

        private Builder() {
            EmbeddingJobConfig d = EmbeddingJobConfig.builder().build();
            PARAMETERS.forEach(name -> spaces.put(name, null));
            d.parameters().forEach((name, value) -> fixed(name, value));
        }

        /** Sets the space of a parameter by name ({@link #PARAMETERS}). */
        public Builder space(String parameter, ParameterSpace<?> space) {
            if (!spaces.containsKey(parameter)) {
                throw new IllegalArgumentException("unknown parameter '" + parameter + "' (known: " + String.join(", ", PARAMETERS) + ")");
            }
            spaces.put(parameter, Objects.requireNonNull(space, parameter));
            return this;
        }

        /**
         * Fixes a parameter to one value (an Arbiter {@link FixedValue}). A boolean is stored as its string:
         * Arbiter writes a FixedValue of anything but numbers, strings and enums as base64 Java serialization.
         */
        public Builder fixed(String parameter, Object value) {
            if (!spaces.containsKey(parameter)) {
                throw new IllegalArgumentException("unknown parameter '" + parameter + "' (known: " + String.join(", ", PARAMETERS) + ")");
            }
            spaces.put(parameter, new FixedValue<>(value instanceof Boolean ? value.toString() : value));
            return this;
        }

        public Builder embeddingSize(ParameterSpace<Integer> s) {
            return space(EMBEDDING_SIZE, s);
        }

        public Builder window(ParameterSpace<Integer> s) {
            return space(WINDOW, s);
        }

        public Builder negatives(ParameterSpace<Integer> s) {
            return space(NEGATIVES, s);
        }

        public Builder negativeExponent(ParameterSpace<Double> s) {
            return space(NEGATIVE_EXPONENT, s);
        }

        public Builder subsample(ParameterSpace<Double> s) {
            return space(SUBSAMPLE, s);
        }

        /** A space of booleans (or of the strings "true" and "false"). */
        public Builder typeAwareNegatives(ParameterSpace<?> s) {
            return space(TYPE_AWARE_NEGATIVES, s);
        }

        public Builder learningRate(ParameterSpace<Double> s) {
            return space(LEARNING_RATE, s);
        }

        public Builder epochs(ParameterSpace<Integer> s) {
            return space(EPOCHS, s);
        }

        public Builder walksPerNode(ParameterSpace<Integer> s) {
            return space(WALKS_PER_NODE, s);
        }

        public Builder walkLength(ParameterSpace<Integer> s) {
            return space(WALK_LENGTH, s);
        }

        /** A space of walker kind names: uniform, metapath, node2vec. */
        public Builder walkKind(ParameterSpace<String> s) {
            return space(WALK_KIND, s);
        }

        public Builder p(ParameterSpace<Double> s) {
            return space(P, s);
        }

        public Builder q(ParameterSpace<Double> s) {
            return space(Q, s);
        }

        /** A space of metapath choices, each one metapath or several joined by {@value #METAPATH_JOIN}. */
        public Builder metapaths(ParameterSpace<String> s) {
            return space(METAPATHS, s);
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        @SuppressWarnings("unchecked")
        public EmbeddingJobSpace build() {
            return new EmbeddingJobSpace((ParameterSpace<Integer>) spaces.get(EMBEDDING_SIZE),
                    (ParameterSpace<Integer>) spaces.get(WINDOW), (ParameterSpace<Integer>) spaces.get(NEGATIVES),
                    (ParameterSpace<Double>) spaces.get(NEGATIVE_EXPONENT), (ParameterSpace<Double>) spaces.get(SUBSAMPLE),
                    spaces.get(TYPE_AWARE_NEGATIVES),
                    (ParameterSpace<Double>) spaces.get(LEARNING_RATE), (ParameterSpace<Integer>) spaces.get(EPOCHS),
                    (ParameterSpace<Integer>) spaces.get(WALKS_PER_NODE), (ParameterSpace<Integer>) spaces.get(WALK_LENGTH),
                    (ParameterSpace<String>) spaces.get(WALK_KIND), (ParameterSpace<Double>) spaces.get(P),
                    (ParameterSpace<Double>) spaces.get(Q), (ParameterSpace<String>) spaces.get(METAPATHS), seed);
        }
    }
}
