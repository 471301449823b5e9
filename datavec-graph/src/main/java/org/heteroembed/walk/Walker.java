package org.heteroembed.walk;

import java.util.random.RandomGenerator;

/**
 * One kind of walk step rule. Implementations are stateless and shared by all worker threads; the walk's
 * state (its last two nodes and its step number) is passed in, so a worker can advance several walks in
 * turn (see {@link WalkGenerator}).
 */
interface Walker {
    /**
     * The node at position {@code step} (1-based: the start is position 0) of a walk that is at {@code cur},
     * having come from {@code prev} (-1 at step 1); -1 if the walk cannot go on.
     */
    int next(int prev, int cur, int step, RandomGenerator rng);
}
