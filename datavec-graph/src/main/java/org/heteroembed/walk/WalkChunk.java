package org.heteroembed.walk;

/**
 * A run of consecutive walks in primitive arrays: walk {@code i} is {@code nodes[offsets[i] .. offsets[i+1])}
 * (global node indices) and has the global walk index {@code firstWalk + i}, from which anything derived
 * from it (skip-gram pairs, negatives) seeds its randomness.
 */
public final class WalkChunk {
    private final long firstWalk;
    private final int count;
    private final int[] offsets;
    private final int[] nodes;

    public WalkChunk(long firstWalk, int count, int[] offsets, int[] nodes) {
        this.firstWalk = firstWalk;
        this.count = count;
        this.offsets = offsets;
        this.nodes = nodes;
    }

    public long firstWalk() {
        return firstWalk;
    }

    /** Number of walks. */
    public int size() {
        return count;
    }

    public int length(int walk) {
        return offsets[walk + 1] - offsets[walk];
    }

    public int start(int walk) {
        return offsets[walk];
    }

    /** Node {@code step} of walk {@code walk}. */
    public int node(int walk, int step) {
        return nodes[offsets[walk] + step];
    }

    /** The backing arrays (do not modify): all walks' nodes, and each walk's start in them. */
    public int[] nodes() {
        return nodes;
    }

    public int[] offsets() {
        return offsets;
    }

    /** Total nodes over all walks. */
    public int totalNodes() {
        return offsets[count];
    }
}
