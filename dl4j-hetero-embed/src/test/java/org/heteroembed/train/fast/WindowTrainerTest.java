package org.heteroembed.train.fast;

import org.heteroembed.sampling.NegativeSampler;
import org.heteroembed.sampling.NodeFrequencies;
import org.heteroembed.sampling.SkipGramConfig;
import org.heteroembed.sampling.SkipGramWindows;
import org.heteroembed.walk.WalkChunk;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The fast engine's window update against skip-gram with negative sampling computed by hand, in double precision,
 * for both kernel implementations.
 *
 * <p>The expectation is HogBatch's step (see {@link WindowTrainer}): for a center and its contexts, every pair
 * (context i, target t) with t the center (label 1) or one of the k negatives (label 0) is scored at the rows' values
 * at the start of the window, {@code g = lr (label - sigmoid(in[context] . out[target]))}; then each context row
 * moves by {@code sum_t g out[target]} and each target row by {@code sum_i g in[context]}, summed over all
 * occurrences of a node. Windows follow each other along the walk, each seeing the previous one's writes.
 *
 * <p>Determinism without replicating the engine's random stream: window size 1 (the drawn window {@code 1..1} is
 * always 1), no subsampling, and a negative sampler whose only node with a non-zero count is drawn every time.
 *
 * <p>The sigmoid is word2vec's table, as in the engine ({@link #tableSigmoid}): its error (up to ~0.003) is far
 * above float rounding, so the expectation uses the same approximation. A logit on a bin edge could fall into
 * different bins in float and double; the reference fails loudly if a fixture comes within 1e-3 of a bin of an edge.
 */
class WindowTrainerTest {
    private static final int DIM = 21; // not a multiple of any SIMD width: the vector kernels' tails run too
    private static final float LR = 0.05f;
    /** Float rounding over a few windows of values up to ~4 stays near 1e-6; one pair's update is ~1e-2. */
    private static final double TOLERANCE = 1e-5;

    static Stream<Named<Kernels>> kernels() {
        return Stream.of(new ScalarKernels(), new VectorKernels()).map(k -> Named.of(k.name(), k));
    }

    static Stream<Arguments> kernelsAndScales() {
        // scale 0.5: logits well inside the sigmoid table; scale 3: many saturate (|logit| >= 6)
        return kernels().flatMap(k -> Stream.of(Arguments.of(k, 0.5, false), Arguments.of(k, 3.0, true)));
    }

    /** A whole walk of windows (1 or 2 contexts each), against the hand-computed steps. */
    @ParameterizedTest(name = "{0} kernels, rows in [-{1}, {1})")
    @MethodSource("kernelsAndScales")
    void aWalksWindowsAreHandComputedSgnsSteps(Kernels kernels, double scale, boolean saturating) {
        Case c = new Case(6, 1, 5, scale);
        Reference expected = c.reference();
        long pairs = c.train(kernels, new int[]{0, 1, 2, 3});
        expected.walk(new int[]{0, 1, 2, 3});
        assertEquals(6, pairs, "windows of 1, 2, 2 and 1 contexts");
        c.assertTablesEqual(expected);
        assertEquals(saturating, expected.saturated > 0, "the fixture " + (saturating ? "reaches" : "avoids")
                + " the saturated branches: " + expected.saturated + " of " + expected.scored + " logits");
    }

    /**
     * A node twice in one window: as two contexts (the walk revisits node 0 around center 1) and as two negatives
     * (node 5 drawn for both). Each occurrence's update counts.
     */
    @ParameterizedTest(name = "{0} kernels")
    @MethodSource("kernels")
    void aNodeTwiceInAWindowGetsBothUpdates(Kernels kernels) {
        Case c = new Case(6, 2, 5, 0.5);
        Reference expected = c.reference();
        c.train(kernels, new int[]{0, 1, 0});
        expected.walk(new int[]{0, 1, 0});
        c.assertTablesEqual(expected);
    }

    /**
     * When the only drawable negative is the center itself, the engine skips that negative after its retries; the
     * positive pair's update of the center's output row must survive (the skipped copy of that row is not written
     * back over it).
     */
    @ParameterizedTest(name = "{0} kernels")
    @MethodSource("kernels")
    void aNegativeThatIsTheCenterIsSkippedAndTheCentersUpdateKept(Kernels kernels) {
        Case c = new Case(3, 1, 1, 0.5);
        Reference expected = c.reference();
        c.train(kernels, new int[]{0, 1});
        expected.walk(new int[]{0, 1});
        c.assertTablesEqual(expected);
        assertTrue(expected.skipped > 0, "the fixture draws the center as its negative");
    }

