package org.heteroembed.datavec;

import org.heteroembed.sampling.PairChunk;
import org.heteroembed.sampling.SkipGramPairGenerator;
import org.heteroembed.walk.OrderedPipeline;
import org.heteroembed.walk.WalkGenerator;

/**
 * Steps through the skip-gram pairs of one epoch (one full run of the walks), chunk by chunk, restartable.
 * Shared by the record reader and the MultiDataSet iterator so both deliver exactly the same pairs.
 */
final class PairCursor implements AutoCloseable {
    private final WalkGenerator walks;
    private final SkipGramPairGenerator pairs;
    private OrderedPipeline<PairChunk> pipeline;
    private PairChunk chunk;
    private int index;
    private boolean done;
    private volatile long tokensRead;

    PairCursor(WalkGenerator walks, SkipGramPairGenerator pairs) {
        this.walks = walks;
        this.pairs = pairs;
    }

    /** Moves to the next pair; false at the end of the epoch. */
    boolean advance() {
        if (done) {
            return false;
        }
        if (pipeline == null) {
            pipeline = pairs.start(walks);
        }
        index++;
        try {
            while (chunk == null || index >= chunk.size()) {
                chunk = pipeline.next();
                index = 0;
                if (chunk != null) {
                    tokensRead += chunk.tokens();
                }
                if (chunk == null) {
                    done = true;
                    return false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while generating walks", e);
        }
        return true;
    }

    /** Whether {@link #advance()} would succeed, without consuming the pair. */
    boolean hasNext() {
        if (done) {
            return false;
        }
        if (chunk != null && index + 1 < chunk.size()) {
            return true;
        }
        // Look ahead: fetch the next non-empty chunk and step back before it.
        if (!advance()) {
            return false;
        }
        index--;
        return true;
    }

    /**
     * Skips {@code pairs} pairs (or to the end of the epoch): where a resumed run continues.
     *
     * @return the pairs skipped
     */
    long skip(long pairs) {
        long skipped = 0;
        while (skipped < pairs && advance()) {
            skipped++;
        }
        return skipped;
    }

    /** Tokens (walk nodes) of the chunks reached so far this epoch, the current one included. */
    long tokensRead() {
        return tokensRead;
    }

    PairChunk chunk() {
        return chunk;
    }

    int index() {
        return index;
    }

    int negatives() {
        return pairs.config().negatives();
    }

    /** Back to the first pair of the epoch: the same pairs again. */
    void reset() {
        close();
        chunk = null;
        index = 0;
        done = false;
        tokensRead = 0;
    }

    @Override
    public void close() {
        if (pipeline != null) {
            pipeline.close();
            pipeline = null;
        }
    }
}
