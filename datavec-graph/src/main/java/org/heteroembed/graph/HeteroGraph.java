package org.heteroembed.graph;

import org.heteroembed.graph.store.BigFloatArray;
import org.heteroembed.graph.store.BigIntArray;
import org.heteroembed.graph.store.BigLongArray;
import org.heteroembed.graph.store.StringTable;

import java.util.random.RandomGenerator;

/**
 * An immutable heterogeneous graph in compressed sparse row form.
 *
 * <p><b>Node ids.</b> Each node has a type and an external string id. Within its type it has a dense local
 * index {@code 0..numNodes(type)-1}; across types a global index {@code typeOffset(type) + local}. Walkers
 * and trainers work with global indices; the {@link StringTable} per type maps back and forth.
 *
 * <p><b>Adjacency.</b> Every node owns one slot per adjacency channel of its type (see {@link GraphSchema});
 * {@code offsets[slot]..offsets[slot+1]} is the range of {@code neighbours} (global indices) in that channel.
 * Slots of a node are consecutive and channels are sorted by neighbour type, so the neighbours of {@code v}
 * of type {@code T} are one contiguous range found with two array reads: O(1). Each slot is sorted by
 * neighbour index, so {@link #hasEdge} is a binary search.
 *
 * <p><b>Weights.</b> A weighted graph also stores per entry the weight and an alias table (probability and
 * alias offset) built over each (node, neighbour type) range, so weighted sampling is O(1) too; plus
 * per slot the channel's total weight, to pick a neighbour type when sampling among all neighbours.
 * Unweighted graphs store none of these: 4 bytes per adjacency entry plus 8 per slot.
 *
 * <p>Immutable, so any number of threads may read and sample it at once (each with its own random generator).
 */
public final class HeteroGraph {
    final GraphSchema schema;
    final int[] typeCounts;
    final int[] typeOffsets;   // numTypes + 1
    final long[] slotBase;     // per type: first slot of its first node
    final long numEdges;
    final StringTable[] ids;
    final StringTable[] names;  // entries may be null
    final NodeLabels[] labels;  // entries may be null
    final BigLongArray offsets; // numSlots + 1
    final BigIntArray neighbours;
    final BigFloatArray weights;      // null when unweighted
    final BigFloatArray slotWeight;   // null when unweighted
    final BigFloatArray aliasProb;    // null when unweighted
    final BigIntArray aliasIndex;     // null when unweighted; offset within the (node, type) range

    HeteroGraph(GraphSchema schema, int[] typeCounts, long numEdges, StringTable[] ids, StringTable[] names,
                NodeLabels[] labels, BigLongArray offsets, BigIntArray neighbours, BigFloatArray weights,
                BigFloatArray slotWeight, BigFloatArray aliasProb, BigIntArray aliasIndex) {
        this.schema = schema;
        this.typeCounts = typeCounts.clone();
        int nt = schema.numNodeTypes();
        this.typeOffsets = new int[nt + 1];
        this.slotBase = new long[nt + 1];
        for (int t = 0; t < nt; t++) {
            typeOffsets[t + 1] = Math.addExact(typeOffsets[t], typeCounts[t]);
            slotBase[t + 1] = slotBase[t] + (long) typeCounts[t] * schema.numChannels(t);
        }
        this.numEdges = numEdges;
        this.ids = ids;
        this.names = names;
        this.labels = labels;
        this.offsets = offsets;
        this.neighbours = neighbours;
        this.weights = weights;
        this.slotWeight = slotWeight;
        this.aliasProb = aliasProb;
        this.aliasIndex = aliasIndex;
        if (offsets.length() != slotBase[nt] + 1) {
            throw new IllegalStateException("offsets length " + offsets.length() + " != slots + 1 = " + (slotBase[nt] + 1));
        }
    }

    public static HeteroGraphBuilder builder() {
        return new HeteroGraphBuilder();
    }

    // ---------------------------------------------------------------- schema and sizes

    public GraphSchema schema() {
        return schema;
    }

    public int numNodeTypes() {
        return schema.numNodeTypes();
    }

    /** Total number of nodes of all types. */
    public int numNodes() {
        return typeOffsets[typeOffsets.length - 1];
    }

    public int numNodes(int type) {
        return typeCounts[type];
    }

    /** Number of distinct stored edges (after the duplicate and self-loop policies). */
    public long numEdges() {
        return numEdges;
    }

