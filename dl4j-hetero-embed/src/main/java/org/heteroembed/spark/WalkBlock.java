package org.heteroembed.spark;

import org.heteroembed.walk.WalkChunk;

import java.io.Serializable;

/**
 * A block of walks as one RDD record: a {@link WalkChunk}'s arrays (walk {@code i} is
 * {@code nodes[offsets[i] .. offsets[i+1])}, global node indices) without a Java object per walk, so an RDD of
 * millions of walks stays a few thousand records and serializes as flat int arrays.
 *
 * <p>A class, not a record: Kryo (Spark's usual serializer) cannot build records.
 */
public final class WalkBlock implements Serializable {
    private static final long serialVersionUID = 1L;
    private final long firstWalk;
    private final int[] offsets;
    private final int[] nodes;

    public WalkBlock(long firstWalk, int[] offsets, int[] nodes) {
        this.firstWalk = firstWalk;
        this.offsets = offsets;
        this.nodes = nodes;
    }

    public long firstWalk() {
        return firstWalk;
    }

    public int[] offsets() {
        return offsets;
    }

    public int[] nodes() {
        return nodes;
    }

    public static WalkBlock of(WalkChunk c) {
        return new WalkBlock(c.firstWalk(), c.offsets(), c.nodes());
    }

    public WalkChunk toChunk() {
        return new WalkChunk(firstWalk, offsets.length - 1, offsets, nodes);
    }

    public int size() {
        return offsets.length - 1;
    }

    public int tokens() {
        return offsets[offsets.length - 1];
    }
}
