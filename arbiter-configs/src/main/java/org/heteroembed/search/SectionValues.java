package org.heteroembed.search;

import org.heteroembed.config.Setting;
import org.heteroembed.config.SettingSection;
import org.heteroembed.config.ValueType;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of one section of a search config ({@code search}, {@code score}), by setting name. Those sections
 * need no class of fields of their own: each setting is declared once, as a {@link Setting} made by
 * {@link #setting} (its name, type, default, range and help), and read back typed with {@link #get}. Defaults,
 * range checks, unknown keys and the JSON tree are {@link SettingSection}'s, as for the job's own sections.
 * Immutable.
 */
public final class SectionValues implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Map<String, Object> values;

    private SectionValues(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The value of a setting of this section. */
    public <T> T get(Setting<SectionValues, Builder, T> setting) {
        return setting.get(this);
    }

    /** A setting stored by its name in a section's values. */
    static <T> Setting<SectionValues, Builder, T> setting(String section, String name, ValueType<T> type) {
        return Setting.of(section, name, type, v -> type.type().cast(v.values.get(name)),
                (Builder b, T value) -> b.values.put(name, value));
    }

    /** A section of these settings: a new builder holds their defaults, a built value is range-checked. */
    static SettingSection<SectionValues, Builder> section(String name, List<Setting<SectionValues, Builder, ?>> settings) {
        @SuppressWarnings("unchecked")
        SettingSection<SectionValues, Builder>[] self = new SettingSection[1];
        @SuppressWarnings("unchecked")
        Setting<SectionValues, Builder, ?>[] array = settings.toArray(new Setting[0]);
        self[0] = SettingSection.of(name, () -> {
            Builder b = new Builder();
            self[0].applyDefaults(b);
            return b;
        }, b -> {
            SectionValues v = new SectionValues(b.values);
            self[0].check(v);
            return v;
        }, array);
        return self[0];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SectionValues v && v.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }

    /** Values being read; {@link SettingSection} fills it. */
    public static final class Builder {
        private final Map<String, Object> values = new LinkedHashMap<>();
    }
}
