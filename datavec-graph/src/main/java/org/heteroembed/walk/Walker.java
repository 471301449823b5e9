package org.heteroembed.walk;

import java.util.random.RandomGenerator;

/** One kind of walk step rule. Implementations are stateless and shared by all worker threads. */
interface Walker {
    /**
     * Writes a walk of at most {@code out.length} nodes starting at {@code start} into {@code out} and returns
     * its length: at least 1; shorter than asked if it reached a node with no next step.
     */
    int walk(int start, RandomGenerator rng, int[] out);
}
