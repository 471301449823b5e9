package org.heteroembed.graph;

import it.unimi.dsi.fastutil.longs.LongArrayList;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import org.heteroembed.graph.store.StringTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Splits a graph's edges into a training graph and held-out edges for link prediction, so that no held-out
 * edge leaks into training.
 *
 * <p>The unit is a node pair of a relation: parallel edges of a multigraph (a pair clicked twice) are held out
 * together, and an undirected edge disappears from both endpoints' adjacency, because the training graph is
 * rebuilt from the kept edges. Per relation, {@code round(fraction * pairs)} pairs are held out, visited in
 * a seeded random order; a pair is skipped when removing it would take the last edge of either endpoint
 * (counting edges of every relation, in either direction), so no node becomes isolated and every node of
 * the training graph can still be embedded. On sparse relations that rule can leave the held-out count below
 * the target; the shortfall is logged and reported per relation. Self-loops are never held out.
 *
 * <p>The training graph keeps the original node types, ids and local order, display names, labels (with the
 * same label vocabulary order), relations (same ids) and weights, so global indices, held-out edges and model
 * rows all refer to the same nodes. Deterministic for a given graph, fraction, seed and relation selection.
 */
public final class HeldOutSplit {
    private static final Logger log = LoggerFactory.getLogger(HeldOutSplit.class);

    private HeldOutSplit() {
    }

    /** How many pairs of one relation the split held out. */
    public record RelationSplit(String relation, long pairs, int wanted, int heldOut) {
    }

    /**
     * The result: train on {@code training}, evaluate on {@code heldOut} (global indices of {@code training},
     * which are also those of the original graph).
     */
    public record Split(HeteroGraph training, HeldOutLinks heldOut, List<RelationSplit> relations) {
        public Split {
            relations = List.copyOf(relations);
        }
    }

    /** Holds out {@code fraction} of the node pairs of every relation. */
    public static Split split(HeteroGraph graph, double fraction, long seed) {
        return split(graph, fraction, seed, null);
    }

