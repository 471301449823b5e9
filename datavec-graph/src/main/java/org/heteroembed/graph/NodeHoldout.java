package org.heteroembed.graph;

import org.heteroembed.graph.store.StringTable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Holds out whole nodes: the graph without a seeded fraction of the nodes of some types and every edge that touches
 * them. The graph that remains keeps the other nodes' external ids, names, labels (same label indices) and edges, so a
 * model trained on it can be warm-started or folded in on the full graph: the "old" graph of a graph that grows, or the
 * training graph of a cold-start evaluation.
 */
public final class NodeHoldout {
    /**
     * The graph without the held-out nodes, and which nodes those were.
     *
     * @param heldOut per node type of the full graph, the held-out nodes' local indices in it (ascending)
     */
    public record Split(HeteroGraph kept, int[][] heldOut) {
        /** Held-out nodes of all types. */
        public int count() {
            int n = 0;
            for (int[] h : heldOut) {
                n += h.length;
            }
            return n;
        }
    }

    private NodeHoldout() {
    }

    /**
     * @param fractions per node type name, the fraction of its nodes to hold out, in [0, 1)
     * @throws IllegalArgumentException for an unknown type or a fraction outside [0, 1)
     */
    public static Split split(HeteroGraph g, Map<String, Double> fractions, long seed) {
        for (Map.Entry<String, Double> e : fractions.entrySet()) {
            if (g.schema().nodeType(e.getKey()) < 0) {
                throw new IllegalArgumentException("node type '" + e.getKey() + "' is not in the graph (" + g.schema().nodeTypes() + ")");
            }
            if (!(e.getValue() >= 0 && e.getValue() < 1)) {
                throw new IllegalArgumentException("held-out fraction of '" + e.getKey() + "' must be in [0, 1), got " + e.getValue());
            }
        }
        int types = g.numNodeTypes();
        boolean[] out = new boolean[g.numNodes()];
        int[][] heldOut = new int[types][];
        SplittableRandom root = new SplittableRandom(seed);
        for (int t = 0; t < types; t++) {
            SplittableRandom rng = root.split(); // one stream per type, whichever types are held out
            Double f = fractions.get(g.schema().nodeTypes().get(t));
            List<Integer> chosen = new ArrayList<>();
            if (f != null && f > 0) {
                int n = g.numNodes(t), wanted = (int) Math.round(f * n);
                int[] order = new int[n];
                for (int i = 0; i < n; i++) {
                    order[i] = i;
                }
                for (int i = 0; i < wanted; i++) { // partial Fisher-Yates: the first `wanted` of a shuffle
                    int j = i + rng.nextInt(n - i);
                    int x = order[i];
                    order[i] = order[j];
                    order[j] = x;
                    out[g.globalId(t, order[i])] = true;
                }
                for (int i = 0; i < n; i++) {
                    if (out[g.globalId(t, i)]) {
                        chosen.add(i);
                    }
                }
            }
            heldOut[t] = chosen.stream().mapToInt(Integer::intValue).toArray();
        }
        return new Split(without(g, out), heldOut);
    }

    /** The graph without the nodes marked in {@code out} (global indices) and their edges. */
    static HeteroGraph without(HeteroGraph g, boolean[] out) {
        HeteroGraphBuilder b = HeteroGraph.builder().selfLoops(SelfLoopPolicy.KEEP); // keep the ones g kept
        if (g.isWeighted()) {
            b.weighted();
        }
        b.fixNodeTypes(g.schema().nodeTypes().toArray(new String[0]));
        int[] newLocal = new int[g.numNodes()];
        for (int t = 0; t < g.numNodeTypes(); t++) {
            StringTable ids = g.ids(t), names = g.names(t);
            NodeLabels labels = g.labels(t);
            boolean vocabulary = false;
            for (int i = 0; i < g.numNodes(t); i++) {
                int v = g.globalId(t, i);
                if (out[v]) {
                    newLocal[v] = -1;
                    continue;
                }
                int local = b.node(t, ids.get(i));
                newLocal[v] = local;
                if (names != null) {
                    b.setName(t, local, names.get(i));
                }
                if (labels != null && labels.label(i) >= 0) {
                    if (!vocabulary) { // the builder numbers labels in first-seen order: give it the vocabulary first
                        for (int l = 0; l < labels.numClasses(); l++) {
                            b.setLabel(t, local, labels.vocabulary().get(l));
                        }
                        vocabulary = true;
                    }
                    b.setLabel(t, local, labels.labelName(i));
                }
            }
        }
        for (Relation r : g.schema().relations()) {
            b.relation(r.name(), r.srcType(), r.dstType(), r.directed()); // same order, same ids
        }
        for (Relation r : g.schema().relations()) {
            HeldOutSplit.forEachEdge(g, r, (u, w, weight) -> {
                if (!out[u] && !out[w]) {
                    b.addEdge(r.id(), newLocal[u], newLocal[w], weight);
                }
            });
        }
        return b.build();
    }
}
