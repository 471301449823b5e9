package org.heteroembed.search;

import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.distribution.LogUniformDistribution;
import org.deeplearning4j.arbiter.optimize.parameter.FixedValue;
import org.deeplearning4j.arbiter.optimize.parameter.continuous.ContinuousParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.integer.IntegerParameterSpace;
import org.heteroembed.config.Setting;
import org.heteroembed.config.SettingException;
import org.heteroembed.config.ValueType;
import org.heteroembed.job.EmbeddingJob;
import org.nd4j.shade.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code space:} section of a search config into an {@link EmbeddingJobSpace}: each key is a job setting
 * ({@code skipGram.window}); its value is a fixed value, a list of choices, or a range {@code {min, max}} (with
 * {@code scale: log} for real-valued settings), an integer range for integer settings. Then every candidate value
 * is checked by the job model ({@link EmbeddingJobSpace#check()}). Errors are {@link SettingException}s naming
 * {@code space.<key>}.
 */
final class SpaceReader {
    private SpaceReader() {
    }

    static EmbeddingJobSpace read(EmbeddingJob base, JsonNode node) {
        EmbeddingJobSpace.Builder b = EmbeddingJobSpace.builder(base);
        if (node != null && !node.isNull()) {
            if (!node.isObject()) {
                throw new SettingException("space", null, "must map setting keys (e.g. skipGram.window) to a value, "
                        + "a list of values or a range {min, max}, got " + node);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String at = "space." + e.getKey();
                Setting<?, ?, ?> s;
                try {
                    s = e.getKey().contains(".") ? EmbeddingJob.setting(e.getKey()) : null;
                } catch (SettingException unknown) {
                    throw new SettingException(at, null, unknown.problem());
                }
                if (s == null) {
                    throw new SettingException(at, null, "is not a setting key: give section.name, e.g. skipGram.window");
                }
                try {
                    b.space(e.getKey(), space(s, e.getValue(), at));
                } catch (SettingException notSearchable) {
                    throw notSearchable.key().startsWith("space.") ? notSearchable
                            : new SettingException(at, null, notSearchable.problem());
                }
            }
        }
        EmbeddingJobSpace space = b.build();
        space.check();
        return space;
    }

    private static ParameterSpace<?> space(Setting<?, ?, ?> s, JsonNode v, String at) {
        if (v.isNull()) {
            throw new SettingException(at, null, "has no value");
        }
        Class<?> type = s.type().type();
        boolean numeric = type == Integer.class || type == Long.class || type == Double.class;
        if (v.isObject() && numeric) {
            return range(s, v, at, type != Double.class);
        }
        if (!v.isArray()) {
            return new FixedValue<>(EmbeddingJobSpace.stored(v));
        }
        if (v.isEmpty()) {
            throw new SettingException(at, null, "is an empty list: give at least one value");
        }
        List<Object> values = new ArrayList<>();
        for (JsonNode x : v) {
            Object stored = EmbeddingJobSpace.stored(x);
            if (values.contains(stored)) {
                throw new SettingException(at, null, "lists the value " + x + " twice");
            }
            values.add(stored);
        }
        return values.size() == 1 ? new FixedValue<>(values.get(0)) : new DiscreteParameterSpace<>(values);
    }

    private static ParameterSpace<?> range(Setting<?, ?, ?> s, JsonNode v, String at, boolean integers) {
        for (Iterator<String> names = v.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!List.of("min", "max", "scale").contains(name)) {
                throw new SettingException(at + "." + name, null, "is not part of a range (min, max, scale)");
            }
        }
        if (!v.has("min") || !v.has("max")) {
            throw new SettingException(at, null, "a range needs both min and max, got " + v);
        }
        double min = number(v.get("min"), at + ".min", integers), max = number(v.get("max"), at + ".max", integers);
        if (min > max) {
            throw new SettingException(at, null, "min " + s.type().format(min) + " > max " + s.type().format(max));
        }
        String scale = v.has("scale") ? v.get("scale").asText() : "linear";
        if (!scale.equals("linear") && !scale.equals("log")) {
            throw new SettingException(at + ".scale", null, "must be linear or log, got " + v.get("scale"));
        }
        boolean log = scale.equals("log");
        if (log && integers) {
            throw new SettingException(at + ".scale", null, "log scale is for real-valued settings ("
                    + s.key() + " is " + s.type().description() + "): give a list of values instead");
        }
        if (log && !(min > 0)) {
            throw new SettingException(at + ".min", null, "a log-scale range needs min > 0, got " + s.type().format(min));
        }
        if (min == max) {
            return new FixedValue<>(integers ? (Object) (int) min : (Object) min);
        }
        if (integers) {
            return new IntegerParameterSpace((int) min, (int) max);
        }
        return log ? new ContinuousParameterSpace(new LogUniformDistribution(min, max)) : new ContinuousParameterSpace(min, max);
    }

    private static double number(JsonNode n, String at, boolean integer) {
        double x;
        try { // YAML 1.1 reads 1e-3 (no dot) as a string
            x = n.isNumber() ? n.doubleValue() : Double.parseDouble(n.asText().trim());
        } catch (NumberFormatException e) {
            throw new SettingException(at, null, "must be a number, got " + n);
        }
        if (!Double.isFinite(x) || integer && (x != Math.rint(x) || Math.abs(x) > Integer.MAX_VALUE)) {
            throw new SettingException(at, null, "must be " + (integer ? "an integer (of 32 bits)" : "a finite number")
                    + ", got " + ValueType.DOUBLE.format(x));
        }
        return x;
    }
}
