package org.heteroembed.search;

import org.heteroembed.sampling.SkipGramConfig;
import org.heteroembed.walk.WalkConfig;
import org.heteroembed.walk.WalkKind;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One candidate of a search: every setting of an embedding job (walks, skip-gram pairs, model size and
 * training), resolved to values. What {@link EmbeddingJobSpace} produces; immutable, validated when built,
 * {@link Serializable} (Arbiter ships candidates between threads as serialized bytes) and JSON.
 *
 * <p>Values that the walker kind does not use are normalised away: p and q are 1 unless the kind is
 * node2vec, and the metapaths are empty unless it is metapath. So two candidates that would train the same
 * model are {@link #equals equal}, which lets a search train each distinct job only once.
 */
public final class EmbeddingJobConfig implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int embeddingSize;
    private final int window;
    private final int negatives;
    private final double negativeExponent;
    private final double subsample;
    private final boolean typeAwareNegatives;
    private final double learningRate;
    private final int epochs;
    private final int walksPerNode;
    private final int walkLength;
    private final WalkKind walkKind;
    private final double p;
    private final double q;
    private final List<String> metapaths;
    private final long seed;

    @JsonCreator
    private EmbeddingJobConfig(@JsonProperty("embeddingSize") int embeddingSize, @JsonProperty("window") int window,
                               @JsonProperty("negatives") int negatives,
                               @JsonProperty("negativeExponent") double negativeExponent,
                               @JsonProperty("subsample") double subsample,
                               @JsonProperty("typeAwareNegatives") boolean typeAwareNegatives,
                               @JsonProperty("learningRate") double learningRate, @JsonProperty("epochs") int epochs,
                               @JsonProperty("walksPerNode") int walksPerNode, @JsonProperty("walkLength") int walkLength,
                               @JsonProperty("walkKind") WalkKind walkKind, @JsonProperty("p") double p,
                               @JsonProperty("q") double q, @JsonProperty("metapaths") List<String> metapaths,
                               @JsonProperty("seed") long seed) {
        if (walkKind == null) {
            throw new IllegalArgumentException("walkKind is missing (uniform, metapath or node2vec)");
        }
        this.embeddingSize = embeddingSize;
        this.window = window;
        this.negatives = negatives;
        this.negativeExponent = negativeExponent;
        this.subsample = subsample;
        this.typeAwareNegatives = typeAwareNegatives;
        this.learningRate = learningRate;
        this.epochs = epochs;
        this.walksPerNode = walksPerNode;
        this.walkLength = walkLength;
        this.walkKind = walkKind;
        this.p = walkKind == WalkKind.NODE2VEC ? p : 1;
        this.q = walkKind == WalkKind.NODE2VEC ? q : 1;
        this.metapaths = walkKind == WalkKind.METAPATH && metapaths != null ? List.copyOf(metapaths) : List.of();
        this.seed = seed;
        if (embeddingSize < 1) {
            throw new IllegalArgumentException("embeddingSize must be >= 1, got " + embeddingSize);
        }
        if (negatives < 1) {
            throw new IllegalArgumentException("negatives must be >= 1, got " + negatives);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be > 0 and finite, got " + learningRate);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        // The walk and skip-gram configs check the rest, with their own messages.
        walkConfig(1);
        skipGramConfig();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().embeddingSize(embeddingSize).window(window).negatives(negatives)
                .negativeExponent(negativeExponent).subsample(subsample).typeAwareNegatives(typeAwareNegatives)
                .learningRate(learningRate).epochs(epochs).walksPerNode(walksPerNode).walkLength(walkLength)
                .walkKind(walkKind).p(p).q(q).metapaths(metapaths).seed(seed);
    }

    /** The walks of this job, generated with {@code threads} threads (threads never change the walks). */
    public WalkConfig walkConfig(int threads) {
        WalkConfig.Builder b = WalkConfig.builder().kind(walkKind).walksPerNode(walksPerNode).walkLength(walkLength)
                .seed(seed).threads(threads);
        if (walkKind == WalkKind.METAPATH) {
            b.metapaths(metapaths);
        } else if (walkKind == WalkKind.NODE2VEC) {
            b.p(p).q(q);
        }
        return b.build();
    }

    public SkipGramConfig skipGramConfig() {
        return SkipGramConfig.builder().window(window).negatives(negatives).negativeExponent(negativeExponent)
                .subsample(subsample).typeAwareNegatives(typeAwareNegatives).seed(seed).build();
    }

    @JsonProperty
    public int embeddingSize() {
        return embeddingSize;
    }

    @JsonProperty
    public int window() {
        return window;
    }

    @JsonProperty
    public int negatives() {
        return negatives;
    }

    @JsonProperty
    public double negativeExponent() {
        return negativeExponent;
    }

    @JsonProperty
    public double subsample() {
        return subsample;
    }

    @JsonProperty
    public boolean typeAwareNegatives() {
        return typeAwareNegatives;
    }

    /** Initial learning rate: of the fast engine's linear decay, or of the DL4J updater with {@code fit}. */
    @JsonProperty
    public double learningRate() {
        return learningRate;
    }

    @JsonProperty
    public int epochs() {
        return epochs;
    }

    @JsonProperty
    public int walksPerNode() {
        return walksPerNode;
    }

    @JsonProperty
    public int walkLength() {
        return walkLength;
    }

    @JsonProperty
    public WalkKind walkKind() {
        return walkKind;
    }

    /** node2vec return parameter; 1 for other walker kinds. */
    @JsonProperty
    public double p() {
        return p;
    }

    /** node2vec in-out parameter; 1 for other walker kinds. */
    @JsonProperty
    public double q() {
        return q;
    }

    /** The metapaths walked together; empty unless the walker kind is metapath. */
    @JsonProperty
    public List<String> metapaths() {
        return metapaths;
    }

    @JsonProperty
    public long seed() {
        return seed;
    }

    /**
     * The searchable values by their parameter names ({@link EmbeddingJobSpace#PARAMETERS}), in that order, as
     * they appear in result tables: the walker kind in lower case, metapaths joined by {@code " + "}.
     */
    public Map<String, Object> parameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(EmbeddingJobSpace.EMBEDDING_SIZE, embeddingSize);
        m.put(EmbeddingJobSpace.WINDOW, window);
        m.put(EmbeddingJobSpace.NEGATIVES, negatives);
        m.put(EmbeddingJobSpace.NEGATIVE_EXPONENT, negativeExponent);
        m.put(EmbeddingJobSpace.SUBSAMPLE, subsample);
        m.put(EmbeddingJobSpace.TYPE_AWARE_NEGATIVES, typeAwareNegatives);
        m.put(EmbeddingJobSpace.LEARNING_RATE, learningRate);
        m.put(EmbeddingJobSpace.EPOCHS, epochs);
        m.put(EmbeddingJobSpace.WALKS_PER_NODE, walksPerNode);
        m.put(EmbeddingJobSpace.WALK_LENGTH, walkLength);
        m.put(EmbeddingJobSpace.WALK_KIND, walkKind.name().toLowerCase(Locale.ROOT));
        m.put(EmbeddingJobSpace.P, p);
        m.put(EmbeddingJobSpace.Q, q);
        m.put(EmbeddingJobSpace.METAPATHS, String.join(EmbeddingJobSpace.METAPATH_JOIN, metapaths));
        return m;
    }

    public String toJson() {
        return org.heteroembed.graph.io.ConfigJson.write(this);
    }

    public static EmbeddingJobConfig fromJson(String json) {
        return org.heteroembed.graph.io.ConfigJson.read(json, EmbeddingJobConfig.class, "embedding job config");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EmbeddingJobConfig c && embeddingSize == c.embeddingSize && window == c.window
                && negatives == c.negatives && Double.compare(negativeExponent, c.negativeExponent) == 0
                && Double.compare(subsample, c.subsample) == 0 && typeAwareNegatives == c.typeAwareNegatives
                && Double.compare(learningRate, c.learningRate) == 0 && epochs == c.epochs
                && walksPerNode == c.walksPerNode && walkLength == c.walkLength && walkKind == c.walkKind
                && Double.compare(p, c.p) == 0 && Double.compare(q, c.q) == 0 && metapaths.equals(c.metapaths)
                && seed == c.seed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(embeddingSize, window, negatives, negativeExponent, subsample, typeAwareNegatives,
                learningRate, epochs, walksPerNode, walkLength, walkKind, p, q, metapaths, seed);
    }

    @Override
    public String toString() {
        return "EmbeddingJobConfig" + toJson();
    }

    /** Builder; the defaults are those of word2vec/DeepWalk practice with 64-dimensional vectors. */
    public static final class Builder {
        private int embeddingSize = 64;
        private int window = 5;
        private int negatives = 5;
        private double negativeExponent = 0.75;
        private double subsample = 1e-3;
        private boolean typeAwareNegatives;
        private double learningRate = 0.025;
        private int epochs = 1;
        private int walksPerNode = 10;
        private int walkLength = 80;
        private WalkKind walkKind = WalkKind.UNIFORM;
        private double p = 1, q = 1;
        private List<String> metapaths = List.of();
        private long seed = 42;

        public Builder embeddingSize(int n) {
            this.embeddingSize = n;
            return this;
        }

        public Builder window(int n) {
            this.window = n;
            return this;
        }

        public Builder negatives(int n) {
            this.negatives = n;
            return this;
        }

        public Builder negativeExponent(double e) {
            this.negativeExponent = e;
            return this;
        }

        public Builder subsample(double t) {
            this.subsample = t;
            return this;
        }

        public Builder typeAwareNegatives(boolean b) {
            this.typeAwareNegatives = b;
            return this;
        }

        public Builder learningRate(double lr) {
            this.learningRate = lr;
            return this;
        }

        public Builder epochs(int n) {
            this.epochs = n;
            return this;
        }

        public Builder walksPerNode(int n) {
            this.walksPerNode = n;
            return this;
        }

        public Builder walkLength(int n) {
            this.walkLength = n;
            return this;
        }

        public Builder walkKind(WalkKind kind) {
            this.walkKind = kind;
            return this;
        }

        public Builder p(double p) {
            this.p = p;
            return this;
        }

        public Builder q(double q) {
            this.q = q;
            return this;
        }

        /** Metapaths walked together (used when the walker kind is metapath). */
        public Builder metapaths(List<String> metapaths) {
            this.metapaths = metapaths;
            return this;
        }

        public Builder metapaths(String... metapaths) {
            return metapaths(List.of(metapaths));
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public EmbeddingJobConfig build() {
            return new EmbeddingJobConfig(embeddingSize, window, negatives, negativeExponent, subsample,
                    typeAwareNegatives, learningRate, epochs, walksPerNode, walkLength, walkKind, p, q, metapaths, seed);
        }
    }
}
