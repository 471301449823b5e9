package org.heteroembed.job;

import org.heteroembed.train.fast.TrainingProgress;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * The training loop of the engines that train on DL4J minibatches (sparse, fit): epochs (or a pair budget), the
 * learning-rate schedule by tokens trained (as the fast engine's), the stop signal, progress reports after each
 * batch, and resuming inside an epoch by skipping the pairs already trained there ({@link TrainingProgress#chunk()}
 * counts pairs for these engines).
 */
abstract class BatchEngine implements TrainingEngine {

    /** The batches of one epoch. */
    interface BatchSource extends AutoCloseable {
        boolean hasNext();

        MultiDataSet next();

        /** Tokens (walk nodes) whose pairs have been read so far this epoch. */
        long tokensRead();

        @Override
        void close();
    }

    /** A fresh source of the epoch's batches, positioned after its first {@code skipPairs} pairs. */
    abstract BatchSource open(EngineContext c, long skipPairs);

    /**
     * Trains one batch.
     *
     * @param learningRate the job's rate now (for sgd: per pair, as word2vec's)
     * @return the batch's mean loss, NaN if not measured
     */
    abstract double step(EngineContext c, MultiDataSet batch, double learningRate);

    @Override
    public Outcome train(EngineContext c) {
        TrainingConfig t = c.training();
        TrainingProgress start = c.start();
        long tokens = start.tokens(), pairs = start.pairs();
        TrainingProgress progress = start;
        c.begin(c.plannedTokens());
        int lastEpoch = t.maxPairs() > 0 ? Integer.MAX_VALUE : t.epochs();
        for (int epoch = start.epoch(); epoch < lastEpoch; epoch++) {
            long inEpoch = epoch == start.epoch() ? start.chunk() : 0;
            long pairsBefore = pairs;
            try (BatchSource source = open(c, inEpoch)) {
                long epochTokens = tokens - source.tokensRead(); // tokens before this epoch
                while (source.hasNext()) {
                    if (c.stopRequested()) {
                        return new Outcome(progress, false);
                    }
                    MultiDataSet batch = source.next();
                    long rows = batch.getFeatures(0).size(0);
                    double loss = step(c, batch, c.learningRate(tokens, pairs));
                    pairs += rows;
                    inEpoch += rows;
                    tokens = epochTokens + source.tokensRead();
                    progress = new TrainingProgress(epoch, inEpoch, tokens, pairs);
                    c.progress(progress, loss);
                    if (t.maxPairs() > 0 && pairs >= t.maxPairs()) {
                        return new Outcome(progress, true);
                    }
                }
                tokens = epochTokens + source.tokensRead();
            }
            if (pairs == pairsBefore && inEpoch == 0) {
                throw new IllegalStateException("epoch " + (epoch + 1) + " produced no skip-gram pairs (walks too short, "
                        + "or subsampling removed every pair): nothing to train");
            }
            progress = new TrainingProgress(epoch + 1, 0, tokens, pairs);
            c.progress(progress, Double.NaN);
        }
        return new Outcome(progress, true);
    }
}
