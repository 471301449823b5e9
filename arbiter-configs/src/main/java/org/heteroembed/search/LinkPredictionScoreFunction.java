package org.heteroembed.search;

import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import org.heteroembed.eval.RankingMetrics;
import org.heteroembed.eval.Similarity;
import org.heteroembed.graph.HeldOutLinks;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.inference.HeteroEmbeddings;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Link prediction on held-out edges: each held-out edge {@code (u, v)} is scored against {@code k}
 * type-consistent negatives {@code (u, v')}, {@code v'} a node of {@code v}'s type that is neither an edge of
 * the training graph nor a held-out edge of {@code u}. Reports ROC AUC (positives against all negatives) and
 * MRR (each positive ranked among its own negatives); {@link #metric()} says which one is the score.
 *
 * <p>The edges (a seeded sample of at most {@code maxEdges}) and their negatives are drawn once, when the
 * function is created, so every candidate is ranked on the same examples. Edge scores are the dot product or
 * the cosine of the two nodes' vectors ({@link HeteroEmbeddings}: the input tables, one space for all types).
 */
public final class LinkPredictionScoreFunction extends EmbeddingScoreFunction {
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(LinkPredictionScoreFunction.class);
    public static final String AUC = "auc", MRR = "mrr";
    /** Draws allowed per negative before accepting one that may be a true edge (a node linked to nearly all). */
    private static final int ATTEMPTS = 100;

    private final String metric;
    private final Similarity similarity;
    private final List<String> typeNames;
    private final int[] sourceType, sourceLocal, targetType, targetLocal;
    private final int[][] negativeLocal; // [edge][k], of the edge's target type
    private final int negativesPerEdge;

    private LinkPredictionScoreFunction(String metric, Similarity similarity, List<String> typeNames, int[] sourceType,
                                        int[] sourceLocal, int[] targetType, int[] targetLocal, int[][] negativeLocal,
                                        int negativesPerEdge) {
        this.metric = metric;
        this.similarity = similarity;
        this.typeNames = typeNames;
        this.sourceType = sourceType;
        this.sourceLocal = sourceLocal;
        this.targetType = targetType;
        this.targetLocal = targetLocal;
        this.negativeLocal = negativeLocal;
        this.negativesPerEdge = negativesPerEdge;
    }

    /**
     * @param metric    {@value #AUC} or {@value #MRR}
     * @param negatives type-consistent negatives per held-out edge (&gt;= 1)
     * @param maxEdges  held-out edges used at most (a seeded sample of them); 0 for all
     */
    public static LinkPredictionScoreFunction create(HeteroGraph graph, HeldOutLinks heldOut, String metric,
                                                     Similarity similarity, int negatives, int maxEdges, long seed) {
        String m = metric.toLowerCase(Locale.ROOT);
        if (!m.equals(AUC) && !m.equals(MRR)) {
            throw new IllegalArgumentException("link-prediction metric '" + metric + "' is not one of auc, mrr");
        }
        if (negatives < 1) {
            throw new IllegalArgumentException("negatives per held-out edge must be >= 1, got " + negatives);
        }
        if (heldOut.size() == 0) {
            throw new IllegalArgumentException("no held-out edges to score link prediction on");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int[] chosen = sample(heldOut.size(), maxEdges <= 0 ? heldOut.size() : maxEdges, rng);
        LongOpenHashSet positives = new LongOpenHashSet(heldOut.size() * 2);
        for (int i = 0; i < heldOut.size(); i++) {
            positives.add(key(heldOut.source(i), heldOut.target(i)));
        }
        int n = chosen.length;
        int[] st = new int[n], sl = new int[n], tt = new int[n], tl = new int[n];
        int[][] neg = new int[n][negatives];
        long accepted = 0;
        for (int i = 0; i < n; i++) {
            int u = heldOut.source(chosen[i]), v = heldOut.target(chosen[i]);
            st[i] = graph.nodeType(u);
            sl[i] = graph.localId(u);
            tt[i] = graph.nodeType(v);
            tl[i] = graph.localId(v);
            int count = graph.numNodes(tt[i]), offset = graph.typeOffset(tt[i]);
            for (int j = 0; j < negatives; j++) {
                int w = -1;
                for (int a = 0; a < ATTEMPTS; a++) {
                    w = offset + rng.nextInt(count);
                    if (w != v && w != u && !graph.hasEdge(u, w) && !positives.contains(key(u, w))) {
                        break;
                    }
                    if (a == ATTEMPTS - 1) {
                        accepted++;
                    }
                }
                neg[i][j] = w - offset;
            }
        }
        if (accepted > 0) {
            log.warn("{} negatives may be true edges: their sources are linked to nearly every node of the type", accepted);
        }
        log.info("link prediction: {} held-out edges (of {}), {} type-consistent negatives each, {} similarity, score {}",
                n, heldOut.size(), negatives, similarity.name().toLowerCase(Locale.ROOT), m);
        return new LinkPredictionScoreFunction(m, similarity, graph.schema().nodeTypes(), st, sl, tt, tl, neg, negatives);
    }

    private static long key(int u, int v) {
        return ((long) u << 32) | (v & 0xffffffffL);
    }

    /** A seeded sample of {@code k} of {@code 0..n-1} (all of them, in order, when k >= n). */
    private static int[] sample(int n, int k, SplittableRandom rng) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        if (k >= n) {
            return all;
        }
        for (int i = 0; i < k; i++) { // partial Fisher-Yates
            int j = i + rng.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] out = java.util.Arrays.copyOf(all, k);
        java.util.Arrays.sort(out);
        return out;
    }

    @Override
    public String metric() {
        return metric;
    }

    @Override
    public List<String> metricNames() {
        return metric.equals(AUC) ? List.of(AUC, MRR) : List.of(MRR, AUC);
    }

    @Override
    public double chance() {
        return metric.equals(AUC) ? 0.5 : RankingMetrics.chanceMrr(negativesPerEdge);
    }

    public int numEdges() {
        return sourceLocal.length;
    }

    public int negativesPerEdge() {
        return negativesPerEdge;
    }

    @Override
    public Map<String, Double> evaluate(HeteroEmbeddings e) {
        Rows rows = new Rows(e);
        int n = sourceLocal.length;
        for (int i = 0; i < n; i++) {
            rows.want(sourceType[i], sourceLocal[i]);
            rows.want(targetType[i], targetLocal[i]);
            for (int w : negativeLocal[i]) {
                rows.want(targetType[i], w);
            }
        }
        rows.fetch();
        double[] pos = new double[n];
        double[][] neg = new double[n][negativesPerEdge];
        double[] allNeg = new double[n * negativesPerEdge];
        for (int i = 0; i < n; i++) {
            float[] src = rows.get(sourceType[i], sourceLocal[i]);
            pos[i] = similarity.of(src, rows.get(targetType[i], targetLocal[i]));
            for (int j = 0; j < negativesPerEdge; j++) {
                neg[i][j] = similarity.of(src, rows.get(targetType[i], negativeLocal[i][j]));
                allNeg[i * negativesPerEdge + j] = neg[i][j];
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        double auc = RankingMetrics.auc(pos, allNeg), mrr = RankingMetrics.mrr(pos, neg);
        for (String name : metricNames()) {
            out.put(name, name.equals(AUC) ? auc : mrr);
        }
        return out;
    }

    /** Gathers the vectors of the nodes an evaluation needs, one {@code pullRows} per type. */
    private final class Rows {
        private final HeteroEmbeddings e;
        private final List<Int2IntOpenHashMap> index = new ArrayList<>();
        private final List<int[]> locals = new ArrayList<>();
        private final List<Integer> counts = new ArrayList<>();
        private final List<float[][]> vectors = new ArrayList<>();

        Rows(HeteroEmbeddings e) {
            this.e = e;
            for (int t = 0; t < typeNames.size(); t++) {
                Int2IntOpenHashMap m = new Int2IntOpenHashMap();
                m.defaultReturnValue(-1);
                index.add(m);
                locals.add(new int[16]);
                counts.add(0);
                vectors.add(null);
            }
        }

        void want(int type, int local) {
            Int2IntOpenHashMap m = index.get(type);
            if (m.get(local) < 0) {
                int c = counts.get(type);
                int[] l = locals.get(type);
                if (c == l.length) {
                    l = java.util.Arrays.copyOf(l, 2 * c);
                    locals.set(type, l);
                }
                l[c] = local;
                m.put(local, c);
                counts.set(type, c + 1);
            }
        }

        void fetch() {
            for (int t = 0; t < typeNames.size(); t++) {
                int c = counts.get(t);
                if (c > 0) {
                    int[] rows = java.util.Arrays.copyOf(locals.get(t), c);
                    vectors.set(t, Nd4j.pullRows(e.vectors(typeNames.get(t)), 1, rows).toFloatMatrix());
                }
            }
        }

        float[] get(int type, int local) {
            return vectors.get(type)[index.get(type).get(local)];
        }
    }

    @Override
    public String toString() {
        return "LinkPredictionScoreFunction(" + metric + ", " + similarity.name().toLowerCase(Locale.ROOT) + ", "
                + sourceLocal.length + " edges x " + negativesPerEdge + " negatives)";
    }
}