    /**
     * A score just under MAX_EXP (6) whose float sum f + 6 rounds to 12 used to index the sigmoid table one past
     * its end (a long `train` run crashed with index 1000 of 1000).
     */
    @Test
    void scoresJustBelowTheTableEdgeTrain() {
        float justBelow = Math.nextDown(6f);
        INDArray in = Nd4j.createFromArray(new float[][]{{1f}, {1f}});
        INDArray out = Nd4j.createFromArray(new float[][]{{justBelow}, {justBelow}});
        SkipGramConfig sg = SkipGramConfig.builder().window(1).negatives(1).subsample(0).build();
        NegativeSampler negatives = new NegativeSampler(new int[]{0, 2}, new NodeFrequencies(new long[]{1, 1}), 0.75, false);
        WindowTrainer trainer = new WindowTrainer(new FloatRows(in), new FloatRows(out), negatives,
                new SkipGramWindows(1, null), sg, 0, new DoubleAdder(), new LongAdder());
        long pairs = trainer.train(new WalkChunk(0, 1, new int[]{0, 2}, new int[]{0, 1}), 0.025f);
        assertEquals(2, pairs, "both positions of the 2-node walk are trained");
        assertTrue(Float.isFinite(in.getFloat(0, 0)) && Float.isFinite(out.getFloat(1, 0)));
    }

    /**
     * A group of sub-windows sharing their negatives (the partitioned trainer's step): each context is scored against
     * its own sub-window's center and the shared negatives, all at the group's starting values; a node that is a
     * context in two sub-windows (node 1) gets both updates.
     */
    @ParameterizedTest(name = "{0} kernels")
    @MethodSource("kernels")
    void aGroupOfSubWindowsIsOneStepWithSharedNegatives(Kernels kernels) {
        Case c = new Case(7, 2, 6, 0.5);
        Reference expected = c.reference();
        int[] centers = {0, 3, 4};
        int[][] contexts = {{1, 2}, {1}, {5, 2, 1}};
        long[] counts = new long[7];
        counts[6] = 1;
        NegativeSampler sampler = new NegativeSampler(new int[]{0, 7}, new NodeFrequencies(counts), 0.75, false);
        WindowStep step = new WindowStep(kernels, DIM, 3, 2, new DoubleAdder(), new LongAdder());
        step.trainGroup(new FloatRows(c.in), new FloatRows(c.out), sampler, new SplittableRandom(1), centers,
                new int[]{2, 1, 3}, 3, new int[]{1, 2, 1, 5, 2, 1}, LR, 1f);
        expected.group(centers, contexts);
        c.assertTablesEqual(expected);
    }

    /**
     * {@code nodes} nodes of one type with seeded input and output rows uniform in {@code [-scale, scale)}, k
     * negatives from a sampler that can only draw {@code negative}.
     */
    private static final class Case {
        final int nodes, k, negative;
        final INDArray in, out;

        Case(int nodes, int k, int negative, double scale) {
            this.nodes = nodes;
            this.k = k;
            this.negative = negative;
            SplittableRandom rng = new SplittableRandom(7);
            float[][] inRows = new float[nodes][DIM], outRows = new float[nodes][DIM];
            for (int n = 0; n < nodes; n++) {
                for (int x = 0; x < DIM; x++) {
                    inRows[n][x] = (float) rng.nextDouble(-scale, scale);
                    outRows[n][x] = (float) rng.nextDouble(-scale, scale);
                }
            }
            in = Nd4j.createFromArray(inRows);
            out = Nd4j.createFromArray(outRows);
        }

        /** The expectation, from the tables as they are now. */
        Reference reference() {
            return new Reference(in.toDoubleMatrix(), out.toDoubleMatrix(), k, negative);
        }

        long train(Kernels kernels, int[] walk) {
            long[] counts = new long[nodes];
            counts[negative] = 1;
            NegativeSampler sampler = new NegativeSampler(new int[]{0, nodes}, new NodeFrequencies(counts), 0.75, false);
            SkipGramConfig sg = SkipGramConfig.builder().window(1).negatives(k).subsample(0).build();
            WindowTrainer trainer = new WindowTrainer(kernels, new FloatRows(in), new FloatRows(out), sampler,
                    new SkipGramWindows(1, null), sg, 0, new DoubleAdder(), new LongAdder());
            return trainer.train(new WalkChunk(0, 1, new int[]{0, walk.length}, walk), LR);
        }

