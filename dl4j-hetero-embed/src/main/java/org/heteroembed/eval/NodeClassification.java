package org.heteroembed.eval;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.inference.FloatMatrices;
import org.heteroembed.inference.HeteroEmbeddings;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Node classification: multinomial logistic regression on the vectors of one type's labelled nodes
 * ({@link LogisticRegressionClassifier}: L2-regularised, C = 1, on L2-normalised vectors, fitted by L-BFGS), trained on a
 * fraction of the nodes and tested on the rest, at several training ratios, each repeated over seeded random
 * splits. Reports micro-F1 (equal to accuracy for single-label classes) and macro-F1 (unweighted mean over
 * classes, so small classes count as much as large ones), as mean and sample standard deviation over the
 * repeats.
 *
 * <p>Splits are stratified by default: each class contributes {@code round(ratio * size)} training nodes
 * (at least one, and at least one test node when it has two or more), so even a 10% split sees every class.
 * Label indices are compacted to the classes that occur, so a vocabulary entry no node carries does not
 * count as a class scored 0.
 *
 * <p>{@link #prepare} chooses the nodes once (all, or a seeded sample), so several models (the candidates of a
 * search) are classified on the same nodes and, with the same seed, the same splits; everything is seeded.
 */
public final class NodeClassification {
    private static final Logger log = LoggerFactory.getLogger(NodeClassification.class);
    /** The training ratios of the DeepWalk / metapath2vec evaluations. */
    public static final List<Double> DEFAULT_RATIOS = List.of(0.1, 0.3, 0.5, 0.7, 0.9);
    public static final int DEFAULT_REPEATS = 5;

    private final HeteroGraph graph;
    private final String type;
    private final int typeId;
    private final int[] locals; // the labelled nodes classified, ascending
    private final int[] labels;
    private final int classes;

    private NodeClassification(HeteroGraph graph, String type, int typeId, int[] locals, int[] labels, int classes) {
        this.graph = graph;
        this.type = type;
        this.typeId = typeId;
        this.locals = locals;
        this.labels = labels;
        this.classes = classes;
    }

    /** Mean and sample standard deviation (0 for one repeat) of micro- and macro-F1 at one training ratio. */
    public record RatioScores(double trainRatio, int repeats, int trainNodes, int testNodes, double microF1Mean,
                              double microF1Std, double macroF1Mean, double macroF1Std) {
    }

    /**
     * @param type       node type whose labels were predicted
     * @param nodes      labelled nodes used
     * @param classes    classes that occur among them
     * @param stratified whether splits were stratified by class
     * @param ratios     one entry per training ratio, ascending as given
     */
    public record Result(String type, int nodes, int classes, boolean stratified, List<RatioScores> ratios) {
        public Result {
            ratios = List.copyOf(ratios);
        }

        /** Macro-F1 of guessing uniformly among balanced classes, for comparison. */
        public double chanceMacroF1() {
            return 1.0 / classes;
        }
    }

    /** The default ratios and repeats, stratified. */
    public static Result evaluate(HeteroEmbeddings embeddings, HeteroGraph graph, String type, long seed) {
        return evaluate(embeddings, graph, type, DEFAULT_RATIOS, DEFAULT_REPEATS, true, seed);
    }

    /**
     * Classifies the labelled nodes of {@code type} (nodes matched to model rows by id).
     *
     * @throws IllegalArgumentException if the type is unknown or unlabelled, a ratio is not in (0, 1), or there
     *                                  are fewer than two labelled nodes or classes
     */
    public static Result evaluate(HeteroEmbeddings embeddings, HeteroGraph graph, String type, List<Double> ratios,
                                  int repeats, boolean stratified, long seed) {
        return prepare(graph, type, 0, seed).evaluate(embeddings, ratios, repeats, stratified, seed);
    }

