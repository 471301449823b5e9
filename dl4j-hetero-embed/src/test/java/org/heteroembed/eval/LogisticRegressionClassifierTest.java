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

    /** n rows of d Gaussian floats, normalised as the classifier normalises them, with labels from a noisy linear rule. */
    private static float[][] rows(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][d];
        for (float[] row : x) {
            double norm = 0;
            for (int j = 0; j < d; j++) {
                row[j] = (float) (r.nextDouble() * 2 - 1);
                norm += row[j] * row[j];
            }
            for (int j = 0; j < d; j++) {
                row[j] /= (float) Math.sqrt(norm);
            }
        }
        return x;
    }

    @Test
    void theObjectivesGradientMatchesFiniteDifferences() {
        int n = 40, d = 5, classes = 3;
        float[][] x = rows(n, d, 3);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % classes;
        }
        LogisticRegressionClassifier.Objective f = new LogisticRegressionClassifier.Objective(x, n, d, y, classes);
        SplittableRandom r = new SplittableRandom(5);
        double[] w = new double[f.size()], g = new double[f.size()], scratch = new double[f.size()];
        for (int j = 0; j < w.length; j++) {
            w[j] = r.nextDouble() * 2 - 1;
        }
        f.evaluate(w, g);
        double h = 1e-3;
        for (int j = 0; j < w.length; j++) {
            double[] plus = w.clone(), minus = w.clone();
            plus[j] += h;
            minus[j] -= h;
            double numeric = (f.evaluate(plus, scratch) - f.evaluate(minus, scratch)) / (2 * h);
            // float products: agreement to ~1e-5 of a gradient of order 0.1
            assertEquals(numeric, g[j], 2e-5 + 1e-3 * Math.abs(numeric), "parameter " + j);
        }
    }

    @Test
    void theFitReachesTheOptimumOfTheRegularisedObjective() {
        int n = 600, d = 16, classes = 4;
        float[][] x = rows(n, d, 11);
        int[] y = new int[n];
        SplittableRandom r = new SplittableRandom(12);
        for (int i = 0; i < n; i++) { // the class of the largest of the first four coordinates, 20% relabelled
            int best = 0;
            for (int c = 1; c < classes; c++) {
                best = x[i][c] > x[i][best] ? c : best;
            }
            y[i] = r.nextDouble() < 0.2 ? r.nextInt(classes) : best;
        }
        LogisticRegressionClassifier.Model m = LogisticRegressionClassifier.fit(x, n, d, y, classes);
        assertTrue(m.converged(), "stopped by the iteration limit after " + m.iterations());
        LogisticRegressionClassifier.Objective f = new LogisticRegressionClassifier.Objective(x, n, d, y, classes);
        double[] w = new double[f.size()], g = new double[f.size()], scratch = new double[f.size()];
        System.arraycopy(m.weights(), 0, w, 0, d * classes);
        System.arraycopy(m.bias(), 0, w, d * classes, classes);
        double optimum = f.evaluate(w, g);
        for (double gj : g) {
            assertTrue(Math.abs(gj) < LogisticRegressionClassifier.GRADIENT_TOLERANCE, "gradient entry " + gj);
        }
        // a convex objective: every nearby point is no better
        for (int trial = 0; trial < 20; trial++) {
            double[] v = w.clone();
            for (int j = 0; j < v.length; j++) {
                v[j] += 0.05 * (r.nextDouble() * 2 - 1);
            }
            assertTrue(f.evaluate(v, scratch) >= optimum - 1e-9, "a perturbed point is better");
        }
        // the regulariser keeps the weights finite where the data alone would not: C = 1 on 600 rows
        assertTrue(Double.isFinite(optimum) && optimum > 0 && optimum < Math.log(classes), "objective " + optimum);
    }
}