        void assertTablesEqual(Reference expected) {
            assertTableEquals(expected.in, in, "input vectors");
            assertTableEquals(expected.out, out, "output vectors");
        }

        private static void assertTableEquals(double[][] expected, INDArray actual, String what) {
            assertEquals(DataType.FLOAT, actual.dataType());
            for (int n = 0; n < expected.length; n++) {
                for (int x = 0; x < DIM; x++) {
                    assertEquals(expected[n][x], actual.getDouble(n, x), TOLERANCE, what + " of node " + n + ", element " + x);
                }
            }
        }
    }

    /** Skip-gram with negative sampling by hand, in double. */
    private static final class Reference {
        final double[][] in, out;
        final int k, negative;
        int scored, saturated, skipped;

        Reference(double[][] in, double[][] out, int k, int negative) {
            this.in = in;
            this.out = out;
            this.k = k;
            this.negative = negative;
        }

        /** Windows of size 1 along the walk, one after another. */
        void walk(int[] nodes) {
            for (int p = 0; p < nodes.length; p++) {
                int[] contexts = p == 0 ? new int[]{nodes[1]} : p == nodes.length - 1 ? new int[]{nodes[p - 1]}
                        : new int[]{nodes[p - 1], nodes[p + 1]};
                window(nodes[p], contexts);
            }
        }

        /** One HogBatch step: all pairs scored at the window's starting values, then every delta added. */
        void window(int center, int[] contexts) {
            int[] targets = new int[1 + k];
            targets[0] = center;
            for (int q = 1; q <= k; q++) {
                targets[q] = negative;
            }
            double[][] inDelta = new double[in.length][DIM], outDelta = new double[out.length][DIM];
            for (int context : contexts) {
                for (int t = 0; t <= k; t++) {
                    if (t > 0 && targets[t] == center) {
                        skipped++; // a negative that is the center: not a negative
                        continue;
                    }
                    double g = LR * ((t == 0 ? 1 : 0) - tableSigmoid(dot(in[context], out[targets[t]])));
                    for (int x = 0; x < DIM; x++) {
                        inDelta[context][x] += g * out[targets[t]][x];
                        outDelta[targets[t]][x] += g * in[context][x];
                    }
                }
            }
            for (int n = 0; n < in.length; n++) {
                for (int x = 0; x < DIM; x++) {
                    in[n][x] += inDelta[n][x];
                    out[n][x] += outDelta[n][x];
                }
            }
        }

        /** Sub-windows sharing k negatives: every pair scored at the starting values, then every delta added. */
        void group(int[] centers, int[][] contexts) {
            double[][] inDelta = new double[in.length][DIM], outDelta = new double[out.length][DIM];
            for (int s = 0; s < centers.length; s++) {
                for (int context : contexts[s]) {
                    for (int t = 0; t <= k; t++) {
                        int target = t == 0 ? centers[s] : negative;
                        double g = LR * ((t == 0 ? 1 : 0) - tableSigmoid(dot(in[context], out[target])));
                        for (int x = 0; x < DIM; x++) {
                            inDelta[context][x] += g * out[target][x];
                            outDelta[target][x] += g * in[context][x];
                        }
                    }
                }
            }
            for (int n = 0; n < in.length; n++) {
                for (int x = 0; x < DIM; x++) {
                    in[n][x] += inDelta[n][x];
                    out[n][x] += outDelta[n][x];
                }
            }
        }

        /**
         * word2vec's sigmoid: 1 at or above 6, 0 at or below -6, else the table entry of the bin below the logit
         * (1000 bins over [-6, 6), entry i = sigmoid(-6 + 12 i / 1000)).
         */
        double tableSigmoid(double f) {
            scored++;
            double position = (f + 6) * (1000 / 12.0);
            if (Math.abs(position - Math.rint(position)) < 1e-3) {
                fail("logit " + f + " is on a sigmoid-table bin edge (or at +-6): float and double may treat it "
                        + "differently; change the fixture");
            }
            if (f >= 6 || f <= -6) {
                saturated++;
                return f >= 6 ? 1 : 0;
            }
            int bin = Math.min(999, (int) position);
            return (float) (1 / (1 + Math.exp(-((bin / 1000.0 * 2 - 1) * 6))));
        }

        private static double dot(double[] a, double[] b) {
            double s = 0;
            for (int x = 0; x < a.length; x++) {
                s += a[x] * b[x];
            }
            return s;
        }
    }
}
