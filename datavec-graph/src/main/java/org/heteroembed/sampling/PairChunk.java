package org.heteroembed.sampling;

/**
 * The skip-gram pairs of one chunk of walks, in primitive arrays: pair {@code i} is
 * ({@code centers[i]}, {@code contexts[i]}) with negatives {@code negatives[i*k .. i*k+k)}, all global node
 * indices. Arrays may be longer than {@link #size()}.
 */
public final class PairChunk {
    private final long firstWalk;
    private final int tokens;
    private final int size;
    private final int negativesPerPair;
    private final int[] centers, contexts, negatives;

    PairChunk(long firstWalk, int tokens, int size, int negativesPerPair, int[] centers, int[] contexts, int[] negatives) {
        this.firstWalk = firstWalk;
        this.tokens = tokens;
        this.size = size;
        this.negativesPerPair = negativesPerPair;
        this.centers = centers;
        this.contexts = contexts;
        this.negatives = negatives;
    }

    /** Index of the first walk these pairs come from. */
    public long firstWalk() {
        return firstWalk;
    }

    /** Nodes in the walks these pairs come from (the tokens they account for). */
    public int tokens() {
        return tokens;
    }

    public int size() {
        return size;
    }

    public int negativesPerPair() {
        return negativesPerPair;
    }

    public int center(int i) {
        return centers[i];
    }

    public int context(int i) {
        return contexts[i];
    }

    /** All negatives, pair {@code i}'s at {@code [i*k, i*k+k)}; the chunk's own array, not to be modified. */
    public int[] negatives() {
        return negatives;
    }

    public int negative(int i, int j) {
        return negatives[i * negativesPerPair + j];
    }
}