    /**
     * Chooses the labelled nodes of {@code type} to classify once, so several models are classified on the same
     * nodes (and, given the same seed to {@link #evaluate(HeteroEmbeddings, List, int, boolean, long)}, the same
     * splits).
     *
     * @param maxNodes labelled nodes used at most (a seeded sample, in local order); 0 for all
     * @throws IllegalArgumentException if the type is unknown or unlabelled, or the nodes chosen are fewer than
     *                                  two or of fewer than two classes
     */
    public static NodeClassification prepare(HeteroGraph graph, String type, int maxNodes, long seed) {
        if (maxNodes < 0) {
            throw new IllegalArgumentException("maxNodes must be >= 0 (0 = all), got " + maxNodes);
        }
        NodeVectors.LabelledNodes all = NodeVectors.labelledNodes(graph, type, "classify");
        int n = all.locals().length;
        int[] chosen = SeededSample.indices(n, maxNodes == 0 ? n : maxNodes, new SplittableRandom(seed));
        int[] locals = new int[chosen.length], labels = new int[chosen.length];
        for (int i = 0; i < chosen.length; i++) {
            locals[i] = all.locals()[chosen[i]];
            labels[i] = all.labels()[chosen[i]];
        }
        int classes = checkedClasses(type, Clustering.compact(labels));
        return new NodeClassification(graph, type, all.type(), locals, labels, classes);
    }

    /** Classifies the prepared nodes with the vectors of {@code embeddings} (matched by id). */
    public Result evaluate(HeteroEmbeddings embeddings, List<Double> ratios, int repeats, boolean stratified, long seed) {
        return evaluate(type, NodeVectors.of(embeddings, graph, typeId, locals), labels, ratios, repeats, stratified, seed);
    }

    /** Clusters the prepared nodes (as many clusters as classes occur) and compares the clusters with the labels. */
    public Clustering.Result cluster(HeteroEmbeddings embeddings, int restarts, long seed) {
        return Clustering.evaluate(type, FloatMatrices.rows(NodeVectors.of(embeddings, graph, typeId, locals)), labels,
                restarts, seed);
    }

    /** Number of labelled nodes classified. */
    public int numNodes() {
        return locals.length;
    }

    /** Number of classes that occur among them. */
    public int numClasses() {
        return classes;
    }

    /** Number of classes in compacted labels {@code 0..k-1}, checked: classification needs two nodes and two classes. */
    private static int checkedClasses(String name, int[] compacted) {
        int classes = 0;
        for (int c : compacted) {
            classes = Math.max(classes, c + 1);
        }
        if (compacted.length < 2 || classes < 2) {
            throw new IllegalArgumentException("'" + name + "' has " + compacted.length + " labelled nodes in " + classes
                    + " classes: classification needs at least two of each");
        }
        return classes;
    }

