package org.heteroembed.eval;

import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.inference.FloatMatrices;
import org.heteroembed.inference.HeteroEmbeddings;
import org.heteroembed.train.fast.VectorMath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Clustering of one node type's vectors against its labels: k-means with k = the number of label classes,
 * scored by normalised mutual information and purity.
 *
 * <p>k-means runs on L2-normalised vectors (so it groups by direction, the cosine geometry the vectors are
 * trained and queried in), with k-means++ seeding and several seeded restarts, keeping the one of least
 * inertia (sum of squared distances to the assigned centroid). Plain Java on float arrays, the distances on the
 * fast engine's SIMD kernels; the restarts run in parallel, each in a fixed order, so results are deterministic for
 * a seed.
 *
 * <p>NMI uses the arithmetic-mean normalisation {@code I(U;V) / ((H(U) + H(V)) / 2)} (scikit-learn's default),
 * natural logarithms, and is 1 when both labelings are a single group. Purity is the fraction of nodes whose
 * cluster's majority label is their own.
 */
public final class Clustering {
    private static final Logger log = LoggerFactory.getLogger(Clustering.class);
    public static final int DEFAULT_RESTARTS = 10;
    public static final int MAX_ITERATIONS = 300;
    /**
     * A run also stops when its centroids moved less than this fraction of the data's mean per-dimension variance
     * (the sum over centroids of the squared moves): scikit-learn's {@code tol}. The assignments of a run near its
     * fixed point change a handful of points per iteration for many iterations; on the demo's 19K users this
     * tolerance stopped the runs after ~20 iterations instead of ~100, NMI within 0.001 (BENCHMARKS.md).
     */
    public static final double TOLERANCE = 1e-4;

    private Clustering() {
    }

    /**
     * @param assignment cluster of each point, {@code 0..k-1}
     * @param inertia    sum of squared distances of the points to their centroids
     * @param iterations Lloyd iterations of the kept restart
     */
    public record KMeans(int[] assignment, double inertia, int iterations) {
    }

    /**
     * @param type     node type clustered
     * @param nodes    labelled nodes clustered
     * @param k        clusters (= label classes that occur)
     * @param restarts k-means restarts
     * @param nmi      NMI (arithmetic-mean normalisation) between clusters and labels
     * @param purity   cluster purity against the labels
     * @param inertia  k-means objective on the normalised vectors
     */
    public record Result(String type, int nodes, int k, int restarts, double nmi, double purity, double inertia) {
    }

    /** k-means of the labelled nodes of {@code type} with {@value #DEFAULT_RESTARTS} restarts. */
    public static Result evaluate(HeteroEmbeddings embeddings, HeteroGraph graph, String type, long seed) {
        return evaluate(embeddings, graph, type, DEFAULT_RESTARTS, seed);
    }

    /**
     * Clusters the labelled nodes of {@code type} (matched to model rows by id) into as many clusters as label
     * classes occur, and compares the clusters with the labels.
     *
     * @throws IllegalArgumentException if the type is unknown or unlabelled
     */
    public static Result evaluate(HeteroEmbeddings embeddings, HeteroGraph graph, String type, int restarts, long seed) {
        NodeVectors.Labelled l = NodeVectors.labelled(embeddings, graph, type, "cluster against");
        return evaluate(type, FloatMatrices.rows(l.vectors()), l.labels(), restarts, seed);
    }

    /** Clusters rows of {@code vectors} into as many clusters as {@code labels} has distinct values. */
    public static Result evaluate(String name, float[][] vectors, int[] labels, int restarts, long seed) {
        int[] y = compact(labels);
        int k = 0;
        for (int c : y) {
            k = Math.max(k, c + 1);
        }
        long start = System.nanoTime();
        KMeans km = kMeans(normalized(vectors), k, restarts, MAX_ITERATIONS, seed);
        Result r = new Result(name, y.length, k, restarts, nmi(km.assignment(), y), purity(km.assignment(), y), km.inertia());
        log.debug("clustering '{}': k-means k={} ({} restarts, {} ms, {} iterations in the best): NMI {}, purity {}", name, k, restarts,
                (System.nanoTime() - start) / 1_000_000, km.iterations(), String.format(Locale.ROOT, "%.4f", r.nmi()),
                String.format(Locale.ROOT, "%.4f", r.purity()));
        return r;
    }

    /** Copies of the rows scaled to unit length (all-zero rows stay zero). */
    static float[][] normalized(float[][] x) {
        float[][] out = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            double s = 0;
            for (float v : x[i]) {
                s += (double) v * v;
            }
            double inv = s == 0 ? 0 : 1 / Math.sqrt(s);
            out[i] = new float[x[i].length];
            for (int j = 0; j < x[i].length; j++) {
                out[i][j] = (float) (x[i][j] * inv);
            }
        }
        return out;
    }

    /**
     * k-means (Lloyd) with k-means++ seeding; the best of {@code restarts} seeded runs by inertia. Each run
     * stops when no assignment changes, when the centroids moved less than {@link #TOLERANCE} (then after one more
     * assignment, so the result is consistent with its centroids) or after {@code maxIterations}. A cluster that empties is re-seeded
     * with the point farthest from its centroid, so exactly k clusters are kept.
     *
     * @throws IllegalArgumentException if k is not in 1..points
     */
    public static KMeans kMeans(float[][] points, int k, int restarts, int maxIterations, long seed) {
        int n = points.length;
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k must be in 1.." + n + ", got " + k);
        }
        if (restarts < 1) {
            throw new IllegalArgumentException("restarts must be >= 1, got " + restarts);
        }
        // Restarts run in parallel (each one sequential), with generators split off in a fixed order and the best
        // chosen by inertia, then by restart index: the result does not depend on the thread count. One restart
        // parallelises its assignment step instead.
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom[] rngs = new SplittableRandom[restarts];
        for (int r = 0; r < restarts; r++) {
            rngs[r] = root.split();
        }
        double[] squaredNorms = new double[n];
        for (int i = 0; i < n; i++) {
            squaredNorms[i] = squaredNorm(points[i]);
        }
        double tolerance = TOLERANCE * meanVariance(points);
        KMeans[] runs = new KMeans[restarts];
        IntStream.range(0, restarts).parallel().forEach(r ->
                runs[r] = lloyd(points, squaredNorms, k, maxIterations, tolerance, rngs[r], restarts == 1));
        KMeans best = runs[0];
        for (KMeans run : runs) {
            if (run.inertia() < best.inertia()) {
                best = run;
            }
        }
        return best;
    }

    private static KMeans lloyd(float[][] x, double[] squaredNorms, int k, int maxIterations, double tolerance,
                                SplittableRandom rng, boolean parallel) {
        int n = x.length, d = x[0].length;
        float[][] centroids = plusPlus(x, k, rng);
        double[] centroidNorms = new double[k];
        int[] assignment = new int[n];
        double[] dist = new double[n];
        java.util.Arrays.fill(assignment, -1);
        int iterations = 0;
        boolean settled = false; // the centroids moved less than the tolerance: one more assignment, then stop
        while (true) {
            for (int c = 0; c < k; c++) {
                centroidNorms[c] = squaredNorm(centroids[c]);
            }
            // Assignment: |x - c|^2 = |x|^2 + |c|^2 - 2 x.c, the product on the SIMD kernels; independent per point.
            IntStream points = IntStream.range(0, n);
            int changed = (parallel ? points.parallel() : points).map(i -> {
                int bestC = 0;
                double bestD = Double.POSITIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    double s = squaredNorms[i] + centroidNorms[c] - 2.0 * VectorMath.dot(x[i], centroids[c], d);
                    if (s < bestD) {
                        bestD = s;
                        bestC = c;
                    }
                }
                dist[i] = Math.max(0, bestD);
                if (assignment[i] != bestC) {
                    assignment[i] = bestC;
                    return 1;
                }
                return 0;
            }).sum();
            if (changed == 0 || iterations == maxIterations || settled) {
                break;
            }
            iterations++;
            // Update: means of the members, in point order.
            double[][] sums = new double[k][d];
            int[] counts = new int[k];
            for (int i = 0; i < n; i++) {
                int c = assignment[i];
                counts[c]++;
                for (int j = 0; j < d; j++) {
                    sums[c][j] += x[i][j];
                }
            }
            boolean[] taken = new boolean[n];
            double moved = 0;
            for (int c = 0; c < k; c++) {
                if (counts[c] == 0) {
                    // Empty cluster: move it to the point currently worst served.
                    int far = -1;
                    for (int i = 0; i < n; i++) {
                        if (!taken[i] && (far < 0 || dist[i] > dist[far])) {
                            far = i;
                        }
                    }
                    taken[far] = true;
                    centroids[c] = x[far].clone();
                    moved = Double.POSITIVE_INFINITY;
                    continue;
                }
                for (int j = 0; j < d; j++) {
                    float next = (float) (sums[c][j] / counts[c]);
                    moved += (double) (next - centroids[c][j]) * (next - centroids[c][j]);
                    centroids[c][j] = next;
                }
            }
            settled = moved <= tolerance;
        }
        double inertia = 0;
        for (double v : dist) {
            inertia += v;
        }
        return new KMeans(assignment, inertia, iterations);
    }

    /** k-means++: the first centre uniformly, each next one with probability proportional to D(x)^2. */
    private static float[][] plusPlus(float[][] x, int k, SplittableRandom rng) {
        int n = x.length;
        float[][] c = new float[k][];
        c[0] = x[rng.nextInt(n)].clone();
        double[] d2 = new double[n];
        for (int i = 0; i < n; i++) {
            d2[i] = squaredDistance(x[i], c[0]);
        }
        for (int m = 1; m < k; m++) {
            double total = 0;
            for (double v : d2) {
                total += v;
            }
            int pick;
            if (total <= 0) {
                pick = rng.nextInt(n); // all points coincide with the centres: any point will do
            } else {
                double r = rng.nextDouble() * total;
                pick = n - 1;
                for (int i = 0; i < n; i++) {
                    r -= d2[i];
                    if (r < 0) {
                        pick = i;
                        break;
                    }
                }
            }
            c[m] = x[pick].clone();
            for (int i = 0; i < n; i++) {
                d2[i] = Math.min(d2[i], squaredDistance(x[i], c[m]));
            }
        }
        return c;
    }

    /** The mean over dimensions of the points' variance (scikit-learn's scale for its k-means tolerance). */
    private static double meanVariance(float[][] x) {
        int n = x.length, d = x[0].length;
        double total = 0;
        for (int j = 0; j < d; j++) {
            double sum = 0, squares = 0;
            for (float[] row : x) {
                sum += row[j];
                squares += (double) row[j] * row[j];
            }
            total += Math.max(0, squares / n - (sum / n) * (sum / n));
        }
        return total / d;
    }

    private static double squaredNorm(float[] a) {
        double s = 0;
        for (float v : a) {
            s += (double) v * v;
        }
        return s;
    }

    private static double squaredDistance(float[] a, float[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double t = a[j] - b[j];
            s += t * t;
        }
        return s;
    }

    /**
     * Normalised mutual information of two labelings of the same items (any int values):
     * {@code I(A;B) / ((H(A) + H(B)) / 2)}, natural logs; 1 when both put all items in one group.
     *
     * @throws IllegalArgumentException if the lengths differ or are 0
     */
    public static double nmi(int[] a, int[] b) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("NMI needs two labelings of the same non-empty items, got " + a.length
                    + " and " + b.length);
        }
        int[] x = compact(a), y = compact(b);
        int ka = max(x) + 1, kb = max(y) + 1;
        double n = x.length;
        long[] ca = new long[ka], cb = new long[kb];
        Long2IntOpenHashMap joint = new Long2IntOpenHashMap(); // sparse contingency table: k * k may be large
        for (int i = 0; i < x.length; i++) {
            ca[x[i]]++;
            cb[y[i]]++;
            joint.addTo(((long) x[i] << 32) | y[i], 1);
        }
        double ha = entropy(ca, n), hb = entropy(cb, n);
        if (ha == 0 && hb == 0) {
            return 1.0;
        }
        double mi = 0;
        for (var e : joint.long2IntEntrySet()) {
            int i = (int) (e.getLongKey() >>> 32), j = (int) e.getLongKey();
            double nij = e.getIntValue();
            mi += nij / n * Math.log(n * nij / ((double) ca[i] * cb[j]));
        }
        return Math.max(0, Math.min(1, mi / ((ha + hb) / 2)));
    }

    /**
     * Purity: each cluster votes for its most frequent label; the fraction of items whose label won.
     */
    public static double purity(int[] clusters, int[] labels) {
        if (clusters.length != labels.length || clusters.length == 0) {
            throw new IllegalArgumentException("purity needs two labelings of the same non-empty items");
        }
        int[] x = compact(clusters), y = compact(labels);
        int kb = max(y) + 1;
        int[][] counts = new int[max(x) + 1][kb];
        for (int i = 0; i < x.length; i++) {
            counts[x[i]][y[i]]++;
        }
        long majority = 0;
        for (int[] row : counts) {
            int m = 0;
            for (int c : row) {
                m = Math.max(m, c);
            }
            majority += m;
        }
        return (double) majority / x.length;
    }

    private static double entropy(long[] counts, double n) {
        double h = 0;
        for (long c : counts) {
            if (c > 0) {
                h -= c / n * Math.log(c / n);
            }
        }
        return h;
    }

    /** The values renumbered 0.. in order of first appearance. */
    static int[] compact(int[] values) {
        Int2IntOpenHashMap ids = new Int2IntOpenHashMap();
        ids.defaultReturnValue(-1);
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            int id = ids.get(values[i]);
            if (id < 0) {
                id = ids.size();
                ids.put(values[i], id);
            }
            out[i] = id;
        }
        return out;
    }

    private static int max(int[] a) {
        int m = -1;
        for (int v : a) {
            m = Math.max(m, v);
        }
        return m;
    }
}
