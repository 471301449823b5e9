package org.heteroembed.config;

import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The settings of one config value (a section of a job file: {@code walks}, {@code skipGram}, {@code training}, ...)
 * and everything that can be done with them generically: defaults for a new builder, range checks of a built
 * value, copying into a builder, overriding some values, and the section's JSON tree. Unknown keys and values of
 * the wrong type are {@link SettingException}s naming the key.
 *
 * @param <S> the config value
 * @param <B> its builder
 */
public final class SettingSection<S, B> {
    private final String name;
    private final Supplier<B> newBuilder;
    private final Function<B, S> build;
    private final List<Setting<S, B, ?>> settings;

    private SettingSection(String name, Supplier<B> newBuilder, Function<B, S> build, List<Setting<S, B, ?>> settings) {
        this.name = name;
        this.newBuilder = newBuilder;
        this.build = build;
        this.settings = List.copyOf(settings);
        for (Setting<S, B, ?> s : settings) {
            if (!s.section().equals(name)) {
                throw new IllegalStateException(s.key() + " declared in section " + name);
            }
        }
    }

    /**
     * @param newBuilder a builder with the defaults applied (its constructor calls {@link #applyDefaults})
     * @param build      builds (and so validates) the value
     */
    @SafeVarargs
    public static <S, B> SettingSection<S, B> of(String name, Supplier<B> newBuilder, Function<B, S> build,
                                                 Setting<S, B, ?>... settings) {
        return new SettingSection<>(name, newBuilder, build, List.of(settings));
    }

    public String name() {
        return name;
    }

    public List<Setting<S, B, ?>> settings() {
        return settings;
    }

    public Optional<Setting<S, B, ?>> find(String settingName) {
        return settings.stream().filter(s -> s.name().equals(settingName)).findFirst();
    }

    /** Sets every setting's default in {@code builder}; builders call this from their constructor. */
    public void applyDefaults(B builder) {
        for (Setting<S, B, ?> s : settings) {
            s.set(builder, s.defaultValue());
        }
    }

    /** Checks every setting's value against its rules; configs call this when they are built. */
    public void check(S value) {
        for (Setting<S, B, ?> s : settings) {
            checkOne(s, value);
        }
    }

    private static <S, B, T> void checkOne(Setting<S, B, T> s, S value) {
        s.check(s.get(value));
    }

    /** A builder holding {@code value}'s settings (other builder state keeps the builder's defaults). */
    public B toBuilder(S value) {
        B b = newBuilder.get();
        for (Setting<S, B, ?> s : settings) {
            s.set(b, s.get(value));
        }
        return b;
    }

    /** The default value of this section. */
    public S defaults() {
        return build.apply(newBuilder.get());
    }

    /**
     * {@code value} with some settings replaced.
     *
     * @param overrides values by setting name (within this section); null values unset optional settings
     * @throws SettingException for an unknown name or a value the setting does not take
     */
    public S with(S value, Map<String, Object> overrides) {
        if (overrides.isEmpty()) {
            return value;
        }
        B b = toBuilder(value);
        for (Map.Entry<String, Object> e : overrides.entrySet()) {
            require(e.getKey()).set(b, e.getValue());
        }
        return build.apply(b);
    }

    /** The section as a JSON object: every setting, in declaration order, unset optional ones as null. */
    public ObjectNode toTree(S value) {
        ObjectNode node = SettingsJson.mapper().createObjectNode();
        for (Setting<S, B, ?> s : settings) {
            node.set(s.name(), SettingsJson.toTree(s.type(), s.get(value)));
        }
        return node;
    }

    /**
     * Reads the section from a JSON object; missing settings keep their defaults.
     *
     * @throws SettingException naming the key of an unknown setting, a value of the wrong type or out of range
     */
    public S fromTree(JsonNode node) {
        B b = newBuilder.get();
        applyTree(b, node);
        return build.apply(b);
    }

    /** Writes the settings found in {@code node} into {@code builder}. */
    public void applyTree(B builder, JsonNode node) {
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            throw new SettingException(name, null, "must be a map of settings (" + names() + "), got " + node);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Setting<S, B, ?> s = require(e.getKey());
            s.set(builder, SettingsJson.fromTree(s, e.getValue()));
        }
    }

    private Setting<S, B, ?> require(String settingName) {
        return find(settingName).orElseThrow(() -> new SettingException(name + "." + settingName, null,
                "is not a setting" + suggestion(settingName) + "; the settings of '" + name + "' are " + names()));
    }

    private String suggestion(String wrong) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Setting<S, B, ?> s : settings) {
            int d = distance(wrong.toLowerCase(), s.name().toLowerCase());
            if (d < bestDistance) {
                bestDistance = d;
                best = s.name();
            }
        }
        return best != null && bestDistance <= Math.max(2, wrong.length() / 3) ? " (did you mean " + name + "." + best + "?)" : "";
    }

    /** Levenshtein distance, for "did you mean" (and string similarity elsewhere). */
    public static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private String names() {
        List<String> n = new ArrayList<>();
        settings.forEach(s -> n.add(s.name()));
        return String.join(", ", n);
    }

    @Override
    public String toString() {
        return "SettingSection{" + name + ": " + names() + "}";
    }
}
