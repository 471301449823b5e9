package org.heteroembed.eval;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The classifier of node classification and its F1, on hand-made cases whose answer is known. */
class LogisticRegressionClassifierTest {

    @Test
    void f1OnHandMadeCases() {
        // Perfect predictions.
        assertEquals(new F1(1.0, 1.0), F1.of(new int[]{0, 1, 2}, new int[]{0, 1, 2}, 3));
        // Always class 0 on truth {0, 0, 0, 1}: micro = accuracy 0.75; class 0 F1 = 6/7, class 1 F1 = 0.
        F1 f = F1.of(new int[]{0, 0, 0, 0}, new int[]{0, 0, 0, 1}, 2);
        assertEquals(0.75, f.micro(), 1e-12);
        assertEquals((6.0 / 7 + 0) / 2, f.macro(), 1e-12);
        // Imbalanced errors make micro and macro differ.
        F1 g = F1.of(new int[]{0, 1, 1, 1}, new int[]{0, 0, 1, 1}, 2);
        assertEquals(0.75, g.micro(), 1e-12);
        assertEquals((2.0 / 3 + 0.8) / 2, g.macro(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> F1.of(new int[]{0}, new int[]{0, 1}, 2));
    }

    /** 90 rows in 3 classes; row i of class i mod 3 lies near the class's unit vector (separable) or anywhere. */
    private static INDArray vectors(boolean separable, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        INDArray x = Nd4j.create(DataType.FLOAT, 90, 3);
        for (int i = 0; i < 90; i++) {
            for (int j = 0; j < 3; j++) {
                x.putScalar(i, j, 0.05 * (r.nextDouble() - 0.5) + (separable && j == i % 3 ? 1 : 0) + (separable ? 0 : r.nextDouble()));
            }
        }
        return x;
    }

    @Test
    void separableClassesAreLearnedAndNoiseIsNot() {
        int[] y = new int[90];
        for (int i = 0; i < 90; i++) {
            y[i] = i % 3;
        }
        assertEquals(new F1(1.0, 1.0), LogisticRegressionClassifier.trainAndTest(vectors(true, 1), y, 3, 60, 7));
        F1 noise = LogisticRegressionClassifier.trainAndTest(vectors(false, 1), y, 3, 60, 7);
        assertTrue(noise.micro() < 0.7, noise.toString());
        // Predictions cover exactly the rows after the training rows; the same seed gives the same ones.
        int[] p = LogisticRegressionClassifier.trainAndPredict(vectors(false, 2), y, 3, 45, 7);
        assertEquals(45, p.length);
        assertArrayEquals(p, LogisticRegressionClassifier.trainAndPredict(vectors(false, 2), y, 3, 45, 7));
        assertThrows(IllegalArgumentException.class, () -> LogisticRegressionClassifier.trainAndTest(vectors(true, 1), y, 3, 90, 7));
        assertThrows(IllegalArgumentException.class, () -> LogisticRegressionClassifier.trainAndTest(vectors(true, 1), y, 3, 0, 7));
    }
}
