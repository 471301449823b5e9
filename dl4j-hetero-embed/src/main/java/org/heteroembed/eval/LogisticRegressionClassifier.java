package org.heteroembed.eval;

import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.inference.FloatMatrices;
import org.heteroembed.inference.HeteroEmbeddings;
import org.heteroembed.train.fast.VectorMath;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * The classifier of node classification: L2-regularised multinomial logistic regression on L2-normalised node
 * vectors, as the DeepWalk / node2vec / metapath2vec evaluations run it (scikit-learn's {@code LogisticRegression}
 * with its default {@code C = 1}: the objective is {@code C * sum of cross-entropies + |W|^2 / 2}, the bias
 * unpenalised), minimised by L-BFGS.
 *
 * <p>Why not a DL4J network or LIBLINEAR: both were measured on the demo model (BENCHMARKS.md "Evaluation time").
 * A DL4J softmax layer trained by Adam needs 100-200 full-batch epochs per fit (25 fits per type: 13-16 s), and
 * LIBLINEAR's one-vs-rest Newton solver was slower still; L-BFGS reaches the optimum of the same convex objective in a
 * few dozen gradient evaluations of two ND4J matrix products each. Normalising makes the
 * result depend on the vectors' directions only, as cosine similarity does, so models trained with different vector
 * lengths compare fairly. The fit starts from zero and is deterministic; fits share nothing, so they run in
 * parallel.
 */
public final class LogisticRegressionClassifier {
    /** Inverse regularisation strength: scikit-learn's default, which the published node-classification tables use. */
    static final double C = 1.0;
    /** The most L-BFGS iterations; the demo's fits stop after 20-60. */
    static final int MAX_ITERATIONS = 500;
    /** Stop when the largest gradient entry (of the objective per node) is below this (scikit-learn's tol). */
    static final double GRADIENT_TOLERANCE = 1e-4;
    /** L-BFGS memory: correction pairs kept. */
    private static final int HISTORY = 10;

    private LogisticRegressionClassifier() {
    }