    /**
     * Holds out {@code fraction} of the node pairs of the named relations (null or empty: every relation).
     *
     * @throws IllegalArgumentException if the fraction is not in (0, 1) or a relation is unknown
     */
    public static Split split(HeteroGraph graph, double fraction, long seed, Collection<String> relationNames) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("held-out fraction must be in (0, 1), got " + fraction);
        }
        boolean[] selected = selectRelations(graph, relationNames);
        long start = System.nanoTime();

        // Edges touching each node (both directions, all relations): the budget that keeps it non-isolated.
        int[] incident = new int[graph.numNodes()];
        for (Relation r : graph.schema().relations()) {
            forEachEdge(graph, r, (u, w, weight) -> {
                incident[u]++;
                if (w != u) {
                    incident[w]++;
                }
            });
        }

        SplittableRandom root = new SplittableRandom(seed);
        LongOpenHashSet[] held = new LongOpenHashSet[graph.schema().numRelations()];
        List<RelationSplit> report = new ArrayList<>();
        IntTriples out = new IntTriples();
        for (Relation r : graph.schema().relations()) {
            // One stream per relation, split whether or not the relation is selected, so holding out one
            // relation more or less does not reshuffle the others.
            SplittableRandom rng = root.split();
            if (!selected[r.id()]) {
                continue;
            }
            long[] keys = pairKeys(graph, r);
            // Distinct pairs and their multiplicities (keys are sorted).
            int distinct = 0;
            int[] multiplicity = new int[keys.length];
            for (int i = 0; i < keys.length; i++) {
                if (distinct > 0 && keys[distinct - 1] == keys[i]) {
                    multiplicity[distinct - 1]++;
                } else {
                    keys[distinct] = keys[i];
                    multiplicity[distinct++] = 1;
                }
            }
            int wanted = (int) Math.round(fraction * distinct);
            int[] order = shuffled(distinct, rng);
            LongOpenHashSet set = new LongOpenHashSet(Math.max(16, 2 * wanted));
            for (int j = 0; j < distinct && set.size() < wanted; j++) {
                int p = order[j];
                int u = (int) (keys[p] >>> 32), w = (int) keys[p], m = multiplicity[p];
                if (incident[u] - m >= 1 && incident[w] - m >= 1) {
                    incident[u] -= m;
                    incident[w] -= m;
                    set.add(keys[p]);
                }
            }
            held[r.id()] = set;
            long[] chosen = set.toLongArray();
            Arrays.sort(chosen);
            for (long key : chosen) {
                out.add(r.id(), (int) (key >>> 32), (int) key);
            }
            if (set.size() < wanted) {
                log.warn("relation '{}': held out {} of the {} pairs wanted; the others were the last edge of a node",
                        r.name(), set.size(), wanted);
            }
            report.add(new RelationSplit(r.name(), distinct, wanted, set.size()));
        }
        HeteroGraph training = rebuild(graph, held);
        HeldOutLinks links = out.toLinks();
        log.info("held out {} edges ({} of the pairs of {} relations) in {} ms; training graph: {}", links.size(),
                fraction, report.size(), (System.nanoTime() - start) / 1_000_000, training);
        return new Split(training, links, report);
    }

    private static boolean[] selectRelations(HeteroGraph graph, Collection<String> names) {
        boolean[] selected = new boolean[graph.schema().numRelations()];
        if (names == null || names.isEmpty()) {
            Arrays.fill(selected, true);
            return selected;
        }
        for (String name : names) {
            int r = graph.schema().relation(name);
            if (r < 0) {
                List<String> known = graph.schema().relations().stream().map(Relation::name).toList();
                throw new IllegalArgumentException("relation '" + name + "' is not in the graph (" + String.join(", ", known) + ")");
            }
            selected[r] = true;
        }
        return selected;
    }

    /** Sorted (source << 32 | target) keys of the relation's edges, one per edge (parallel edges repeat), no self-loops. */
    private static long[] pairKeys(HeteroGraph graph, Relation r) {
        LongArrayList keys = new LongArrayList();
        forEachEdge(graph, r, (u, w, weight) -> {
            if (u != w) {
                keys.add(HeldOutLinks.pairKey(u, w));
            }
        });
        long[] a = keys.toLongArray();
        Arrays.sort(a);
        return a;
    }

    private static int[] shuffled(int n, SplittableRandom rng) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    interface EdgeVisitor {
        void edge(int source, int target, float weight);
    }

    /**
     * Visits every stored edge of a relation once, as (source, target) global indices: from the source side,
     * and for an undirected relation within one type (stored at both endpoints in the same channel) only from
     * the smaller endpoint.
     */
    static void forEachEdge(HeteroGraph graph, Relation r, EdgeVisitor visitor) {
        int s = r.srcType();
        boolean bothSides = !r.directed() && s == r.dstType();
        for (int local = 0; local < graph.numNodes(s); local++) {
            int u = graph.globalId(s, local);
            long[] range = graph.relationRange(u, r.id());
            for (long i = range[0]; i < range[1]; i++) {
                int w = graph.neighbour(i);
                if (!bothSides || w >= u) {
                    visitor.edge(u, w, graph.weight(i));
                }
            }
        }
    }

    /** The graph without the held-out pairs, with the same nodes, ids, names, labels, relations and weights. */
    private static HeteroGraph rebuild(HeteroGraph g, LongOpenHashSet[] held) {
        HeteroGraphBuilder b = HeteroGraph.builder().selfLoops(SelfLoopPolicy.KEEP); // keep the ones g kept
        if (g.isWeighted()) {
            b.weighted();
        }
        b.fixNodeTypes(g.schema().nodeTypes().toArray(new String[0]));
        for (int t = 0; t < g.numNodeTypes(); t++) {
            StringTable ids = g.ids(t);
            for (int i = 0; i < g.numNodes(t); i++) {
                b.node(t, ids.get(i)); // interned in local order: local indices are preserved
            }
            StringTable names = g.names(t);
            if (names != null) {
                for (int i = 0; i < g.numNodes(t); i++) {
                    b.setName(t, i, names.get(i));
                }
            }
            copyLabels(g.labels(t), b, t, g.numNodes(t));
        }
        for (Relation r : g.schema().relations()) {
            b.relation(r.name(), r.srcType(), r.dstType(), r.directed()); // same order, same ids
        }
        for (Relation r : g.schema().relations()) {
            LongOpenHashSet out = held[r.id()];
            int srcOffset = g.typeOffset(r.srcType()), dstOffset = g.typeOffset(r.dstType());
            forEachEdge(g, r, (u, w, weight) -> {
                if (out == null || !out.contains(HeldOutLinks.pairKey(u, w))) {
                    b.addEdge(r.id(), u - srcOffset, w - dstOffset, weight);
                }
            });
        }
        return b.build();
    }

    /**
     * Copies labels keeping label indices: the builder numbers labels in first-seen order, so a labelled node
     * is first given every vocabulary entry in order, then its own label (the last call wins).
     */
    private static void copyLabels(NodeLabels labels, HeteroGraphBuilder b, int t, int n) {
        if (labels == null) {
            return;
        }
        int first = -1;
        for (int i = 0; i < n && first < 0; i++) {
            first = labels.label(i) >= 0 ? i : -1;
        }
        if (first < 0) {
            return;
        }
        for (int l = 0; l < labels.numClasses(); l++) {
            b.setLabel(t, first, labels.vocabulary().get(l));
        }
        for (int i = 0; i < n; i++) {
            String name = labels.labelName(i);
            if (name != null) {
                b.setLabel(t, i, name);
            }
        }
    }

    /** Growable parallel arrays of (relation, source, target). */
    private static final class IntTriples {
        private int[] r = new int[64], s = new int[64], d = new int[64];
        private int n;

        void add(int relation, int source, int target) {
            if (n == r.length) {
                r = Arrays.copyOf(r, 2 * n);
                s = Arrays.copyOf(s, 2 * n);
                d = Arrays.copyOf(d, 2 * n);
            }
            r[n] = relation;
            s[n] = source;
            d[n++] = target;
        }

        HeldOutLinks toLinks() {
            return new HeldOutLinks(Arrays.copyOf(r, n), Arrays.copyOf(s, n), Arrays.copyOf(d, n));
        }
    }
}
