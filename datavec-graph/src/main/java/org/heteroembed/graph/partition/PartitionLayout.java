package org.heteroembed.graph.partition;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Where each node's embedding rows live when the tables are partitioned: node {@code v} (global index, grouped by
 * type as in the graph) belongs to partition {@code partOf(v)} and is row {@code localRow(v)} of that partition's
 * tables. Inside a partition the rows are grouped by type, in global order within a type: type {@code t} occupies
 * local rows {@code [typeStart(p, t), typeStart(p, t + 1))}. So every type is split into the same P partitions, and
 * a partition's rows of one type are a contiguous range (a per-type sampler or table slice is a range, not a list).
 *
 * <p>Built from a {@link NodePartition} (hash, or label propagation for locality) and the graph's type offsets.
 * Memory: two {@code int}s per node (the local row and its inverse), 400 MB at 50M nodes. Immutable; serializable
 * so Spark can broadcast it.
 */
public final class PartitionLayout implements Serializable {
    private static final long serialVersionUID = 1L;

    private final NodePartition partition;
    private final int[] typeOffsets;   // global: first index of each type, then the node count
    private final int[] localRow;      // per global node
    private final int[][] nodes;       // per partition: the global node of each local row
    private final int[][] typeStarts;  // per partition: first local row of each type, then the row count

    private PartitionLayout(NodePartition partition, int[] typeOffsets) {
        int types = typeOffsets.length - 1;
        int n = typeOffsets[types];
        if (partition.numNodes() != n) {
            throw new IllegalArgumentException("a partition of " + partition.numNodes() + " nodes for a graph of " + n);
        }
        int parts = partition.parts();
        this.partition = partition;
        this.typeOffsets = typeOffsets.clone();
        this.localRow = new int[n];
        this.typeStarts = new int[parts][types + 1];
        long[] sizes = partition.sizes();
        this.nodes = new int[parts][];
        for (int p = 0; p < parts; p++) {
            nodes[p] = new int[Math.toIntExact(sizes[p])];
        }
        int[] next = new int[parts];
        for (int t = 0; t < types; t++) {
            for (int p = 0; p < parts; p++) {
                typeStarts[p][t] = next[p];
            }
            // Global order within a type, so each partition's rows of a type keep the graph's order.
            for (int v = typeOffsets[t]; v < typeOffsets[t + 1]; v++) {
                int p = partition.partOf(v);
                int r = next[p]++;
                localRow[v] = r;
                nodes[p][r] = v;
            }
        }
        for (int p = 0; p < parts; p++) {
            typeStarts[p][types] = next[p];
        }
    }

    /**
     * The layout of a partition over a graph whose types occupy global indices
     * {@code [typeOffsets[t], typeOffsets[t+1])}.
     *
     * @throws IllegalArgumentException if the partition covers another number of nodes
     */
    public static PartitionLayout of(NodePartition partition, int[] typeOffsets) {
        return new PartitionLayout(partition, typeOffsets);
    }

    public NodePartition partition() {
        return partition;
    }

    public int parts() {
        return partition.parts();
    }

    public int numTypes() {
        return typeOffsets.length - 1;
    }

    public int numNodes() {
        return localRow.length;
    }

    /** The global type offsets (a copy). */
    public int[] typeOffsets() {
        return typeOffsets.clone();
    }

    /** The partition of a node (global index). */
    public int partOf(int node) {
        return partition.partOf(node);
    }

    /** A node's row in its partition's tables. */
    public int localRow(int node) {
        return localRow[node];
    }

    /** The global node at a local row of a partition. */
    public int node(int part, int localRow) {
        return nodes[part][localRow];
    }

    /** Rows in a partition's tables (of all types). */
    public int rows(int part) {
        return typeStarts[part][typeStarts[part].length - 1];
    }

    /** The largest partition's rows (what a buffer slot must hold). */
    public int maxRows() {
        int max = 0;
        for (int p = 0; p < parts(); p++) {
            max = Math.max(max, rows(p));
        }
        return max;
    }

    /** The first local row of type {@code t} in partition {@code part}; {@code t = numTypes()} gives the row count. */
    public int typeStart(int part, int type) {
        return typeStarts[part][type];
    }

    /** Rows of type {@code t} in partition {@code part}. */
    public int rows(int part, int type) {
        return typeStarts[part][type + 1] - typeStarts[part][type];
    }

    /**
     * The local type offsets of a partition (first local row of each type, then the row count; a copy), laid out as a
     * graph's global offsets are, so index-space code written for a graph ({@code NegativeSampler}) works on it.
     */
    public int[] typeOffsets(int part) {
        return typeStarts[part].clone();
    }

    /** The type of a local row of a partition. */
    public int typeOfLocalRow(int part, int localRow) {
        int[] starts = typeStarts[part];
        int t = 0;
        while (localRow >= starts[t + 1]) {
            t++;
        }
        return t;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PartitionLayout l && l.partition.equals(partition) && Arrays.equals(l.typeOffsets, typeOffsets);
    }

    @Override
    public int hashCode() {
        return partition.hashCode() * 31 + Arrays.hashCode(typeOffsets);
    }

    @Override
    public String toString() {
        return "PartitionLayout{" + partition + ", " + numTypes() + " types}";
    }
}
