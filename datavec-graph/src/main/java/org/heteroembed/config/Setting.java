package org.heteroembed.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One setting of an embedding job, declared once: its key in job files ({@code section.name}), its command-line
 * flag, its type, default, allowed range and help text, and how to read it from the config value and write it into
 * the config's builder. Job files ({@link SettingSection}), command-line options and search spaces are all made
 * from these declarations, so a default or a range exists in exactly one place.
 *
 * <p>Immutable; the fluent methods return a changed copy (they run once, when the declaring class initialises):
 * <pre>{@code
 * static final Setting<WalkConfig, Builder, Integer> WALK_LENGTH = Setting.of("walks", "walkLength", ValueType.INT,
 *         WalkConfig::walkLength, Builder::walkLength).flag("--walk-length").defaultValue(80).atLeast(2)
 *         .help("Nodes per walk.");
 * }</pre>
 *
 * @param <S> the config value the setting belongs to
 * @param <B> that config's builder
 * @param <T> the setting's type
 */
public final class Setting<S, B, T> {
    private record Rule<T>(Predicate<T> test, String description) {
    }

    private final String section;
    private final String name;
    private final ValueType<T> type;
    private final Function<S, T> getter;
    private final BiConsumer<B, T> setter;
    private final String flag;
    private final String paramLabel;
    private final T defaultValue;
    private final String defaultText;
    private final boolean optional;
    private final boolean identity;
    private final String help;
    private final List<Rule<T>> rules;

    private Setting(String section, String name, ValueType<T> type, Function<S, T> getter, BiConsumer<B, T> setter,
                    String flag, String paramLabel, T defaultValue, String defaultText, boolean optional,
                    boolean identity, String help, List<Rule<T>> rules) {
        this.section = section;
        this.name = name;
        this.type = type;
        this.getter = getter;
        this.setter = setter;
        this.flag = flag;
        this.paramLabel = paramLabel;
        this.defaultValue = defaultValue;
        this.defaultText = defaultText;
        this.optional = optional;
        this.identity = identity;
        this.help = help;
        this.rules = List.copyOf(rules);
    }

    /** A required setting without flag, default, rules or help yet. */
    public static <S, B, T> Setting<S, B, T> of(String section, String name, ValueType<T> type, Function<S, T> getter,
                                               BiConsumer<B, T> setter) {
        return new Setting<>(section, name, type, getter, setter, null, null, null, null, false, true, "", List.of());
    }

    private Setting<S, B, T> copy(String flag, String paramLabel, T defaultValue, String defaultText, boolean optional,
                                  boolean identity, String help, List<Rule<T>> rules) {
        return new Setting<>(section, name, type, getter, setter, flag, paramLabel, defaultValue, defaultText, optional,
                identity, help, rules);
    }

    /** The command-line flag, e.g. {@code --epochs}. */
    public Setting<S, B, T> flag(String flag) {
        return copy(flag, paramLabel, defaultValue, defaultText, optional, identity, help, rules);
    }

    /** The placeholder shown in help, e.g. {@code METAPATH} or a choice list such as {@code fast|sparse|fit}. */
    public Setting<S, B, T> paramLabel(String label) {
        return copy(flag, label, defaultValue, defaultText, optional, identity, help, rules);
    }

    public Setting<S, B, T> defaultValue(T value) {
        return copy(flag, paramLabel, value, defaultText, optional, identity, help, rules);
    }

    /**
     * The setting may be left unset (null); {@code meaning} says what that means in help texts, e.g. "all cores".
     */
    public Setting<S, B, T> optional(String meaning) {
        return copy(flag, paramLabel, null, meaning, true, identity, help, rules);
    }

    /**
     * Not part of what defines a run (speed and bookkeeping: threads, checkpoint interval): a resume may change it.
     */
    public Setting<S, B, T> notIdentity() {
        return copy(flag, paramLabel, defaultValue, defaultText, optional, false, help, rules);
    }

    public Setting<S, B, T> help(String text) {
        return copy(flag, paramLabel, defaultValue, defaultText, optional, identity, text, rules);
    }

    /** Adds a rule; {@code description} follows the setting's name: "must be >= 1". */
    public Setting<S, B, T> rule(Predicate<T> test, String description) {
        List<Rule<T>> more = new ArrayList<>(rules);
        more.add(new Rule<>(test, description));
        return copy(flag, paramLabel, defaultValue, defaultText, optional, identity, help, more);
    }

    public Setting<S, B, T> atLeast(double min) {
        return rule(v -> ((Number) v).doubleValue() >= min, "must be >= " + type.format(min));
    }

    public Setting<S, B, T> greaterThan(double min) {
        return rule(v -> ((Number) v).doubleValue() > min, "must be > " + type.format(min));
    }

    public Setting<S, B, T> atMost(double max) {
        return rule(v -> ((Number) v).doubleValue() <= max, "must be <= " + type.format(max));
    }

    public Setting<S, B, T> lessThan(double max) {
        return rule(v -> ((Number) v).doubleValue() < max, "must be < " + type.format(max));
    }

    /** The setting's key in job files: {@code section.name}. */
    public String key() {
        return section + "." + name;
    }

    public String section() {
        return section;
    }

    /** The setting's name inside its section. */
    public String name() {
        return name;
    }

    public ValueType<T> type() {
        return type;
    }

    /** The command-line flag, or null when the setting has none. */
    public String flag() {
        return flag;
    }

    public String paramLabel() {
        return paramLabel;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public boolean isOptional() {
        return optional;
    }

    /** Whether the setting is part of a run's identity (a resume must keep it). */
    public boolean isIdentity() {
        return identity;
    }

    public String help() {
        return help;
    }

    /** The default as help shows it. */
    public String defaultText() {
        return defaultText != null ? defaultText : type.format(defaultValue);
    }

    /** The allowed range, e.g. "must be >= 1 and must be <= 10", or "" when any value of the type is allowed. */
    public String rangeText() {
        return String.join(" and ", rules.stream().map(Rule::description).toList());
    }

    public T get(S config) {
        return getter.apply(config);
    }

    /** Writes {@code value} into {@code builder} (no check: the built config checks). */
    @SuppressWarnings("unchecked")
    public void set(B builder, Object value) {
        if (value == null && !optional) {
            throw invalid("is missing");
        }
        if (value != null && !type.type().isInstance(value)) {
            throw invalid("must be " + type.description() + ", got " + value);
        }
        setter.accept(builder, (T) value);
    }

    /**
     * Checks a value against the setting's rules.
     *
     * @return the value
     * @throws SettingException naming the setting, the rule and the value
     */
    public T check(T value) {
        if (value == null) {
            if (!optional) {
                throw invalid("is missing");
            }
            return null;
        }
        if (value instanceof Double d && !Double.isFinite(d)) {
            throw invalid("must be a finite number, got " + d);
        }
        for (Rule<T> r : rules) {
            if (!r.test.test(value)) {
                throw invalid(r.description + ", got " + type.format(value));
            }
        }
        return value;
    }

    /** An error about this setting; {@code problem} follows its name, e.g. "must be >= 1, got 0". */
    public SettingException invalid(String problem) {
        return new SettingException(key(), flag, problem);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Setting<?, ?, ?> s && s.key().equals(key());
    }

    @Override
    public int hashCode() {
        return Objects.hash(section, name);
    }

    @Override
    public String toString() {
        return key();
    }
}
