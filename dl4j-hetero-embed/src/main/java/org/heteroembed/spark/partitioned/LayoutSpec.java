package org.heteroembed.spark.partitioned;

import org.heteroembed.graph.partition.NodePartition;
import org.heteroembed.graph.partition.PartitionLayout;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Which partition and local row every node has, as the driver can state it without holding an int per node: a hash
 * partition is its seed (each executor computes the layout itself), any other partition (label propagation, computed
 * on the driver) travels whole. The driver uses only the partition sizes; executors build the
 * {@link PartitionLayout} once per JVM ({@link #layout()}).
 */
public final class LayoutSpec implements Serializable {
    private static final long serialVersionUID = 1L;
    private static volatile Object[] built; // {spec, layout} of the last spec this JVM built

    private final int numNodes;
    private final int parts;
    private final long hashSeed;
    private final NodePartition explicit;
    private final int[] typeOffsets;
    private final long[] rows;

    private LayoutSpec(int numNodes, int parts, long hashSeed, NodePartition explicit, int[] typeOffsets, long[] rows) {
        this.numNodes = numNodes;
        this.parts = parts;
        this.hashSeed = hashSeed;
        this.explicit = explicit;
        this.typeOffsets = typeOffsets.clone();
        this.rows = rows;
    }

    /** {@link NodePartition#hash}{@code (numNodes, parts, seed)}; only its sizes are computed here. */
    public static LayoutSpec hash(int numNodes, int parts, long seed, int[] typeOffsets) {
        return new LayoutSpec(numNodes, parts, seed, null, typeOffsets, NodePartition.hashSizes(numNodes, parts, seed));
    }

    /** A partition computed by the caller (it is shipped to the executors whole). */
    public static LayoutSpec of(NodePartition partition, int[] typeOffsets) {
        return new LayoutSpec(partition.numNodes(), partition.parts(), 0, partition, typeOffsets, partition.sizes());
    }

    public int parts() {
        return parts;
    }

    public int numNodes() {
        return numNodes;
    }

    /** Rows of partition {@code p}. */
    public int rows(int p) {
        return (int) rows[p];
    }

    public int maxRows() {
        return (int) Arrays.stream(rows).max().orElse(0);
    }

    /** The layout, built once per JVM (executors; never called on the driver of a cluster). */
    PartitionLayout layout() {
        Object[] b = built;
        if (b == null || b[0] != this) {
            synchronized (LayoutSpec.class) {
                b = built;
                if (b == null || b[0] != this) {
                    NodePartition p = explicit != null ? explicit : NodePartition.hash(numNodes, parts, hashSeed);
                    b = new Object[]{this, PartitionLayout.of(p, typeOffsets)};
                    built = b;
                }
            }
        }
        return (PartitionLayout) b[1];
    }
}
