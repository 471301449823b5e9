package org.heteroembed.sampling;

import org.heteroembed.graph.partition.PartitionLayout;

import java.util.random.RandomGenerator;

/**
 * Negatives drawn from one partition only (GraphVite's parallel negative sampling): while bucket {@code (i, j)}
 * trains, only partition {@code j}'s output rows are resident, so a target (center) in {@code j} gets negatives from
 * {@code j}, drawn with probability proportional to {@code count^exponent} restricted to the partition and, when
 * type-aware (metapath2vec++), to the target's type. One {@link NegativeSampler} per partition over its local rows
 * (whose layout by type is the one a graph's global ids have), so with one partition every draw equals the global
 * sampler's for the same random numbers. Nodes with count 0 are never drawn. Memory: 8 bytes per node in all.
 * Immutable and thread-safe.
 *
 * <p><b>Correction weights.</b> Targets occur in proportion to their count, so a negative lands on node {@code v}
 * (type t, partition j) with probability {@code P(t) * (C[j,t] / C[t]) * w(v) / W[j,t]}, where {@code w = count^exponent},
 * {@code C} and {@code W} sum counts and weights over a partition's nodes of a type and {@code C[t], W[t]} over the
 * type. The global sampler draws it with {@code P(t) * w(v) / W[t]}. They agree only where a partition's share of the
 * count mass equals its share of the weight mass: about so under hash partitioning, not when a partitioner gathers the
 * heavy nodes (label propagation can). Multiplying each negative's gradient by {@link #negativeWeight}
 * {@code = (W[j,t] / W[t]) / (C[j,t] / C[t])} makes the expected negative gradient the global sampler's exactly.
 * Without type-awareness the same holds with all types pooled. The weights assume targets occur in proportion to
 * the counts given: pass the counts of the targets actually trained (e.g. after subsampling) if they differ.
 */
public final class PartitionNegativeSampler {
    private final PartitionLayout layout;
    private final boolean typeAware;
    private final NegativeSampler[] samplers;  // per partition, over its local rows
    private final double[][] weight;           // [partition][type]: the gradient correction
    private final boolean[][] drawable;        // [partition][type]: some node with a count above 0
    private final boolean[] allDrawable;       // per partition: every type it holds is drawable

    /**
     * @param frequencies global counts (by global node index)
     * @param exponent    the unigram exponent, word2vec's 0.75
     * @param typeAware   negatives of the target's type only (metapath2vec++)
     */
    public PartitionNegativeSampler(PartitionLayout layout, NodeFrequencies frequencies, double exponent, boolean typeAware) {
        if (frequencies.size() != layout.numNodes()) {
            throw new IllegalArgumentException("frequencies of " + frequencies.size() + " nodes for a layout of " + layout.numNodes());
        }
        if (!(exponent >= 0) || Double.isInfinite(exponent)) {
            throw new IllegalArgumentException("exponent must be finite and >= 0, got " + exponent);
        }
        this.layout = layout;
        this.typeAware = typeAware;
        int parts = layout.parts();
        int types = layout.numTypes();
        int groups = typeAware ? types : 1; // the sets a negative is drawn from, within a partition
        double[][] countMass = new double[parts][groups];
        double[][] weightMass = new double[parts][groups];
        samplers = new NegativeSampler[parts];
        for (int p = 0; p < parts; p++) {
            long[] local = new long[layout.rows(p)];
            for (int t = 0; t < types; t++) {
                int g = typeAware ? t : 0;
                for (int r = layout.typeStart(p, t), end = layout.typeStart(p, t + 1); r < end; r++) {
                    long c = frequencies.count(layout.node(p, r));
                    local[r] = c;
                    countMass[p][g] += c;
                    weightMass[p][g] += c == 0 ? 0 : Math.pow(c, exponent);
                }
            }
            samplers[p] = new NegativeSampler(layout.typeOffsets(p), new NodeFrequencies(local), exponent, typeAware);
        }
        weight = new double[parts][types];
        drawable = new boolean[parts][types];
        allDrawable = new boolean[parts];
        for (int g = 0; g < groups; g++) {
            double counts = 0, weights = 0;
            for (int p = 0; p < parts; p++) {
                counts += countMass[p][g];
                weights += weightMass[p][g];
            }
            for (int p = 0; p < parts; p++) {
                // No count mass: no target lies there, so the weight is never used; 0 rather than 0/0.
                double w = countMass[p][g] > 0 ? (weightMass[p][g] / weights) / (countMass[p][g] / counts) : 0;
                for (int t = 0; t < types; t++) {
                    if (!typeAware || t == g) {
                        weight[p][t] = w;
                        drawable[p][t] = weightMass[p][g] > 0;
                    }
                }
            }
        }
        for (int p = 0; p < parts; p++) {
            allDrawable[p] = true;
            for (int t = 0; t < types; t++) {
                allDrawable[p] &= drawable[p][t] || layout.rows(p, t) == 0;
            }
        }
    }

    public boolean typeAware() {
        return typeAware;
    }

    /**
     * A negative for a target at local row {@code targetLocalRow} of partition {@code part}: a local row of the same
     * partition (of the target's type when type-aware).
     *
     * @throws IllegalStateException if none of the partition's nodes (of the target's type) has a count above 0. A
     *                               target that occurs in the walks has a count itself, so this means the counts are
     *                               not those of the walks being trained: refused rather than drawn from nodes absent
     *                               from the walks (or from another partition, whose rows are not resident).
     */
    public int sample(int part, int targetLocalRow, RandomGenerator rng) {
        if (!allDrawable[part]) {
            int t = layout.typeOfLocalRow(part, targetLocalRow);
            if (!drawable[part][t]) {
                throw new IllegalStateException("no negative can be drawn for a target of type " + t + " in partition "
                        + part + ": none of its " + (typeAware ? layout.rows(part, t) + " nodes of that type"
                        : layout.rows(part) + " nodes") + " has a count above 0 (the counts must be those of the walks"
                        + " whose pairs are trained)");
            }
        }
        return samplers[part].sample(targetLocalRow, rng);
    }

    /**
     * Whether targets of type {@code type} in partition {@code part} can get negatives: some node of the partition (of
     * that type, when type-aware) has a count above 0.
     */
    public boolean hasNegatives(int part, int type) {
        return drawable[part][type];
    }

    /**
     * The factor for the gradient of each negative drawn for a target of type {@code type} in partition {@code part}:
     * the partition's share of the type's {@code count^exponent} mass over its share of the type's count mass (all
     * types pooled when not type-aware); 0 where the partition holds no count of the type (no target lies there).
     */
    public double negativeWeight(int part, int type) {
        return weight[part][type];
    }
}