    /**
     * A fitted model: {@code weights[c * dimension + j]} for class c and dimension j, and {@code bias[c]}.
     *
     * @param iterations L-BFGS iterations the fit took
     * @param converged  whether the gradient tolerance was reached (else the iteration limit stopped it)
     */
    record Model(int dimension, int classes, double[] weights, double[] bias, int iterations, boolean converged) {
        /** The class of largest score for {@code x} (L2-normalised as the training rows were). */
        int predict(float[] x) {
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                double s = bias[c];
                for (int j = 0; j < dimension; j++) {
                    s += x[j] * weights[c * dimension + j];
                }
                if (s > bestScore) {
                    bestScore = s;
                    best = c;
                }
            }
            return best;
        }
    }

    /**
     * Trains on the first {@code train} rows of {@code vectors} and predicts the others.
     *
     * @param labels classes of all rows, in {@code 0..classes-1}
     * @param seed   unused: the fit is deterministic (kept so callers need not change)
     * @return the predicted class of rows {@code train..n-1}
     * @throws IllegalArgumentException if {@code train} leaves no row to train or to test on
     */
    public static int[] trainAndPredict(INDArray vectors, int[] labels, int classes, int train, long seed) {
        if (vectors.rows() != labels.length) {
            throw new IllegalArgumentException(vectors.rows() + " vectors but " + labels.length + " labels");
        }
        float[][] rows = FloatMatrices.rows(vectors);
        return trainAndPredict(rows, identity(rows.length), labels, classes, train);
    }

    /**
     * Trains on rows {@code order[0..train-1]} of {@code vectors} and predicts rows {@code order[train..]}.
     *
     * @param labels classes of the rows of {@code vectors}, in {@code 0..classes-1}
     * @return the predicted class of {@code order[train..]}, in that order
     */
    static int[] trainAndPredict(float[][] vectors, int[] order, int[] labels, int classes, int train) {
        int n = order.length;
        if (labels.length != vectors.length) {
            throw new IllegalArgumentException(vectors.length + " vectors but " + labels.length + " labels");
        }
        if (train < 1 || train >= n) {
            throw new IllegalArgumentException("training rows must be in [1, " + (n - 1) + "], got " + train);
        }
        int d = vectors[0].length;
        float[][] x = normalizedRows(vectors, order, d);
        int[] y = new int[train];
        for (int i = 0; i < train; i++) {
            y[i] = labels[order[i]];
        }
        Model m = fit(x, train, d, y, classes);
        int[] predicted = new int[n - train];
        for (int i = train; i < n; i++) {
            predicted[i - train] = m.predict(x[i]);
        }
        return predicted;
    }

    /** Trains on the first {@code train} rows and returns the F1 of the predictions for the others. */
    public static F1 trainAndTest(INDArray vectors, int[] labels, int classes, int train, long seed) {
        int[] predicted = trainAndPredict(vectors, labels, classes, train, seed);
        return F1.of(predicted, Arrays.copyOfRange(labels, train, labels.length), classes);
    }

    /** As {@link #trainAndTest(INDArray, int[], int, int, long)} with the rows taken in {@code order}. */
    static F1 trainAndTest(float[][] vectors, int[] order, int[] labels, int classes, int train) {
        int[] predicted = trainAndPredict(vectors, order, labels, classes, train);
        int[] truth = new int[order.length - train];
        for (int i = train; i < order.length; i++) {
            truth[i - train] = labels[order[i]];
        }
        return F1.of(predicted, truth, classes);
    }

    /**
     * A quick check for tests and benchmarks: the accuracy of the classifier trained on the first 70% of a
     * type's labelled nodes (in the graph's local order) and tested on the rest. {@link NodeClassification}
     * is the full protocol (stratified random splits, several ratios, repeats).
     */
    public static double accuracy(HeteroEmbeddings embeddings, HeteroGraph graph, String type, long seed) {
        NodeVectors.Labelled l = NodeVectors.labelled(embeddings, graph, type, "classify");
        int[] y = Clustering.compact(l.labels());
        int classes = Arrays.stream(y).max().orElse(0) + 1;
        return trainAndTest(l.vectors(), y, classes, (int) (y.length * 0.7), seed).micro();
    }

    /** Rows {@code order[i]} of {@code vectors}, L2-normalised. */
    private static float[][] normalizedRows(float[][] vectors, int[] order, int d) {
        float[][] x = new float[order.length][d];
        for (int i = 0; i < order.length; i++) {
            float[] v = vectors[order[i]];
            double norm = 0;
            for (float f : v) {
                norm += (double) f * f;
            }
            float scale = (float) (1 / (Math.sqrt(norm) + 1e-12));
            for (int j = 0; j < d; j++) {
                x[i][j] = v[j] * scale;
            }
        }
        return x;
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    /**
     * Minimises {@link Objective} by L-BFGS (two-loop recursion, backtracking line search on the Armijo condition,
     * a correction pair kept only when its curvature is positive) from all-zero parameters.
     *
     * @param x rows of {@code d} floats; the first {@code n} are the training rows
     */
    static Model fit(float[][] x, int n, int d, int[] y, int classes) {
        Objective f = new Objective(x, n, d, y, classes);
        int p = f.size();
        double[] w = new double[p], g = new double[p], wNext = new double[p], gNext = new double[p], dir = new double[p];
        double[][] s = new double[HISTORY][], yv = new double[HISTORY][];
        double[] rho = new double[HISTORY], alpha = new double[HISTORY];
        int stored = 0, newest = -1;
        double value = f.evaluate(w, g);
        int iteration = 0;
        boolean converged = maxAbs(g) < GRADIENT_TOLERANCE;
        while (!converged && iteration < MAX_ITERATIONS) {
            // dir = -H g by the two-loop recursion over the stored pairs, newest first
            System.arraycopy(g, 0, dir, 0, p);
            for (int k = 0; k < stored; k++) {
                int i = Math.floorMod(newest - k, HISTORY);
                alpha[i] = rho[i] * dot(s[i], dir);
                axpy(-alpha[i], yv[i], dir);
            }
            double gamma = stored == 0 ? 1 / Math.max(1e-12, Math.sqrt(dot(g, g))) // first step: unit length
                    : dot(s[newest], yv[newest]) / dot(yv[newest], yv[newest]);
            for (int j = 0; j < p; j++) {
                dir[j] *= gamma;
            }
            for (int k = stored - 1; k >= 0; k--) {
                int i = Math.floorMod(newest - k, HISTORY);
                double beta = rho[i] * dot(yv[i], dir);
                axpy(alpha[i] - beta, s[i], dir);
            }
            for (int j = 0; j < p; j++) {
                dir[j] = -dir[j];
            }
            double slope = dot(g, dir);
            if (!(slope < 0)) { // not a descent direction (rounding): restart from steepest descent
                stored = 0;
                for (int j = 0; j < p; j++) {
                    dir[j] = -g[j];
                }
                slope = -dot(g, g);
            }
            double step = 1, next;
            while (true) {
                for (int j = 0; j < p; j++) {
                    wNext[j] = w[j] + step * dir[j];
                }
                next = f.evaluate(wNext, gNext);
                if (next <= value + 1e-4 * step * slope || step < 1e-10) {
                    break;
                }
                step *= 0.5;
            }
            iteration++;
            double[] sNew = new double[p], yNew = new double[p];
            for (int j = 0; j < p; j++) {
                sNew[j] = wNext[j] - w[j];
                yNew[j] = gNext[j] - g[j];
            }
            double sy = dot(sNew, yNew);
            if (sy > 1e-12) {
                newest = (newest + 1) % HISTORY;
                s[newest] = sNew;
                yv[newest] = yNew;
                rho[newest] = 1 / sy;
                stored = Math.min(stored + 1, HISTORY);
            }
            double[] t = w;
            w = wNext;
            wNext = t;
            t = g;
            g = gNext;
            gNext = t;
            boolean stalled = value - next <= 1e-12 * Math.max(1, Math.abs(value));
            value = next;
            converged = maxAbs(g) < GRADIENT_TOLERANCE;
            if (stalled && !converged) {
                break; // no progress at machine precision: as good as this objective gets
            }
        }
        return new Model(d, classes, Arrays.copyOf(w, d * classes), Arrays.copyOfRange(w, d * classes, p),
                iteration, converged);
    }

    /**
     * The objective per training node: mean cross-entropy of the softmax of {@code x W + b} plus
     * {@code |W|^2 / (2 C n)} (scikit-learn's {@code C} objective divided by n, so tolerances do not depend on n).
     * Parameters: the weights, class-major ({@code c * d + j}), then the biases. The products run on the fast
     * engine's SIMD kernels ({@link VectorMath}: a dot product per row and class forward, an axpy back); the
     * softmax and the sums are double.
     */
    static final class Objective {
        private final float[][] x;
        private final int n, d, classes;
        private final int[] y;
        private final double lambda;
        private final float[][] weights, gradient;
        private final double[] e;

        /** @param x rows of {@code d} floats; the first {@code n} are the training rows */
        Objective(float[][] x, int n, int d, int[] y, int classes) {
            this.x = x;
            this.n = n;
            this.d = d;
            this.y = y;
            this.classes = classes;
            this.lambda = 1 / (C * n);
            this.weights = new float[classes][d];
            this.gradient = new float[classes][d];
            this.e = new double[classes];
        }

        int size() {
            return d * classes + classes;
        }

        /** Returns the objective at {@code w} and writes its gradient into {@code grad}. */
        double evaluate(double[] w, double[] grad) {
            int wc = d * classes;
            for (int c = 0; c < classes; c++) {
                for (int j = 0; j < d; j++) {
                    weights[c][j] = (float) w[c * d + j];
                }
                Arrays.fill(gradient[c], 0f);
                grad[wc + c] = 0;
            }
            double loss = 0;
            for (int i = 0; i < n; i++) {
                float[] row = x[i];
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) {
                    e[c] = VectorMath.dot(row, weights[c], d) + w[wc + c];
                    max = Math.max(max, e[c]);
                }
                double truth = e[y[i]] - max, sum = 0;
                for (int c = 0; c < classes; c++) {
                    e[c] = Math.exp(e[c] - max);
                    sum += e[c];
                }
                loss += Math.log(sum) - truth;
                for (int c = 0; c < classes; c++) { // the residual p - onehot(y), back through the product
                    double r = e[c] / sum - (c == y[i] ? 1 : 0);
                    VectorMath.axpy((float) r, row, gradient[c], d);
                    grad[wc + c] += r;
                }
            }
            double penalty = 0;
            for (int c = 0; c < classes; c++) {
                for (int j = 0; j < d; j++) {
                    double wj = w[c * d + j];
                    penalty += wj * wj;
                    grad[c * d + j] = gradient[c][j] / n + lambda * wj;
                }
                grad[wc + c] /= n;
            }
            return loss / n + lambda * penalty / 2;
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
