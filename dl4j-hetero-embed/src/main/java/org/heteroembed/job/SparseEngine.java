package org.heteroembed.job;

import org.heteroembed.datavec.SkipGramMultiDataSetIterator;
import org.heteroembed.train.HeteroTrainer;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * The sparse engine: {@link HeteroTrainer} on batches of {@link SkipGramMultiDataSetIterator}, updating only the
 * rows each batch touches (sgd, or per-row adagrad). Any ND4J backend.
 */
final class SparseEngine extends BatchEngine {
    private HeteroTrainer trainer;

    @Override
    BatchSource open(EngineContext c, long skipPairs) {
        SkipGramMultiDataSetIterator it = SkipGramMultiDataSetIterator.builder(c.walks(), c.pairs())
                .batchSize(c.training().batchSize()).build();
        it.skip(skipPairs);
        return new BatchSource(it, it::tokensRead, it::close);
    }

    @Override
    double step(EngineContext c, MultiDataSet batch, double learningRate) {
        TrainingConfig t = c.training();
        if (trainer == null) {
            trainer = HeteroTrainer.builder().learningRate(t.learningRate())
                    .optimizer(t.updater() == TrainingConfig.Updater.ADAGRAD ? HeteroTrainer.Optimizer.ADAGRAD
                            : HeteroTrainer.Optimizer.SGD).build();
        }
        // HeteroTrainer follows the gradient of the batch's mean loss: sgd's per-pair rate times the batch size
        // makes each pair's step the fast engine's.
        double rate = t.updater() == TrainingConfig.Updater.SGD ? learningRate * batch.getFeatures(0).size(0) : learningRate;
        trainer.fit(c.net(), batch, rate);
        return measured(trainer.lastLoss());
    }
}
