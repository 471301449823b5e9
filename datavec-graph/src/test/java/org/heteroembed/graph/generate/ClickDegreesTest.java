package org.heteroembed.graph.generate;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClickDegreesTest {

    @Test
    void calibratedMeanHitsTheTarget() {
        for (double target : new double[]{1.5, 3, 10, 40}) {
            assertEquals(target, ClickDegrees.calibrated(1000, 2.1, target).mean(), 1e-6 * target);
        }
    }

    @Test
    void unreachableMeanSaturatesNearUniform() {
        ClickDegrees d = ClickDegrees.calibrated(8, 2.1, 10);
        assertEquals(4.5, d.mean(), 0.01);
    }

    @Test
    void samplesAreHeavyTailedWithTheRightMean() {
        ClickDegrees.Sampler s = ClickDegrees.calibrated(1000, 2.1, 10).sampler();
        SplittableRandom rng = new SplittableRandom(5);
        int n = 200_000, max = 0, ones = 0;
        long sum = 0;
        for (int i = 0; i < n; i++) {
            int k = s.sample(rng);
            assertTrue(k >= 1 && k <= 1000);
            sum += k;
            max = Math.max(max, k);
            ones += k == 1 ? 1 : 0;
        }
        assertEquals(10, (double) sum / n, 0.3);
        assertTrue(max > 300, "max " + max);
        assertTrue(ones > 0, "light users exist");
    }
}
