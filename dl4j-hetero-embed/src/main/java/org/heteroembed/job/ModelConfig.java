package org.heteroembed.job;

import org.heteroembed.config.Setting;
import org.heteroembed.config.SettingSection;
import org.heteroembed.config.ValueType;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The model of a job: the embedding dimension, and optionally a smaller table width for some node types (those
 * types get a projection to the shared dimension, see {@code HeteroEmbeddingLayer}). The {@code model} section of a
 * job file; settings declared once in {@link #SETTINGS}. Immutable.
 */
public final class ModelConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final Setting<ModelConfig, Builder, Integer> DIMENSION = Setting.of("model", "dimension", ValueType.INT,
                    ModelConfig::dimension, Builder::dimension)
            .flag("--dimension").paramLabel("N").defaultValue(128).atLeast(1).help("Embedding size (the shared space of all types).");
    public static final Setting<ModelConfig, Builder, Map<String, Integer>> TYPE_DIMENSIONS = Setting.of("model",
                    "typeDimensions", ValueType.STRING_TO_INT, ModelConfig::typeDimensions, Builder::typeDimensions)
            .flag("--type-dimension").paramLabel("TYPE=N").defaultValue(Map.of())
            .help("Table width of a node type, projected to the dimension (repeat the flag); needs the fit engine.");

    /** The {@code model} section of a job. */
    public static final SettingSection<ModelConfig, Builder> SETTINGS = SettingSection.of("model", Builder::new,
            Builder::build, DIMENSION, TYPE_DIMENSIONS);

    private final int dimension;
    private final Map<String, Integer> typeDimensions;

    private ModelConfig(Builder b) {
        this.dimension = b.dimension;
        this.typeDimensions = b.typeDimensions == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.typeDimensions));
        SETTINGS.check(this);
        for (Map.Entry<String, Integer> e : typeDimensions.entrySet()) {
            if (e.getValue() == null || e.getValue() < 1) {
                throw TYPE_DIMENSIONS.invalid("must be >= 1 for every type, got " + e.getKey() + "=" + e.getValue());
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return SETTINGS.toBuilder(this);
    }

    public int dimension() {
        return dimension;
    }

    /** Table widths of the types that differ from the dimension (by type name). */
    public Map<String, Integer> typeDimensions() {
        return typeDimensions;
    }

    /**
     * The table width of each type of {@code types} (in that order), or null when every table has the dimension.
     *
     * @throws org.heteroembed.config.SettingException naming a type of {@link #typeDimensions} the graph lacks
     */
    public int[] tableWidths(List<String> types) {
        for (String t : typeDimensions.keySet()) {
            if (!types.contains(t)) {
                throw TYPE_DIMENSIONS.invalid("names node type '" + t + "', which the graph does not have " + types);
            }
        }
        if (typeDimensions.values().stream().allMatch(d -> d == dimension)) {
            return null;
        }
        return types.stream().mapToInt(t -> typeDimensions.getOrDefault(t, dimension)).toArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelConfig m && m.dimension == dimension && m.typeDimensions.equals(typeDimensions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dimension, typeDimensions);
    }

    @Override
    public String toString() {
        return "ModelConfig" + SETTINGS.toTree(this);
    }

    public static final class Builder {
        private int dimension;
        private Map<String, Integer> typeDimensions;

        public Builder() {
            SETTINGS.applyDefaults(this);
        }

        public Builder dimension(int dimension) {
            this.dimension = dimension;
            return this;
        }

        public Builder typeDimensions(Map<String, Integer> widths) {
            this.typeDimensions = widths;
            return this;
        }

        public ModelConfig build() {
            return new ModelConfig(this);
        }
    }
}
