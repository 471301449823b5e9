package org.heteroembed.datavec;

import org.heteroembed.sampling.PairChunk;
import org.heteroembed.sampling.SkipGramPairGenerator;
import org.heteroembed.walk.WalkGenerator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Batches negative-sampled skip-gram pairs, generated from random walks on the fly, into the
 * {@link MultiDataSet}s the hetero-embedding model consumes. A batch of B pairs with k negatives holds
 * <pre>
 * features[CENTER_TYPE] [B, 1]     node-type index of each center
 * features[CENTER_ID]   [B, 1]     local id of each center within its type
 * features[TARGET_TYPE] [B, 1 + k] types of the context (column 0) and the k negatives
 * features[TARGET_ID]   [B, 1 + k] local ids of the same
 * labels[0]             [B, 1 + k] 1 for the context, 0 for the negatives (FLOAT)
 * </pre>
 * Ids and types are {@link DataType#INT} by default (exact for any id; FLOAT would round ids above 2^24).
 *
 * <p>Asynchronous: a background thread builds the next {@code prefetch} batches while the model trains, on top
 * of the walk workers generating pairs ahead. An epoch is one run of the walks; every pair of it is delivered
 * exactly once (the last batch may be smaller); {@link #reset()} replays the same epoch.
 */
public class SkipGramMultiDataSetIterator implements MultiDataSetIterator {
    public static final int CENTER_TYPE = 0, CENTER_ID = 1, TARGET_TYPE = 2, TARGET_ID = 3;
    private static final Object END = new Object();

    /** A batch and the tokens whose pairs it completes (the cursor's count when it was built). */
    private record Batch(MultiDataSet data, long tokensRead) {
    }

    private final SkipGramBatchBuilder batch;
    private final PairCursor cursor;
    private final int batchSize;
    private final int prefetch;
    private MultiDataSetPreProcessor preProcessor;
    private ArrayBlockingQueue<Object> queue;
    private Thread producer;
    private volatile Throwable failure;
    private Object peeked;
    private long tokensDelivered;

    private SkipGramMultiDataSetIterator(Builder b) {
        this.cursor = new PairCursor(b.walks, b.pairs);
        this.batch = new SkipGramBatchBuilder(b.walks.graph().typeOffsets(), b.batchSize,
                b.pairs.config().negatives(), b.idType);
        this.batchSize = b.batchSize;
        this.prefetch = b.prefetch;
    }

    public static Builder builder(WalkGenerator walks, SkipGramPairGenerator pairs) {
        return new Builder(walks, pairs);
    }

    public int batchSize() {
        return batchSize;
    }

    private void startProducer() {
        queue = new ArrayBlockingQueue<>(prefetch);
        failure = null;
        producer = new Thread(this::produce, "skipgram-batches");
        producer.setDaemon(true);
        producer.start();
    }

    private void produce() {
        try {
            while (true) {
                MultiDataSet batch = buildBatch();
                if (batch == null) {
                    break;
                }
                queue.put(new Batch(batch, cursor.tokensRead()));
            }
            queue.put(END);
        } catch (InterruptedException e) {
            // reset or close
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** The next batch from the cursor, or null at the end of the epoch. */
    private MultiDataSet buildBatch() {
        while (!batch.isFull() && cursor.advance()) {
            PairChunk c = cursor.chunk();
            int i = cursor.index();
            batch.add(c.center(i), c.context(i), c.negatives(), i * c.negativesPerPair());
        }
        return batch.isEmpty() ? null : batch.build();
    }

    @Override
    public boolean hasNext() {
        if (peeked != null) {
            return peeked != END;
        }
        if (producer == null) {
            startProducer();
        }
        try {
            // Poll, not take: a failed producer may not have room to enqueue its END marker.
            while ((peeked = queue.poll(100, TimeUnit.MILLISECONDS)) == null) {
                if (failure != null) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a batch", e);
        }
        if (failure != null) {
            peeked = null;
            throw new IllegalStateException("batch generation failed: " + failure, failure);
        }
        return peeked != END;
    }

    @Override
    public MultiDataSet next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more batches in this epoch; call reset()");
        }
        Batch b = (Batch) peeked;
        MultiDataSet batch = b.data();
        tokensDelivered = b.tokensRead();
        peeked = null;
        if (preProcessor != null) {
            preProcessor.preProcess(batch);
        }
        return batch;
    }

    /** Unsupported: the batch size is fixed by the builder. */
    @Override
    public MultiDataSet next(int num) {
        throw new UnsupportedOperationException("the batch size is set in the builder (" + batchSize + ")");
    }

    @Override
    public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public MultiDataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    /** False: batches are already built ahead on a background thread; another async wrapper adds nothing. */
    @Override
    public boolean asyncSupported() {
        return false;
    }

    /**
     * Skips the first {@code pairs} pairs of the epoch (where a resumed run continues); only before the epoch's first
     * batch.
     *
     * @return the pairs skipped (fewer at the end of the epoch)
     */
    public long skip(long pairs) {
        if (producer != null) {
            throw new IllegalStateException("skip before the epoch's first batch (or after reset())");
        }
        long skipped = cursor.skip(pairs);
        tokensDelivered = cursor.tokensRead();
        return skipped;
    }

    /**
     * Tokens (walk nodes) whose pairs the batches returned so far this epoch come from (counted by whole walk
     * chunks, so exact and repeatable whatever the prefetching); after the epoch's last batch, the corpus size.
     */
    public long tokensRead() {
        return tokensDelivered;
    }

    /** Starts the epoch again: the same pairs, in the same order. */
    @Override
    public void reset() {
        shutdown();
        cursor.reset();
        tokensDelivered = 0;
    }

    private void shutdown() {
        if (producer != null) {
            producer.interrupt();
            try {
                producer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            producer = null;
        }
        peeked = null;
        queue = null;
    }

    /** Stops the background threads. */
    public void close() {
        shutdown();
        cursor.close();
    }

    /** Builder: batch size (default 1024 pairs), batches prefetched (default 4), id data type (default INT). */
    public static final class Builder {
        private final WalkGenerator walks;
        private final SkipGramPairGenerator pairs;
        private int batchSize = 1024;
        private int prefetch = 4;
        private DataType idType = DataType.INT;

        private Builder(WalkGenerator walks, SkipGramPairGenerator pairs) {
            this.walks = walks;
            this.pairs = pairs;
        }

        public Builder batchSize(int pairs) {
            this.batchSize = pairs;
            return this;
        }

        public Builder prefetch(int batches) {
            this.prefetch = batches;
            return this;
        }

        /** Data type of the type and id arrays: INT (default) or LONG; FLOAT only if ids stay below 2^24. */
        public Builder idDataType(DataType type) {
            this.idType = type;
            return this;
        }

        public SkipGramMultiDataSetIterator build() {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
            }
            if (prefetch < 1) {
                throw new IllegalArgumentException("prefetch must be >= 1, got " + prefetch);
            }
            if (idType == null || !(idType.isIntType() || idType.isFPType())) {
                throw new IllegalArgumentException("idDataType must be an integer or floating point type, got " + idType);
            }
            return new SkipGramMultiDataSetIterator(this);
        }
    }
}