    /** Number of adjacency entries: undirected edges count twice (once if a self-loop), directed once. */
    public long numAdjacencyEntries() {
        return neighbours.length();
    }

    public long numSlots() {
        return offsets.length() - 1;
    }

    public boolean isWeighted() {
        return weights != null;
    }

    // ---------------------------------------------------------------- ids

    /** Global index of the first node of {@code type}. */
    public int typeOffset(int type) {
        return typeOffsets[type];
    }

    /** The first global index of each node type, followed by the node count (a copy). */
    public int[] typeOffsets() {
        return typeOffsets.clone();
    }

    public int globalId(int type, int local) {
        return typeOffsets[type] + local;
    }

    /** Node type of a global index. */
    public int nodeType(int global) {
        int t = 0;
        while (global >= typeOffsets[t + 1]) {
            t++;
        }
        return t;
    }

    public int localId(int global) {
        return global - typeOffsets[nodeType(global)];
    }

    /** External id of a node. */
    public String nodeId(int global) {
        int t = nodeType(global);
        return ids[t].get(global - typeOffsets[t]);
    }

    /** Global index of the node with external id {@code id} and type {@code type}, or -1. */
    public int node(int type, String id) {
        int local = ids[type].indexOf(id);
        return local < 0 ? -1 : typeOffsets[type] + local;
    }

    /** Global index of a node by type name and external id, or -1. */
    public int node(String type, String id) {
        int t = schema.nodeType(type);
        return t < 0 ? -1 : node(t, id);
    }

    /** The id dictionary of one node type. */
    public StringTable ids(int type) {
        return ids[type];
    }

    /** Display names of one node type, or null when none were loaded. */
    public StringTable names(int type) {
        return names[type];
    }

    /** Labels of one node type, or null when none were loaded. */
    public NodeLabels labels(int type) {
        return labels[type];
    }

    // ---------------------------------------------------------------- adjacency

    private long slot(int global, int type, int channel) {
        return slotBase[type] + (long) (global - typeOffsets[type]) * schema.numChannels(type) + channel;
    }

    /** Start of node {@code v}'s neighbours of type {@code neighbourType} in the entry arrays. */
    public long neighbourStart(int v, int neighbourType) {
        int t = nodeType(v);
        return offsets.get(slot(v, t, schema.firstChannel(t, neighbourType)));
    }

    /** End (exclusive) of node {@code v}'s neighbours of type {@code neighbourType}. */
    public long neighbourEnd(int v, int neighbourType) {
        int t = nodeType(v);
        return offsets.get(slot(v, t, schema.endChannel(t, neighbourType)));
    }

    /** Start of all of node {@code v}'s neighbours. */
    public long neighbourStart(int v) {
        int t = nodeType(v);
        return offsets.get(slot(v, t, 0));
    }

    /** End (exclusive) of all of node {@code v}'s neighbours. */
    public long neighbourEnd(int v) {
        int t = nodeType(v);
        return offsets.get(slot(v, t, schema.numChannels(t)));
    }

    /** Start and end of the neighbours of {@code v} through one relation (or -1, -1 if v's type has none). */
    public long[] relationRange(int v, int relation) {
        int t = nodeType(v);
        int c = schema.channel(t, relation);
        if (c < 0) {
            return new long[]{-1, -1};
        }
        long s = slot(v, t, c);
        return new long[]{offsets.get(s), offsets.get(s + 1)};
    }

    public int degree(int v) {
        return (int) (neighbourEnd(v) - neighbourStart(v));
    }

    public int degree(int v, int neighbourType) {
        return (int) (neighbourEnd(v, neighbourType) - neighbourStart(v, neighbourType));
    }

    /** Global index of the neighbour stored at entry {@code i}. */
    public int neighbour(long i) {
        return neighbours.get(i);
    }

    /** Weight of entry {@code i} (1 in an unweighted graph). */
    public float weight(long i) {
        return weights == null ? 1f : weights.get(i);
    }

    /**
     * Whether {@code v} has {@code u} as a neighbour (through any relation): a binary search in each of
     * v's slots whose neighbour type is u's, since every slot is sorted by neighbour index.
     */
    public boolean hasEdge(int v, int u) {
        int t = nodeType(v);
        int T = nodeType(u);
        long base = slot(v, t, 0);
        for (int c = schema.firstChannel(t, T); c < schema.endChannel(t, T); c++) {
            long lo = offsets.get(base + c), hi = offsets.get(base + c + 1) - 1;
            while (lo <= hi) {
                long mid = (lo + hi) >>> 1;
                int x = neighbours.get(mid);
                if (x < u) {
                    lo = mid + 1;
                } else if (x > u) {
                    hi = mid - 1;
                } else {
                    return true;
                }
            }
        }
        return false;
    }

