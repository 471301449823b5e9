package org.heteroembed.eval;

import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import org.heteroembed.graph.HeldOutLinks;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.Relation;
import org.heteroembed.inference.FloatMatrices;
import org.heteroembed.inference.HeteroEmbeddings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Link prediction on held-out edges. Each held-out edge {@code (u, v)} of relation {@code r} is ranked against
 * up to {@code negatives} distinct corrupted edges {@code (u, v')}, {@code v'} a node of v's type (so the
 * negatives are type-consistent, drawn per relation) that is neither a training edge of u nor a held-out edge,
 * nor u or v itself. Reports AUC, MRR and Hits@{@value #HITS_K} ({@link RankingMetrics}) over all held-out
 * edges and per relation.
 *
 * <p>Scores are the dot product or cosine ({@link Similarity}) of u's and v's <em>input</em> vectors, as
 * {@link HeteroEmbeddings} reports them (the "center" tables, through each type's projection when types have
 * their own sizes, so all types share one space). Nodes are matched to model rows by external id.
 *
 * <p>{@link #prepare} draws the edges and negatives once, so several models (or both similarities) are
 * ranked on exactly the same examples; everything is seeded and deterministic. Negatives are drawn by
 * rejection; for a source linked to most of the candidate type the valid candidates are enumerated instead,
 * and an edge with no valid negative at all is skipped (and counted).
 */
public final class LinkPrediction {
    private static final Logger log = LoggerFactory.getLogger(LinkPrediction.class);
    /** The cut-off of Hits@k. */
    public static final int HITS_K = 10;
    /** Negatives per held-out edge by default: enough for MRR and Hits@10 to separate good from chance. */
    public static final int DEFAULT_NEGATIVES = 50;
    /** Rejection draws per negative before falling back to enumerating the valid candidates. */
    private static final int ATTEMPTS = 30;

    private final HeteroGraph graph;
    private final int[] relation, source, target;
    private final int[][] negatives; // global indices, of the target's type
    private final int negativesPerEdge;
    private final int skipped;

    private LinkPrediction(HeteroGraph graph, int[] relation, int[] source, int[] target, int[][] negatives,
                           int negativesPerEdge, int skipped) {
        this.graph = graph;
        this.relation = relation;
        this.source = source;
        this.target = target;
        this.negatives = negatives;
        this.negativesPerEdge = negativesPerEdge;
        this.skipped = skipped;
    }

    /**
     * The metrics of one model.
     *
     * @param similarity       how edges were scored
     * @param negativesPerEdge negatives requested per held-out edge (an edge may have fewer when its source
     *                         links to nearly all candidates)
     * @param skippedEdges     held-out edges without any valid negative, left out
     * @param overall          metrics over all ranked edges
     * @param byRelation       metrics per relation name, in schema order
     */
    public record Result(Similarity similarity, int negativesPerEdge, int skippedEdges, RankingMetrics.Scores overall,
                         Map<String, RankingMetrics.Scores> byRelation) {
        public Result {
            byRelation = Collections.unmodifiableMap(new LinkedHashMap<>(byRelation));
        }

        /** MRR of random scores with this many negatives, for comparison. */
        public double chanceMrr() {
            return RankingMetrics.chanceMrr(negativesPerEdge);
        }

        /** Hits@k of random scores with this many negatives, for comparison. */
        public double chanceHits() {
            return RankingMetrics.chanceHitsAtK(negativesPerEdge, overall.k());
        }
    }

    /** Draws negatives for every held-out edge and evaluates one model: see {@link #prepare}. */
    public static Result evaluate(HeteroGraph training, HeldOutLinks heldOut, HeteroEmbeddings embeddings,
                                  Similarity similarity, int negatives, long seed) {
        return prepare(training, heldOut, negatives, 0, seed).evaluate(embeddings, similarity);
    }

    /**
     * Draws the negatives of the held-out edges once.
     *
     * @param training  the graph the model was trained on (held-out edges must not be in it)
     * @param heldOut   edges of {@code training}'s node numbering
     * @param negatives negatives per held-out edge (&gt;= 1)
     * @param maxEdges  held-out edges used at most (a seeded sample); 0 for all
     * @throws IllegalArgumentException if there are no held-out edges, one does not fit the graph, or one is
     *                                  a training edge (the split leaked)
     */
    public static LinkPrediction prepare(HeteroGraph training, HeldOutLinks heldOut, int negatives, int maxEdges,
                                         long seed) {
        if (negatives < 1) {
            throw new IllegalArgumentException("negatives per held-out edge must be >= 1, got " + negatives);
        }
        if (heldOut.size() == 0) {
            throw new IllegalArgumentException("no held-out edges to predict");
        }
        heldOut.validate(training);
        LongOpenHashSet held = new LongOpenHashSet(heldOut.size() * 4);
        for (int i = 0; i < heldOut.size(); i++) {
            int u = heldOut.source(i), v = heldOut.target(i);
            if (training.hasEdge(u, v)) {
                throw new IllegalArgumentException("held-out edge " + training.nodeId(u) + " - " + training.nodeId(v)
                        + " is also a training edge: the split leaks");
            }
            held.add(HeldOutLinks.pairKey(u, v));
            if (!training.schema().relation(heldOut.relation(i)).directed()) {
                held.add(HeldOutLinks.pairKey(v, u));
            }
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int[] chosen = SeededSample.indices(heldOut.size(), maxEdges <= 0 ? heldOut.size() : maxEdges, rng);
        IntArrayList keep = new IntArrayList(chosen.length);
        int[][] neg = new int[chosen.length][];
        int skipped = 0, fallbacks = 0, rows = 0;
        int[] draw = new int[negatives];
        for (int i : chosen) {
            int u = heldOut.source(i), v = heldOut.target(i);
            int type = training.nodeType(v), offset = training.typeOffset(type), count = training.numNodes(type);
            int have = 0;
            for (int j = 0; j < negatives; j++) {
                int w = -1;
                for (int a = 0; a < ATTEMPTS && w < 0; a++) {
                    int c = offset + rng.nextInt(count);
                    if (valid(training, held, u, v, c) && !contains(draw, have, c)) {
                        w = c;
                    }
                }
                if (w < 0) {
                    break;
                }
                draw[have++] = w;
            }
            if (have < negatives) {
                // Rejection keeps failing only when u is linked to most of the type, or the type has fewer
                // valid nodes than negatives wanted: enumerate the valid ones instead.
                fallbacks++;
                have = enumerate(training, held, u, v, offset, count, draw, rng);
            }
            if (have == 0) {
                skipped++;
                continue;
            }
            keep.add(i);
            neg[rows++] = Arrays.copyOf(draw, have);
        }
        if (fallbacks > 0) {
            log.info("{} held-out edges have fewer valid negatives than {} or sources linked to most of them: "
                    + "their valid negatives were enumerated", fallbacks, negatives);
        }
        if (skipped > 0) {
            log.warn("{} held-out edges have no valid negative (the source links to every node of the type): skipped", skipped);
        }
        if (rows == 0) {
            throw new IllegalArgumentException("no held-out edge has a valid negative");
        }
        int[] r = new int[rows], s = new int[rows], t = new int[rows];
        for (int k = 0; k < rows; k++) {
            int i = keep.getInt(k);
            r[k] = heldOut.relation(i);
            s[k] = heldOut.source(i);
            t[k] = heldOut.target(i);
        }
        log.debug("link prediction: {} held-out edges (of {}), up to {} type-consistent negatives each", rows,
                heldOut.size(), negatives);
        return new LinkPrediction(training, r, s, t, Arrays.copyOf(neg, rows), negatives, skipped);
    }

    private static boolean valid(HeteroGraph g, LongOpenHashSet held, int u, int v, int w) {
        return w != v && w != u && !held.contains(HeldOutLinks.pairKey(u, w)) && !g.hasEdge(u, w);
    }

    private static boolean contains(int[] a, int n, int x) {
        for (int i = 0; i < n; i++) {
            if (a[i] == x) {
                return true;
            }
        }
        return false;
    }

    /** All valid negatives of (u, v), then a seeded sample of at most {@code into.length} of them. */
    private static int enumerate(HeteroGraph g, LongOpenHashSet held, int u, int v, int offset, int count, int[] into,
                                 SplittableRandom rng) {
        IntArrayList valid = new IntArrayList();
        for (int w = offset; w < offset + count; w++) {
            if (valid(g, held, u, v, w)) {
                valid.add(w);
            }
        }
        int n = valid.size(), k = Math.min(n, into.length);
        int[] a = valid.toIntArray();
        for (int i = 0; i < k; i++) { // partial Fisher-Yates
            int j = i + rng.nextInt(n - i);
            int x = a[i];
            a[i] = a[j];
            a[j] = x;
        }
        System.arraycopy(a, 0, into, 0, k);
        return k;
    }

    /** Number of held-out edges ranked. */
    public int numEdges() {
        return source.length;
    }

    public int negativesPerEdge() {
        return negativesPerEdge;
    }

    /** Global indices of the negatives drawn for edge {@code i} (a copy). */
    public int[] negatives(int i) {
        return negatives[i].clone();
    }

    /** Scores every held-out edge and its negatives with the model's input vectors. */
    public Result evaluate(HeteroEmbeddings embeddings, Similarity similarity) {
        Rows rows = new Rows();
        for (int i = 0; i < source.length; i++) {
            rows.want(source[i]);
            rows.want(target[i]);
            for (int w : negatives[i]) {
                rows.want(w);
            }
        }
        rows.fetch(embeddings);
        int n = source.length;
        double[] pos = new double[n];
        double[][] neg = new double[n][];
        for (int i = 0; i < n; i++) {
            float[] u = rows.get(source[i]);
            pos[i] = similarity.of(u, rows.get(target[i]));
            neg[i] = new double[negatives[i].length];
            for (int j = 0; j < neg[i].length; j++) {
                neg[i][j] = similarity.of(u, rows.get(negatives[i][j]));
            }
        }
        Map<String, RankingMetrics.Scores> byRelation = new LinkedHashMap<>();
        for (Relation r : graph.schema().relations()) {
            int m = 0;
            for (int rel : relation) {
                m += rel == r.id() ? 1 : 0;
            }
            if (m == 0) {
                continue;
            }
            double[] p = new double[m];
            double[][] q = new double[m][];
            for (int i = 0, k = 0; i < n; i++) {
                if (relation[i] == r.id()) {
                    p[k] = pos[i];
                    q[k++] = neg[i];
                }
            }
            byRelation.put(r.name(), RankingMetrics.scores(p, q, HITS_K));
        }
        Result result = new Result(similarity, negativesPerEdge, skipped, RankingMetrics.scores(pos, neg, HITS_K), byRelation);
        log.debug("link prediction ({}): AUC {}, MRR {}, Hits@{} {} over {} edges",
                similarity.name().toLowerCase(Locale.ROOT), fmt(result.overall().auc()), fmt(result.overall().mrr()),
                HITS_K, fmt(result.overall().hitsAtK()), n);
        return result;
    }

    private static String fmt(double x) {
        return String.format(Locale.ROOT, "%.4f", x);
    }

    /** The vectors of the nodes an evaluation needs, fetched by id with one lookup per node type. */
    private final class Rows {
        private final Int2IntOpenHashMap index = new Int2IntOpenHashMap();
        private final IntArrayList[] byType = new IntArrayList[graph.numNodeTypes()];
        private float[][] vectors;

        Rows() {
            index.defaultReturnValue(-1);
            for (int t = 0; t < byType.length; t++) {
                byType[t] = new IntArrayList();
            }
        }

        void want(int global) {
            if (!index.containsKey(global)) {
                index.put(global, -1 - index.size()); // placeholder, resolved in fetch
                byType[graph.nodeType(global)].add(global);
            }
        }

        void fetch(HeteroEmbeddings e) {
            vectors = new float[index.size()][];
            int at = 0;
            for (int t = 0; t < byType.length; t++) {
                int[] globals = byType[t].toIntArray();
                if (globals.length == 0) {
                    continue;
                }
                int[] locals = new int[globals.length];
                for (int i = 0; i < globals.length; i++) {
                    locals[i] = globals[i] - graph.typeOffset(t);
                }
                float[][] v = FloatMatrices.rows(NodeVectors.of(e, graph, t, locals));
                for (int i = 0; i < globals.length; i++) {
                    index.put(globals[i], at);
                    vectors[at++] = v[i];
                }
            }
        }

        float[] get(int global) {
            return vectors[index.get(global)];
        }
    }

    @Override
    public String toString() {
        return "LinkPrediction(" + source.length + " held-out edges x up to " + negativesPerEdge + " negatives)";
    }
}
