package org.heteroembed.inference;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EmbeddingQualityTest {
    @Test
    void f1OnHandMadeCases() {
        // Perfect predictions.
        assertEquals(1.0, EmbeddingQuality.f1(new int[]{0, 1, 2}, new int[]{0, 1, 2}, 3)[1], 1e-12);
        // Always class 0 on truth {0, 0, 0, 1}: micro = accuracy 0.75; class 0 F1 = 6/7, class 1 F1 = 0.
        double[] f = EmbeddingQuality.f1(new int[]{0, 0, 0, 0}, new int[]{0, 0, 0, 1}, 2);
        assertEquals(0.75, f[0], 1e-12);
        assertEquals((6.0 / 7 + 0) / 2, f[1], 1e-12);
        // Imbalanced errors make micro and macro differ.
        double[] g = EmbeddingQuality.f1(new int[]{0, 1, 1, 1}, new int[]{0, 0, 1, 1}, 2);
        assertEquals(0.75, g[0], 1e-12);
        assertEquals((2.0 / 3 + 0.8) / 2, g[1], 1e-12);
    }
}
