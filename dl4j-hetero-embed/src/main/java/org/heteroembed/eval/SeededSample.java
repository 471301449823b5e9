package org.heteroembed.eval;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Seeded samples of indices, so an evaluation on a subset draws the same subset for every model. */
final class SeededSample {
    private SeededSample() {
    }

    /** {@code k} distinct indices of {@code 0..n-1} in ascending order, drawn by a partial Fisher-Yates; all when k >= n. */
    static int[] indices(int n, int k, SplittableRandom rng) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        if (k >= n) {
            return all;
        }
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] out = Arrays.copyOf(all, k);
        Arrays.sort(out);
        return out;
    }
}
