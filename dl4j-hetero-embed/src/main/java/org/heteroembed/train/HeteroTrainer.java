package org.heteroembed.train;

import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.datavec.SkipGramMultiDataSetIterator;
import org.heteroembed.nn.conf.HeteroEmbeddingLayer;
import org.heteroembed.nn.conf.TypeRoutingVertex;
import org.heteroembed.nn.layers.HeteroEmbeddingLayerImpl;
import org.heteroembed.nn.layers.SkipGramGradient;
import org.heteroembed.nn.layers.TableRows;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sparse training of a hetero-embedding skip-gram ComputationGraph: updates the {@link HeteroEmbeddingLayer}
 * tables of the network in place, touching only the rows of each batch, and never allocates DL4J's
 * table-sized gradient view (which {@code fit()} does). The result is the same network, so it saves with
 * {@code ModelSerializer}, loads with {@code HeteroEmbeddings} and can go on training with {@code fit()}.
 *
 * <p>Each batch: the batch's rows are gathered, the skip-gram-with-negative-sampling gradient of the mean
 * batch loss is computed for them (the same gradient the layer gives {@code fit()}), and applied by
 * <ul>
 *   <li>{@link Optimizer#SGD}: {@code row -= lr * gradient}, lr decaying linearly (word2vec) from the learning
 *       rate to the minimum over {@code plannedBatches}; with a constant lr it is exactly {@code fit()} with
 *       DL4J's {@code Sgd}, up to float rounding;</li>
 *   <li>{@link Optimizer#ADAGRAD}: per-row AdaGrad, one accumulator per row (mean squared gradient of the row),
 *       so the state is one float per row, not one per parameter.</li>
 * </ul>
 * Expects the layout of {@code HeteroEmbeddingModels.skipGram} and batches of {@link SkipGramMultiDataSetIterator}.
 * Not thread-safe; one trainer per network.
 */
public final class HeteroTrainer {
    private static final Logger log = LoggerFactory.getLogger(HeteroTrainer.class);

    /** Update rule. */
    public enum Optimizer {
        SGD, ADAGRAD
    }

    private final double learningRate;
    private final double minLearningRate;
    private final long plannedBatches;
    private final Optimizer optimizer;
    private final double epsilon;
    private long batchesDone;
    private INDArray rowHistory; // ADAGRAD: [all rows of both tables]
    private double lastLoss = Double.NaN;
    private double rateOverride = Double.NaN;

    private HeteroTrainer(Builder b) {
        this.learningRate = b.learningRate;
        this.minLearningRate = b.minLearningRate;
        this.plannedBatches = b.plannedBatches;
        this.optimizer = b.optimizer;
        this.epsilon = b.epsilon;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The network's embedding layer, checked for what this trainer needs: SKIP_GRAM mode, one shared size. */
    static HeteroEmbeddingLayerImpl embeddingLayer(ComputationGraph net) {
        HeteroEmbeddingLayerImpl layer = HeteroEmbeddingLayerImpl.find(net, false);
        if (((HeteroEmbeddingLayer) layer.conf().getLayer()).getMode() != HeteroEmbeddingLayer.Mode.SKIP_GRAM) {
            throw new IllegalArgumentException("the HeteroEmbeddingLayer must be in SKIP_GRAM mode");
        }
        layer.sharedSizeTables("HeteroTrainer");
        return layer;
    }

    /** Trains on every batch of {@code data}, {@code epochs} times (resetting it between epochs). */
    public void fit(ComputationGraph net, MultiDataSetIterator data, int epochs) {
        HeteroEmbeddingLayerImpl layer = embeddingLayer(net);
        for (int epoch = 0; epoch < epochs; epoch++) {
            if (epoch > 0 || data.resetSupported()) {
                data.reset();
            }
            while (data.hasNext()) {
                step(layer, data.next());
            }
            log.info("epoch {}: {} batches, last batch loss {}", epoch + 1, batchesDone, lastLoss);
        }
    }

    /** Trains on one batch. */
    public void fit(ComputationGraph net, MultiDataSet batch) {
        step(embeddingLayer(net), batch);
    }

    /**
     * Trains on one batch at {@code learningRate}, for a caller that keeps its own schedule (the job runner decays
     * the rate by tokens trained, as the fast engine does).
     */
    public void fit(ComputationGraph net, MultiDataSet batch, double learningRate) {
        rateOverride = learningRate;
        try {
            step(embeddingLayer(net), batch);
        } finally {
            rateOverride = Double.NaN;
        }
    }

    /** The learning rate of the next batch (linear decay for SGD). */
    public double currentLearningRate() {
        if (!Double.isNaN(rateOverride)) {
            return rateOverride;
        }
        if (optimizer != Optimizer.SGD || plannedBatches <= 0) {
            return learningRate;
        }
        double progress = Math.min(1.0, (double) batchesDone / plannedBatches);
        return Math.max(minLearningRate, learningRate * (1 - progress));
    }

    /** Mean skip-gram loss of the last batch (before its update). */
    public double lastLoss() {
        return lastLoss;
    }

    public long batchesDone() {
        return batchesDone;
    }

    /**
     * Workspace for each batch's temporaries (gathered rows, products, gradients: several arrays of
     * [B(1+k), d]). Without it every batch allocates and page-faults them afresh, which cost more than the
     * arithmetic at large batches; with it the memory is reused from the second batch on.
     */
    private static final WorkspaceConfiguration STEP_WORKSPACE = WorkspaceConfiguration.builder()
            .policyAllocation(AllocationPolicy.OVERALLOCATE).overallocationLimit(0.2)
            .policyLearning(LearningPolicy.FIRST_LOOP).policyReset(ResetPolicy.BLOCK_LEFT)
            .policySpill(SpillPolicy.REALLOCATE).build();

    private void step(HeteroEmbeddingLayerImpl layer, MultiDataSet batch) {
        INDArray[] tables = layer.sharedSizeTables("HeteroTrainer");
        long totalRows = tables[0].rows();
        if (optimizer == Optimizer.ADAGRAD && (rowHistory == null || rowHistory.length() != 2 * totalRows)) {
            rowHistory = Nd4j.zeros(tables[0].dataType(), 2 * totalRows); // outside the workspace: it persists
        }
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(STEP_WORKSPACE, "HETERO_TRAINER_STEP")) {
            stepInWorkspace(batch, tables[0], tables[1], (HeteroEmbeddingLayer) layer.conf().getLayer(), totalRows);
        }
        batchesDone++;
    }

    private void stepInWorkspace(MultiDataSet batch, INDArray in, INDArray out, HeteroEmbeddingLayer conf, long totalRows) {
        int[] centerType = batch.getFeatures(SkipGramMultiDataSetIterator.CENTER_TYPE).toIntVector();
        int[] centerId = batch.getFeatures(SkipGramMultiDataSetIterator.CENTER_ID).toIntVector();
        int[] targetType = batch.getFeatures(SkipGramMultiDataSetIterator.TARGET_TYPE).ravel().toIntVector();
        int[] targetId = batch.getFeatures(SkipGramMultiDataSetIterator.TARGET_ID).ravel().toIntVector();
        INDArray labels = batch.getLabels(0).castTo(in.dataType()); // [B, 1+k]
        int b = centerType.length;
        int[] centers = TypeRoutingVertex.route(centerType, centerId, conf.getNodeTypes(), conf.getNodeCounts());
        int[] targets = TypeRoutingVertex.route(targetType, targetId, conf.getNodeTypes(), conf.getNodeCounts());

        SkipGramGradient skipGram = new SkipGramGradient(Nd4j.pullRows(in, 1, centers), Nd4j.pullRows(out, 1, targets));
        INDArray p = Transforms.sigmoid(skipGram.logits(), true);
        lastLoss = binaryCrossEntropy(p, labels) / b;
        // The objective of the network's LossLayer (sigmoid, binary cross-entropy): d(loss)/d(logit) = p - label.
        SkipGramGradient.RowGradients g = skipGram.rowGradients(p.subi(labels));

        applyRowGradients(in, 0, centers, g.input());
        applyRowGradients(out, totalRows, targets, g.output());
    }

    /** Applies row gradients with the configured optimizer and the current learning rate. */
    private void applyRowGradients(INDArray table, long historyOffset, int[] rows, INDArray grads) {
        double lr = currentLearningRate();
        if (optimizer == Optimizer.SGD) {
            TableRows.add(table, rows, grads.mul(-lr));
        } else {
            adaGrad(table, historyOffset, rows, grads, lr);
        }
    }

    /**
     * Trains a composed graph (the embedding tables under other layers, e.g. a classifier) with DL4J's
     * {@code fit()}: the other layers train through their DL4J updaters as usual, while the embedding layer
     * hands its row gradients to this trainer, which applies them to the touched rows only (SGD with decay, or
     * per-row AdaGrad). DL4J still allocates its gradient view and passes over it (all zeros for the tables),
     * so unlike {@link #fit(ComputationGraph, MultiDataSetIterator, int)} this saves the updater's work on the
     * tables, not their gradient memory. Tables of one shared size.
     */
    public void fitComposed(ComputationGraph net, MultiDataSetIterator data, int epochs) {
        HeteroEmbeddingLayerImpl layer = HeteroEmbeddingLayerImpl.find(net, false);
        INDArray[] tables = layer.sharedSizeTables("HeteroTrainer.fitComposed");
        INDArray in = tables[0], out = tables[1];
        long totalRows = in.rows();
        if (optimizer == Optimizer.ADAGRAD && (rowHistory == null || rowHistory.length() != 2 * totalRows)) {
            rowHistory = Nd4j.zeros(in.dataType(), 2 * totalRows);
        }
        layer.setRowGradientSink((inputSide, rows, grads) ->
                applyRowGradients(inputSide ? in : out, inputSide ? 0 : totalRows, rows, grads));
        try {
            for (int epoch = 0; epoch < epochs; epoch++) {
                if (epoch > 0 || data.resetSupported()) {
                    data.reset();
                }
                while (data.hasNext()) {
                    net.fit(data.next());
                    batchesDone++;
                }
            }
        } finally {
            layer.setRowGradientSink(null);
        }
    }

    /** Per-row AdaGrad: sums each row's contributions, then row -= lr * g / sqrt(h + eps), h += mean(g^2). */
    private void adaGrad(INDArray table, long historyOffset, int[] rows, INDArray grads, double lr) {
        Int2IntOpenHashMap slot = new Int2IntOpenHashMap();
        slot.defaultReturnValue(-1);
        int[] compact = new int[rows.length];
        int unique = 0;
        for (int i = 0; i < rows.length; i++) {
            int s = slot.get(rows[i]);
            if (s < 0) {
                s = unique++;
                slot.put(rows[i], s);
            }
            compact[i] = s;
        }
        int[] uniqueRows = new int[unique];
        slot.int2IntEntrySet().forEach(e -> uniqueRows[e.getIntValue()] = e.getIntKey());
        INDArray summed = Nd4j.zeros(table.dataType(), unique, table.columns());
        TableRows.add(summed, compact, grads);
        INDArray meanSquare = summed.mul(summed).mean(1);            // [U]
        long[] historyIndex = new long[unique];
        for (int u = 0; u < unique; u++) {
            historyIndex[u] = historyOffset + uniqueRows[u];
        }
        for (int u = 0; u < unique; u++) {
            rowHistory.putScalar(historyIndex[u], rowHistory.getDouble(historyIndex[u]) + meanSquare.getDouble(u));
        }
        INDArray scale = Nd4j.create(table.dataType(), unique);
        for (int u = 0; u < unique; u++) {
            scale.putScalar(u, -lr / Math.sqrt(rowHistory.getDouble(historyIndex[u]) + epsilon));
        }
        TableRows.add(table, uniqueRows, summed.muliColumnVector(scale.reshape(unique, 1)));
    }

    private static double binaryCrossEntropy(INDArray p, INDArray labels) {
        INDArray clipped = Transforms.max(Transforms.min(p, 1 - 1e-7, true), 1e-7, false);
        INDArray loss = labels.mul(Transforms.log(clipped, true))
                .addi(labels.rsub(1).muli(Transforms.log(clipped.rsub(1), false)));
        return -loss.sumNumber().doubleValue();
    }

    /** Builder: learning rate 0.025 decaying to 0.0001 (SGD) over {@code plannedBatches}, or AdaGrad. */
    public static final class Builder {
        private double learningRate = 0.025;
        private double minLearningRate = 1e-4;
        private long plannedBatches;
        private Optimizer optimizer = Optimizer.SGD;
        private double epsilon = 1e-8;

        public Builder learningRate(double lr) {
            this.learningRate = lr;
            return this;
        }

        public Builder minLearningRate(double lr) {
            this.minLearningRate = lr;
            return this;
        }

        /** Batches over which SGD's rate decays linearly to the minimum; 0 keeps it constant. */
        public Builder plannedBatches(long batches) {
            this.plannedBatches = batches;
            return this;
        }

        public Builder optimizer(Optimizer optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        public Builder epsilon(double epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        public HeteroTrainer build() {
            if (!(learningRate > 0) || !(minLearningRate >= 0) || minLearningRate > learningRate) {
                throw new IllegalArgumentException("need learningRate > 0 and 0 <= minLearningRate <= learningRate, got "
                        + learningRate + " and " + minLearningRate);
            }
            if (plannedBatches < 0 || !(epsilon > 0) || optimizer == null) {
                throw new IllegalArgumentException("plannedBatches must be >= 0, epsilon > 0, optimizer set");
            }
            return new HeteroTrainer(this);
        }
    }
}
