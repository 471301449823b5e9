package org.heteroembed.sampling;

import org.heteroembed.config.Setting;
import org.heteroembed.config.SettingSection;
import org.heteroembed.config.ValueType;

import java.io.Serializable;
import java.util.Objects;

/**
 * How walks become skip-gram training pairs: context window (with word2vec's random shrink), subsampling of
 * frequent nodes, number of negatives, the exponent of the negative distribution (unigram^0.75), and whether
 * negatives are drawn from the context node's type only (metapath2vec++). Immutable, built with
 * {@link #builder()}, validated when built. The settings are declared once, in {@link #SETTINGS} (the
 * {@code skipGram} section of a job file); the seed comes from the job's training settings.
 */
public final class SkipGramConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final Setting<SkipGramConfig, Builder, Integer> WINDOW = Setting.of("skipGram", "window",
                    ValueType.INT, SkipGramConfig::window, Builder::window)
            .flag("--window").paramLabel("N").defaultValue(5).atLeast(1)
            .help("Context window: nodes on each side of the center (each center draws its window from 1..this).");
    public static final Setting<SkipGramConfig, Builder, Integer> NEGATIVES = Setting.of("skipGram", "negatives",
                    ValueType.INT, SkipGramConfig::negatives, Builder::negatives)
            .flag("--negatives").paramLabel("N").defaultValue(5).atLeast(0).help("Negative samples per (center, context) pair.");
    public static final Setting<SkipGramConfig, Builder, Double> SUBSAMPLE = Setting.of("skipGram", "subsample",
                    ValueType.DOUBLE, SkipGramConfig::subsample, Builder::subsample)
            .flag("--subsample").paramLabel("THRESHOLD").defaultValue(1e-3).atLeast(0)
            .help("Subsampling threshold of frequent nodes (word2vec: 1e-3 to 1e-5); 0 turns it off.");
    public static final Setting<SkipGramConfig, Builder, Double> NEGATIVE_EXPONENT = Setting.of("skipGram",
                    "negativeExponent", ValueType.DOUBLE, SkipGramConfig::negativeExponent, Builder::negativeExponent)
            .flag("--negative-exponent").paramLabel("EXPONENT").defaultValue(0.75).atLeast(0)
            .help("Negatives are drawn with probability frequency^this (word2vec: 0.75).");
    public static final Setting<SkipGramConfig, Builder, Boolean> TYPE_AWARE_NEGATIVES = Setting.of("skipGram",
                    "typeAwareNegatives", ValueType.BOOLEAN, SkipGramConfig::typeAwareNegatives,
                    Builder::typeAwareNegatives)
            .flag("--type-aware-negatives").defaultValue(false)
            .help("Draw negatives from the context node's type only (metapath2vec++).");

    /** The {@code skipGram} section of a job. */
    public static final SettingSection<SkipGramConfig, Builder> SETTINGS = SettingSection.of("skipGram", Builder::new,
            Builder::build, WINDOW, NEGATIVES, SUBSAMPLE, NEGATIVE_EXPONENT, TYPE_AWARE_NEGATIVES);

    private final int window;
    private final int negatives;
    private final double subsample;
    private final double negativeExponent;
    private final boolean typeAwareNegatives;
    private final long seed;

    private SkipGramConfig(Builder b) {
        this.window = b.window;
        this.negatives = b.negatives;
        this.subsample = b.subsample;
        this.negativeExponent = b.negativeExponent;
        this.typeAwareNegatives = b.typeAwareNegatives;
        this.seed = b.seed;
        SETTINGS.check(this);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return SETTINGS.toBuilder(this).seed(seed);
    }

    /** Maximum distance between center and context; each center uses a window drawn from 1..window. */
    public int window() {
        return window;
    }

    public int negatives() {
        return negatives;
    }

    /** word2vec's subsampling threshold t (0 = off): a node of frequency f is kept with probability (sqrt(f/t)+1)t/f. */
    public double subsample() {
        return subsample;
    }

    public double negativeExponent() {
        return negativeExponent;
    }

    public boolean typeAwareNegatives() {
        return typeAwareNegatives;
    }

    public long seed() {
        return seed;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SkipGramConfig c && c.window == window && c.negatives == negatives
                && c.subsample == subsample && c.negativeExponent == negativeExponent
                && c.typeAwareNegatives == typeAwareNegatives && c.seed == seed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(window, negatives, subsample, negativeExponent, typeAwareNegatives, seed);
    }

    @Override
    public String toString() {
        return "SkipGramConfig" + SETTINGS.toTree(this).put("seed", seed);
    }

    /** Defaults of word2vec and metapath2vec: window 5, 5 negatives, subsampling 1e-3, exponent 0.75. */
    public static final class Builder {
        private int window;
        private int negatives;
        private double subsample;
        private double negativeExponent;
        private boolean typeAwareNegatives;
        private long seed = 42;

        public Builder() {
            SETTINGS.applyDefaults(this);
        }

        public Builder window(int window) {
            this.window = window;
            return this;
        }

        public Builder negatives(int negatives) {
            this.negatives = negatives;
            return this;
        }

        public Builder subsample(double threshold) {
            this.subsample = threshold;
            return this;
        }

        public Builder negativeExponent(double exponent) {
            this.negativeExponent = exponent;
            return this;
        }

        public Builder typeAwareNegatives(boolean typeAware) {
            this.typeAwareNegatives = typeAware;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public SkipGramConfig build() {
            return new SkipGramConfig(this);
        }
    }
}