    /**
     * Classifies the rows of {@code vectors} whose classes are {@code labels} (any non-negative ints).
     *
     * @param name a name for the result and the log (e.g. the node type)
     */
    public static Result evaluate(String name, INDArray vectors, int[] labels, List<Double> ratios, int repeats,
                                  boolean stratified, long seed) {
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be >= 1, got " + repeats);
        }
        if (ratios.isEmpty()) {
            throw new IllegalArgumentException("no training ratios");
        }
        for (double r : ratios) {
            if (!(r > 0 && r < 1)) {
                throw new IllegalArgumentException("training ratio must be in (0, 1), got " + r);
            }
        }
        if (vectors.rows() != labels.length) {
            throw new IllegalArgumentException(vectors.rows() + " vectors but " + labels.length + " labels");
        }
        int[] y = Clustering.compact(labels);
        int classes = checkedClasses(name, y);
        int n = y.length;
        long start = System.nanoTime();
        // The splits are drawn in a fixed order from one seeded stream; the fits, independent and deterministic,
        // then run in parallel (plain Java on float rows: no shared state, no native threads to oversubscribe).
        SplittableRandom root = new SplittableRandom(seed);
        int fits = ratios.size() * repeats;
        int[][] orders = new int[fits][];
        int[] trains = new int[fits];
        for (int f = 0; f < fits; f++) {
            orders[f] = new int[n];
            trains[f] = stratified ? stratifiedSplit(y, classes, ratios.get(f / repeats), root.split(), orders[f])
                    : randomSplit(n, ratios.get(f / repeats), root.split(), orders[f]);
        }
        float[][] rows = FloatMatrices.rows(vectors);
        F1[] scores = new F1[fits];
        IntStream.range(0, fits).parallel().forEach(f ->
                scores[f] = LogisticRegressionClassifier.trainAndTest(rows, orders[f], y, classes, trains[f]));
        List<RatioScores> out = new ArrayList<>();
        for (int ri = 0; ri < ratios.size(); ri++) {
            double ratio = ratios.get(ri);
            double[] micro = new double[repeats], macro = new double[repeats];
            for (int rep = 0; rep < repeats; rep++) {
                micro[rep] = scores[ri * repeats + rep].micro();
                macro[rep] = scores[ri * repeats + rep].macro();
            }
            int train = trains[ri * repeats + repeats - 1];
            out.add(new RatioScores(ratio, repeats, train, n - train, mean(micro), std(micro), mean(macro), std(macro)));
            log.debug("node classification '{}', train ratio {}: micro-F1 {} +- {}, macro-F1 {} +- {} ({} repeats)",
                    name, ratio, fmt(mean(micro)), fmt(std(micro)), fmt(mean(macro)), fmt(std(macro)), repeats);
        }
        log.debug("node classification of '{}' took {} ms", name, (System.nanoTime() - start) / 1_000_000);
        return new Result(name, n, classes, stratified, out);
    }

    /** Fills {@code order} with training rows first; returns how many. */
    private static int randomSplit(int n, double ratio, SplittableRandom rng, int[] order) {
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        shuffle(order, 0, n, rng);
        return (int) Math.max(1, Math.min(n - 1, Math.round(ratio * n)));
    }

    private static int stratifiedSplit(int[] y, int classes, double ratio, SplittableRandom rng, int[] order) {
        IntArrayList[] members = new IntArrayList[classes];
        for (int c = 0; c < classes; c++) {
            members[c] = new IntArrayList();
        }
        for (int i = 0; i < y.length; i++) {
            members[y[i]].add(i);
        }
        IntArrayList train = new IntArrayList(), test = new IntArrayList();
        for (IntArrayList m : members) {
            int[] a = m.toIntArray();
            shuffle(a, 0, a.length, rng);
            int k = a.length < 2 ? a.length : (int) Math.max(1, Math.min(a.length - 1, Math.round(ratio * a.length)));
            for (int i = 0; i < a.length; i++) {
                (i < k ? train : test).add(a[i]);
            }
        }
        // Mix the classes within each side: the classifier sees a full batch, but keep no class-sorted order.
        int[] tr = train.toIntArray(), te = test.toIntArray();
        shuffle(tr, 0, tr.length, rng);
        System.arraycopy(tr, 0, order, 0, tr.length);
        System.arraycopy(te, 0, order, tr.length, te.length);
        return tr.length;
    }

    private static void shuffle(int[] a, int from, int to, SplittableRandom rng) {
        for (int i = to - 1; i > from; i--) {
            int j = from + rng.nextInt(i - from + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    static double mean(double[] a) {
        double s = 0;
        for (double x : a) {
            s += x;
        }
        return s / a.length;
    }

    /** Sample standard deviation (n - 1), 0 for a single value. */
    static double std(double[] a) {
        if (a.length < 2) {
            return 0;
        }
        double m = mean(a), s = 0;
        for (double x : a) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (a.length - 1));
    }

    private static String fmt(double x) {
        return String.format(Locale.ROOT, "%.4f", x);
    }
}
