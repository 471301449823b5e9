package org.heteroembed.train.partitioned;

import org.heteroembed.graph.partition.PartitionLayout;
import org.heteroembed.sampling.NegativeSampler;
import org.heteroembed.sampling.Negatives;
import org.heteroembed.sampling.NodeFrequencies;

/**
 * Negatives restricted to one partition (GraphVite's parallel negative sampling): a bucket's windows draw their
 * negatives from the output partition it holds, with the unigram^0.75 distribution restricted to that partition
 * (and to the center's type when type-aware), in local rows. Each partition's sampler is a {@link NegativeSampler}
 * over the partition's local index space, so with one partition the draws are the in-memory engine's.
 *
 * <p>Centers occur in proportion to their count, so partition j is asked for negatives in proportion to its share of
 * the count mass, while the global sampler would give it its share of the count^0.75 mass. The weight
 * {@link #weight} (the ratio of the two shares, per partition and type) multiplies each negative's gradient, so the
 * expected negative gradient equals the global sampler's whatever the partitioning.
 */
final class PartitionNegatives {
    private final NegativeSampler[] samplers;
    private final float[][] weights; // [part][type]

    PartitionNegatives(PartitionLayout layout, NodeFrequencies frequencies, double exponent, boolean typeAware) {
        int parts = layout.parts(), types = layout.numTypes();
        samplers = new NegativeSampler[parts];
        weights = new float[parts][types];
        int[] offsets = layout.typeOffsets();
        // Per type (or over all types when not type-aware): total count and count^exponent mass.
        double[] count = new double[types], powered = new double[types];
        double[][] partCount = new double[parts][types], partPowered = new double[parts][types];
        for (int t = 0; t < types; t++) {
            for (int v = offsets[t]; v < offsets[t + 1]; v++) {
                long c = frequencies.count(v);
                int g = typeAware ? t : 0;
                int p = layout.partOf(v);
                double w = c == 0 ? 0 : Math.pow(c, exponent);
                count[g] += c;
                powered[g] += w;
                partCount[p][g] += c;
                partPowered[p][g] += w;
            }
        }
        for (int p = 0; p < parts; p++) {
            long[] local = new long[layout.rows(p)];
            for (int r = 0; r < local.length; r++) {
                local[r] = frequencies.count(layout.node(p, r));
            }
            samplers[p] = new NegativeSampler(layout.typeOffsets(p), new NodeFrequencies(local), exponent, typeAware);
            for (int t = 0; t < types; t++) {
                int g = typeAware ? t : 0;
                double centerShare = partCount[p][g] / count[g], negativeShare = partPowered[p][g] / powered[g];
                weights[p][t] = parts == 1 || !(centerShare > 0) ? 1f : (float) (negativeShare / centerShare);
            }
        }
    }

    /** The negatives of partition {@code part}, in its local rows. */
    Negatives of(int part) {
        return samplers[part];
    }

    /** The gradient weight of negatives drawn in partition {@code part} for a center of type {@code type}. */
    float weight(int part, int type) {
        return weights[part][type];
    }
}