    /** A copy of the neighbours of {@code v} of one type, sorted by index within each relation. */
    public int[] neighbours(int v, int neighbourType) {
        long s = neighbourStart(v, neighbourType);
        int[] out = new int[(int) (neighbourEnd(v, neighbourType) - s)];
        neighbours.get(s, out, out.length);
        return out;
    }

    /** A copy of all neighbours of {@code v}, in stored order (grouped by neighbour type). */
    public int[] neighbours(int v) {
        long s = neighbourStart(v);
        int[] out = new int[(int) (neighbourEnd(v) - s)];
        neighbours.get(s, out, out.length);
        return out;
    }

    // ---------------------------------------------------------------- sampling

    /**
     * A random neighbour of {@code v} of type {@code neighbourType}: uniform in an unweighted graph,
     * proportional to edge weight in a weighted one, O(1) either way. -1 if {@code v} has none.
     */
    public int sampleNeighbour(int v, int neighbourType, RandomGenerator rng) {
        int t = nodeType(v);
        long base = slot(v, t, 0);
        long start = offsets.get(base + schema.firstChannel(t, neighbourType));
        long end = offsets.get(base + schema.endChannel(t, neighbourType));
        return sampleRange(start, end, rng);
    }

    /**
     * A random neighbour of {@code v} of any type: uniform over all neighbours, or proportional to edge weight.
     * -1 if {@code v} has none.
     */
    public int sampleNeighbour(int v, RandomGenerator rng) {
        int t = nodeType(v);
        long base = slot(v, t, 0);
        int nch = schema.numChannels(t);
        if (weights == null) {
            long start = offsets.get(base);
            long n = offsets.get(base + nch) - start;
            return n == 0 ? -1 : neighbours.get(start + rng.nextLong(n));
        }
        // Pick the neighbour type with probability proportional to its total weight, then sample within it.
        double total = 0;
        for (int c = 0; c < nch; c++) {
            total += slotWeight.get(base + c);
        }
        if (!(total > 0)) {
            return -1;
        }
        double x = rng.nextDouble() * total;
        int c = 0;
        while (true) {
            int end = schema.endChannel(t, schema.channelNeighbourType(t, c));
            double block = 0;
            for (int k = c; k < end; k++) {
                block += slotWeight.get(base + k);
            }
            if (x < block || end == nch) {
                return sampleRange(offsets.get(base + c), offsets.get(base + end), rng);
            }
            x -= block;
            c = end;
        }
    }

    private int sampleRange(long start, long end, RandomGenerator rng) {
        long n = end - start;
        if (n <= 0) {
            return -1;
        }
        if (weights == null) {
            return neighbours.get(start + rng.nextLong(n));
        }
        double x = rng.nextDouble() * n;
        long i = (long) x;
        long entry = start + i;
        long pick = (x - i) < aliasProb.get(entry) ? entry : start + aliasIndex.get(entry);
        return neighbours.get(pick);
    }

    // ---------------------------------------------------------------- memory

    /** Bytes held by the adjacency arrays (offsets, neighbours, weights, alias tables), heap or mapped. */
    public long adjacencyBytes() {
        long b = offsets.byteSize() + neighbours.byteSize();
        if (weights != null) {
            b += weights.byteSize() + slotWeight.byteSize() + aliasProb.byteSize() + aliasIndex.byteSize();
        }
        return b;
    }

    /** Bytes held by the id dictionaries, names and labels. */
    public long dictionaryBytes() {
        long b = 0;
        for (int t = 0; t < ids.length; t++) {
            b += ids[t].byteSize();
            if (names[t] != null) {
                b += names[t].byteSize();
            }
            if (labels[t] != null) {
                b += labels[t].vocabulary().byteSize() + labels[t].array().byteSize();
            }
        }
        return b;
    }

    @Override
    public String toString() {
        return "HeteroGraph{" + numNodes() + " nodes, " + numEdges + " edges, types=" + schema.nodeTypes()
                + (isWeighted() ? ", weighted" : "") + "}";
    }
}
