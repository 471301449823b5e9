package org.heteroembed.train.partitioned;

import java.util.List;
import java.util.random.RandomGenerator;

/** Fisher-Yates shuffles on a {@link RandomGenerator} (Java 17's {@code Collections.shuffle} takes only a {@code Random}). */
final class Shuffles {
    private Shuffles() {
    }

    /** Shuffles {@code a[from, to)} in place. */
    static void shuffle(int[] a, int from, int to, RandomGenerator rng) {
        for (int i = to - 1; i > from; i--) {
            int j = from + rng.nextInt(i - from + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    static <T> void shuffle(List<T> list, RandomGenerator rng) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            list.set(i, list.set(j, list.get(i)));
        }
    }
}
