package org.heteroembed.sampling;

import java.util.random.RandomGenerator;

/**
 * A source of negative nodes for skip-gram: the whole graph's ({@link NegativeSampler}) or one partition's rows
 * (partitioned tables), in the index space of the table the negatives are looked up in.
 */
@FunctionalInterface
public interface Negatives {
    /** A negative for a window whose predicted (output-side) node is {@code target}. */
    int sample(int target, RandomGenerator rng);
}
