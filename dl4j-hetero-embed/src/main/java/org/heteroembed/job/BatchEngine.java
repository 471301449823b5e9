package org.heteroembed.job;

import org.heteroembed.train.fast.TrainingProgress;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

import java.util.function.LongSupplier;

/**
 * The training loop of the engines that train on DL4J minibatches (sparse, fit): epochs (or a pair budget), the
 * learning-rate schedule by tokens trained (as the fast engine's), the stop signal, progress reports after each
 * batch, and resuming inside an epoch by skipping the pairs already trained there ({@link TrainingProgress#chunk()}
 * counts pairs for these engines).
 */
abstract class BatchEngine implements TrainingEngine {

    /**
     * The batches of one epoch: an iterator, the tokens (walk nodes) whose pairs its batches so far come from, and
     * how to release it.
     */
    record BatchSource(MultiDataSetIterator batches, LongSupplier tokensRead, Runnable closer) implements AutoCloseable {
        @Override
        public void close() {
            closer.run();
        }
    }

    /**
     * A measured loss as progress reports carry it: +Infinity for NaN or an infinity (the parameters stopped being
     * finite numbers: the run diverged, and the runner stops it).
     */
    static double measured(double loss) {
        return Double.isFinite(loss) ? loss : Double.POSITIVE_INFINITY;
    }

    /** A fresh source of the epoch's batches, positioned after its first {@code skipPairs} pairs. */
    abstract BatchSource open(EngineContext c, long skipPairs);

    /**
     * Trains one batch.
     *
     * @param learningRate the job's rate now (for sgd: per pair, as word2vec's)
     * @return the batch's mean loss, NaN if not measured, +Infinity if not finite ({@link #measured})
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
                long epochTokens = tokens - source.tokensRead().getAsLong(); // tokens before this epoch
                while (source.batches().hasNext()) {
                    if (c.stopRequested()) {
                        return new Outcome(progress, false);
                    }
                    MultiDataSet batch = source.batches().next();
                    long rows = batch.getFeatures(0).size(0);
                    double loss = step(c, batch, c.learningRate(tokens, pairs));
                    pairs += rows;
                    inEpoch += rows;
                    tokens = epochTokens + source.tokensRead().getAsLong();
                    progress = new TrainingProgress(epoch, inEpoch, tokens, pairs);
                    c.progress(progress, loss);
                    if (t.maxPairs() > 0 && pairs >= t.maxPairs()) {
                        return new Outcome(progress, true);
                    }
                }
                tokens = epochTokens + source.tokensRead().getAsLong();
            }
            if (pairs == pairsBefore && inEpoch == 0) {
                return new Outcome(progress, true); // no pairs at all (the runner says so): not epoch after epoch
            }
            progress = new TrainingProgress(epoch + 1, 0, tokens, pairs);
            c.progress(progress, Double.NaN);
        }
        return new Outcome(progress, true);
    }
}
