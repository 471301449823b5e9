package org.heteroembed.job;

import org.datavec.api.records.reader.RecordReader;
import org.deeplearning4j.datasets.datavec.RecordReaderMultiDataSetIterator;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.datavec.SkipGramRecordReader;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * DL4J's own training: {@code ComputationGraph.fit()} on batches that come the DataVec way, from a
 * {@link SkipGramRecordReader} through DL4J's {@link RecordReaderMultiDataSetIterator} into the
 * {@code TypeRoutingVertex}/{@code HeteroEmbeddingLayer} graph, with the network's DL4J updater (sgd, adam or
 * adagrad). Nothing here is specific to a backend: this is the engine that runs unchanged on ND4J's CUDA backend.
 *
 * <p>DL4J's dense passes over the tables make each iteration cost in proportion to the table size (see
 * {@code dl4j-facts.md}); the fast engine is the one for large graphs on CPUs. DataVec delivers ids as FLOAT, which
 * holds integers exactly up to 2^24: the runner refuses larger node types for this engine.
 */
final class FitEngine extends BatchEngine {
    /** Largest local id FLOAT holds exactly. */
    static final long MAX_EXACT_ID = 1L << 24;
    /** Batches between loss measurements (each costs a forward pass). */
    private static final int LOSS_EVERY = 10;
    private double appliedRate = Double.NaN;
    private long batches;

    /**
     * DL4J's iterator over a skip-gram reader: the inputs centerType [B,1], centerId [B,1], targetType [B,1+k],
     * targetId [B,1+k] (the order of {@code HeteroEmbeddingModels.skipGram}'s inputs) and the labels [B,1+k].
     */
    static RecordReaderMultiDataSetIterator dataVecIterator(SkipGramRecordReader reader, int batchSize) {
        int k = reader.negatives();
        return new RecordReaderMultiDataSetIterator.Builder(batchSize)
                .addReader("pairs", reader)
                .addInput("pairs", 0, 0)
                .addInput("pairs", 1, 1)
                .addInput("pairs", reader.targetTypeColumn(), reader.targetTypeColumn() + k)
                .addInput("pairs", reader.targetIdColumn(), reader.targetIdColumn() + k)
                .addOutput("pairs", reader.labelColumn(), reader.labelColumn() + k)
                .build();
    }

    @Override
    BatchSource open(EngineContext c, long skipPairs) {
        SkipGramRecordReader reader = new SkipGramRecordReader(c.walks(), c.pairs());
        reader.skip(skipPairs);
        return new BatchSource(dataVecIterator(reader, c.training().batchSize()), reader::tokensRead,
                () -> closeQuietly(reader));
    }

    private static void closeQuietly(RecordReader reader) {
        try {
            reader.close();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    double step(EngineContext c, MultiDataSet batch, double learningRate) {
        // DL4J averages the gradient over the minibatch: sgd's per-pair rate times the batch size makes each pair's
        // step the fast engine's. Adam and AdaGrad are scale-free: their rate is the job's.
        double rate = c.training().updater() == TrainingConfig.Updater.SGD
                ? learningRate * batch.getFeatures(0).size(0) : learningRate;
        if (Double.isNaN(appliedRate) || Math.abs(rate - appliedRate) > 1e-3 * appliedRate) {
            setLearningRate(c.net(), rate);
            appliedRate = rate;
        }
        // The loss before this batch's update, from its own forward pass: the score DL4J reports after fit() is
        // computed on logits its LossBinaryXENT has already overwritten (DESIGN.md) and reads too high.
        double loss = batches++ % LOSS_EVERY == 0 ? measured(c.net().score(batch)) : Double.NaN;
        c.net().fit(batch);
        return loss;
    }

    /**
     * Sets the rate of every layer's updater in place. DL4J's updaters read their rate from these config objects on
     * each step, so this is cheap; {@code NetworkUtils.setLearningRate} would also rebuild the updater state (a copy
     * of Adam's two moment arrays per call).
     */
    static void setLearningRate(ComputationGraph net, double rate) {
        for (org.deeplearning4j.nn.api.Layer l : net.getLayers()) {
            if (l.conf().getLayer() instanceof BaseLayer bl) {
                IUpdater u = bl.getIUpdater();
                if (u != null && u.hasLearningRate()) {
                    u.setLrAndSchedule(rate, null);
                }
            }
        }
    }
}
