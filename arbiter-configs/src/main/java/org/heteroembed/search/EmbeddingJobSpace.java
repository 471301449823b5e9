package org.heteroembed.search;

import org.deeplearning4j.arbiter.optimize.api.AbstractParameterSpace;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.FixedValue;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.deeplearning4j.arbiter.optimize.serde.jackson.JsonMapper;
import org.deeplearning4j.arbiter.optimize.serde.jackson.YamlMapper;
import org.deeplearning4j.arbiter.util.LeafUtils;
import org.heteroembed.config.Setting;
import org.heteroembed.config.SettingException;
import org.heteroembed.config.SettingsJson;
import org.heteroembed.config.ValueType;
import org.heteroembed.job.EmbeddingJob;
import org.heteroembed.walk.WalkConfig;
import org.heteroembed.walk.WalkKind;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The hyperparameter space of a search: a base {@link EmbeddingJob} (the fixed values) and, for some of its
 * settings, by key ({@code model.dimension}, {@code walks.kind}, ...), an Arbiter space: {@code FixedValue},
 * {@code DiscreteParameterSpace} (choices), {@code IntegerParameterSpace} or {@code ContinuousParameterSpace}
 * (ranges, linear or {@code LogUniformDistribution}). A candidate is the base job with the spaces' values
 * ({@link #candidate}), built and checked by the job model itself, so a value is checked by its setting's own
 * type and range, wherever it comes from.
 *
 * <p>As arbiter-deeplearning4j's {@code ComputationGraphSpace}, it is not a leaf: the generator numbers the leaves
 * of the nested spaces ({@link #collectLeaves()}) and {@link #getValue(double[])} asks each for its value.
 * {@code FixedValue}s have no leaf, which keeps grid search counting right.
 *
 * <p><b>Normalised candidates.</b> Values the walk kind does not use are dropped: metapaths unless it is metapath,
 * start types when it is, p and q (back to 1) unless it is node2vec. Two candidates that would train the same
 * model are then the same job, which the task creator trains once.
 *
 * <p>Arbiter keeps space values through its JSON only as numbers and strings: enums are kept as their file
 * spelling, booleans, lists and maps as JSON text. The space writes itself as Arbiter JSON or YAML, the base job
 * as its job tree.
 */
@SuppressWarnings({"rawtypes", "unchecked"}) // Arbiter's ParameterSpace API (collectLeaves, getNestedSpaces) is raw
public final class EmbeddingJobSpace extends AbstractParameterSpace<EmbeddingJob> {
    private final JsonNode job;
    private final LinkedHashMap<String, ParameterSpace> space;

    @JsonCreator
    private EmbeddingJobSpace(@JsonProperty("job") JsonNode job, @JsonProperty("space") Map<String, ParameterSpace> space) {
        this.job = EmbeddingJob.fromTree(job).toTree(); // checks it is a job
        this.space = new LinkedHashMap<>(space == null ? Map.of() : space);
        for (String key : this.space.keySet()) {
            settingOf(key);
        }
        // Numbered as Arbiter's generators number them (they do it again, the same way): values are readable now.
        int next = 0;
        for (ParameterSpace leaf : LeafUtils.getUniqueObjects(collectLeaves())) {
            int[] indices = new int[leaf.numParameters()];
            for (int i = 0; i < indices.length; i++) {
                indices[i] = next++;
            }
            leaf.setIndices(indices);
        }
    }

    /** A space over {@code base}: add a space per setting key, then {@link Builder#build()}. */
    public static Builder builder(EmbeddingJob base) {
        return new Builder(base);
    }

    /** The base job: every setting not in the space. */
    public EmbeddingJob baseJob() {
        return EmbeddingJob.fromTree(job);
    }

    /** The keys of the space, in order. */
    public List<String> keys() {
        return List.copyOf(space.keySet());
    }

    /** The keys whose space has more than one value. */
    public List<String> searchedKeys() {
        return space.entrySet().stream().filter(e -> !(e.getValue() instanceof FixedValue)).map(Map.Entry::getKey).toList();
    }

    /** The Arbiter space of a setting key. */
    public ParameterSpace<?> space(String key) {
        ParameterSpace s = space.get(key);
        if (s == null) {
            throw new IllegalArgumentException("'" + key + "' is not in the space (" + String.join(", ", space.keySet()) + ")");
        }
        return s;
    }

    @Override
    public EmbeddingJob getValue(double[] values) {
        Map<String, Object> v = new LinkedHashMap<>();
        space.forEach((key, s) -> v.put(key, s.getValue(values)));
        return candidate(v);
    }

    /**
     * The base job with these values (by key, as the spaces hold them), normalised.
     *
     * @throws SettingException naming the setting of a value the job does not take
     */
    public EmbeddingJob candidate(Map<String, ?> values) {
        ObjectNode tree = job.deepCopy();
        values.forEach((key, value) -> {
            Setting<?, ?, ?> s = settingOf(key);
            tree.with(s.section()).set(s.name(), node(s, value));
        });
        normalise(tree.with(WalkConfig.SETTINGS.name()));
        return EmbeddingJob.fromTree(tree);
    }

    private static void normalise(ObjectNode walks) {
        JsonNode declared = walks.get(WalkConfig.KIND.name());
        WalkKind kind = declared != null && declared.isTextual() ? ValueType.parseEnum(WalkKind.class, declared.asText()) : null;
        if (kind == null) { // automatic: metapath when there are metapaths
            kind = walks.path(WalkConfig.METAPATHS.name()).isEmpty() ? WalkKind.UNIFORM : WalkKind.METAPATH;
        }
        walks.putArray(kind == WalkKind.METAPATH ? WalkConfig.START_TYPES.name() : WalkConfig.METAPATHS.name());
        if (kind != WalkKind.NODE2VEC) {
            walks.put(WalkConfig.P.name(), WalkConfig.P.defaultValue());
            walks.put(WalkConfig.Q.name(), WalkConfig.Q.defaultValue());
        }
    }

    /** A value as Arbiter's spaces keep it: numbers and strings as they are, other values as JSON text. */
    static Object stored(JsonNode value) {
        if (value.isIntegralNumber()) {
            return value.canConvertToInt() ? (Object) value.intValue() : (Object) value.longValue();
        }
        if (value.isNumber()) {
            return value.doubleValue();
        }
        return value.isTextual() ? value.asText() : value.toString();
    }

    private static Object stored(Object javaValue) {
        if (javaValue instanceof Number || javaValue instanceof String) {
            return javaValue;
        }
        return javaValue instanceof Enum<?> e ? ValueType.name(e) : stored(SettingsJson.mapper().valueToTree(javaValue));
    }

    /** A stored value as the job tree holds it; for a list setting, one value is a list of one. */
    private static JsonNode node(Setting<?, ?, ?> s, Object value) {
        JsonNode node = value instanceof String text && (s.type().isList() || s.type().isMap() || s.type().isBoolean())
                && (text.startsWith("[") || text.startsWith("{") || text.equals("true") || text.equals("false"))
                ? SettingsJson.parse(text, false, s.key()) : SettingsJson.mapper().valueToTree(value);
        return s.type().isList() && !node.isArray() ? SettingsJson.mapper().createArrayNode().add(node) : node;
    }

    private static Setting<?, ?, ?> settingOf(String key) {
        if (key.startsWith("spark.")) {
            throw new SettingException(key, null, "is not searchable: a search trains each candidate in one process");
        }
        return EmbeddingJob.setting(key);
    }

    /**
     * The values a key's space probes: each choice, or both ends of a range.
     */
    List<Object> probes(String key) {
        ParameterSpace s = space(key);
        if (s instanceof FixedValue f) {
            return List.of(f.getValue());
        }
        int n = s instanceof DiscreteParameterSpace d ? d.numValues() : 2;
        List<Object> out = new ArrayList<>();
        double[] v = new double[numParameters()];
        for (int k = 0; k < n; k++) {
            Arrays.fill(v, n == 1 ? 0 : (double) k / (n - 1));
            out.add(s.getValue(v));
        }
        return out;
    }

    /**
     * Checks that every candidate can be built, before anything trains: each value of each key with the other keys
     * at their first value, then each pair of values of two keys; and that no searched value is one no candidate
     * uses (metapaths without metapath walks, p or q without node2vec).
     *
     * @throws SettingException naming {@code space.<key>} (with {@code [i]}, {@code .min} or {@code .max}), or
     *                          {@code space} for a pair of values that do not go together
     */
    public void check() {
        Map<String, Object> first = new LinkedHashMap<>();
        space.keySet().forEach(k -> first.put(k, probes(k).get(0)));
        for (String key : space.keySet()) {
            List<Object> values = probes(key);
            for (int i = 0; i < values.size(); i++) {
                String at = "space." + key + (values.size() == 1 ? "" : space.get(key) instanceof DiscreteParameterSpace
                        ? "[" + i + "]" : i == 0 ? ".min" : ".max");
                probe(first, Map.of(key, values.get(i)), at, key);
            }
        }
        Set<WalkKind> kinds = EnumSet.noneOf(WalkKind.class);
        for (Object kind : space.containsKey(WalkConfig.KIND.key()) ? probes(WalkConfig.KIND.key()) : List.of()) {
            kinds.add(probe(first, Map.of(WalkConfig.KIND.key(), kind), "space", null).walks().kind());
        }
        kinds.add(candidate(first).walks().kind());
        unused(kinds, WalkKind.METAPATH, WalkConfig.METAPATHS);
        unused(kinds, WalkKind.NODE2VEC, WalkConfig.P);
        unused(kinds, WalkKind.NODE2VEC, WalkConfig.Q);
        List<String> keys = keys();
        for (int i = 0; i < keys.size(); i++) {
            for (int j = i + 1; j < keys.size(); j++) {
                for (Object a : probes(keys.get(i))) {
                    for (Object b : probes(keys.get(j))) {
                        Map<String, Object> pair = new LinkedHashMap<>();
                        pair.put(keys.get(i), a);
                        pair.put(keys.get(j), b);
                        probe(first, pair, "space", null);
                    }
                }
            }
        }
    }

    private void unused(Set<WalkKind> kinds, WalkKind needed, Setting<?, ?, ?> s) {
        if (space.containsKey(s.key()) && !kinds.contains(needed)) {
            throw new SettingException("space." + s.key(), null, "is searched, but no candidate walks "
                    + ValueType.name(needed) + " (walk kinds " + kinds.stream().map(ValueType::name).toList() + ")");
        }
    }

    private EmbeddingJob probe(Map<String, Object> first, Map<String, Object> values, String at, String key) {
        Map<String, Object> v = new LinkedHashMap<>(first);
        v.putAll(values);
        try {
            return candidate(v);
        } catch (IllegalArgumentException e) {
            String problem = e instanceof SettingException se && se.key().equals(key) ? se.problem() : e.getMessage();
            throw new SettingException(at, null, key != null ? problem : "the candidate " + values + " is not a valid job: " + problem);
        }
    }

    @Override
    public int numParameters() {
        return LeafUtils.countUniqueParameters(collectLeaves());
    }

    @Override
    public List<ParameterSpace> collectLeaves() {
        List<ParameterSpace> leaves = new ArrayList<>();
        space.values().forEach(s -> leaves.addAll(s.collectLeaves())); // a leaf returns itself, a FixedValue nothing
        return leaves;
    }

    @Override
    public Map<String, ParameterSpace> getNestedSpaces() {
        return new LinkedHashMap<>(space);
    }

    @Override
    public boolean isLeaf() {
        return false;
    }

    @Override
    public void setIndices(int... indices) {
        throw new UnsupportedOperationException("EmbeddingJobSpace is not a leaf: the generator numbers its nested spaces");
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
        return o instanceof EmbeddingJobSpace s && job.equals(s.job) && space.equals(s.space); // trees of built jobs
    }

    @Override
    public int hashCode() {
        return Objects.hash(job, space.keySet());
    }

    @Override
    public String toString() {
        return "EmbeddingJobSpace" + space;
    }

    /** Spaces by setting key over a base job; a key left out keeps the base job's value. */
    public static final class Builder {
        private final EmbeddingJob base;
        private final Map<String, ParameterSpace> spaces = new LinkedHashMap<>();

        private Builder(EmbeddingJob base) {
            this.base = Objects.requireNonNull(base, "base job");
        }

        /**
         * The space of a setting: of its values (enum constants or their names, numbers, booleans, lists).
         *
         * @throws SettingException for a key that is not a job setting (with the setting's "did you mean")
         */
        public Builder space(String key, ParameterSpace<?> space) {
            settingOf(key);
            spaces.put(key, Objects.requireNonNull(space, key));
            return this;
        }

        /** Fixes a setting (an Arbiter {@link FixedValue}), for every candidate. */
        public Builder fixed(String key, Object value) {
            return space(key, new FixedValue<>(stored(Objects.requireNonNull(value, key))));
        }

        /** Choices of a setting (a {@link DiscreteParameterSpace}, or a {@link FixedValue} for one). */
        public Builder choices(String key, List<?> values) {
            List<Object> stored = values.stream().map(EmbeddingJobSpace::stored).toList();
            return space(key, stored.size() == 1 ? new FixedValue<>(stored.get(0)) : new DiscreteParameterSpace<>(stored));
        }

        /** The space, without {@link EmbeddingJobSpace#check()}ing its candidates. */
        public EmbeddingJobSpace build() {
            return new EmbeddingJobSpace(base.toTree(), spaces);
        }
    }
}
