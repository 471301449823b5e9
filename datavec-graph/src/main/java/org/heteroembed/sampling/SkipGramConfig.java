package org.heteroembed.sampling;

import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * How walks become skip-gram training pairs: context window (with word2vec's random shrink), subsampling of
 * frequent nodes, number of negatives, the exponent of the negative distribution (unigram^0.75), and whether
 * negatives are drawn from the context node's type only (metapath2vec++). Immutable, built with
 * {@link #builder()}, validated when built, serializable to JSON.
 */
public final class SkipGramConfig {
    private final int window;
    private final int negatives;
    private final double subsample;
    private final double negativeExponent;
    private final boolean typeAwareNegatives;
    private final long seed;

    @JsonCreator
    private SkipGramConfig(@JsonProperty("window") int window, @JsonProperty("negatives") int negatives,
                           @JsonProperty("subsample") double subsample,
                           @JsonProperty("negativeExponent") double negativeExponent,
                           @JsonProperty("typeAwareNegatives") boolean typeAwareNegatives,
                           @JsonProperty("seed") long seed) {
        this.window = window;
        this.negatives = negatives;
        this.subsample = subsample;
        this.negativeExponent = negativeExponent;
        this.typeAwareNegatives = typeAwareNegatives;
        this.seed = seed;
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1 (nodes on each side of the center), got " + window);
        }
        if (negatives < 0) {
            throw new IllegalArgumentException("negatives must be >= 0, got " + negatives);
        }
        if (!(subsample >= 0) || Double.isInfinite(subsample)) {
            throw new IllegalArgumentException("subsample must be >= 0 (0 turns it off; word2vec uses 1e-3 to 1e-5), got " + subsample);
        }
        if (!(negativeExponent >= 0) || Double.isInfinite(negativeExponent)) {
            throw new IllegalArgumentException("negativeExponent must be >= 0 and finite (word2vec: 0.75), got " + negativeExponent);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().window(window).negatives(negatives).subsample(subsample)
                .negativeExponent(negativeExponent).typeAwareNegatives(typeAwareNegatives).seed(seed);
    }

    /** Maximum distance between center and context; each center uses a window drawn from 1..window. */
    @JsonProperty
    public int window() {
        return window;
    }

    @JsonProperty
    public int negatives() {
        return negatives;
    }

    /** word2vec's subsampling threshold t (0 = off): a node of frequency f is kept with probability (sqrt(f/t)+1)t/f. */
    @JsonProperty
    public double subsample() {
        return subsample;
    }

    @JsonProperty
    public double negativeExponent() {
        return negativeExponent;
    }

    @JsonProperty
    public boolean typeAwareNegatives() {
        return typeAwareNegatives;
    }

    @JsonProperty
    public long seed() {
        return seed;
    }

    public String toJson() {
        return org.heteroembed.graph.io.ConfigJson.write(this);
    }

    public static SkipGramConfig fromJson(String json) {
        return org.heteroembed.graph.io.ConfigJson.read(json, SkipGramConfig.class, "skip-gram config");
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
        return "SkipGramConfig" + toJson();
    }

    /** Defaults of word2vec and metapath2vec: window 5, 5 negatives, subsampling 1e-3, exponent 0.75. */
    public static final class Builder {
        private int window = 5;
        private int negatives = 5;
        private double subsample = 1e-3;
        private double negativeExponent = 0.75;
        private boolean typeAwareNegatives;
        private long seed = 42;

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
            return new SkipGramConfig(window, negatives, subsample, negativeExponent, typeAwareNegatives, seed);
        }
    }
}
