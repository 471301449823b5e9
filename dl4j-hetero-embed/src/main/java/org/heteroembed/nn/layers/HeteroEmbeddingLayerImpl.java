package org.heteroembed.nn.layers;

import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.heteroembed.nn.conf.HeteroEmbeddingLayer;
import org.heteroembed.nn.params.HeteroEmbeddingParamInitializer;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.Regularization;

import java.util.ArrayList;
import java.util.List;

/**
 * The hetero-embedding layer, exact by DL4J's rules so it trains through {@code fit()}, ParallelWrapper and
 * the Spark masters: it writes real gradients into its gradient view and applies nothing itself.
 *
 * <p>What it avoids: its gradient is sparse (only the batch's rows), so instead of zeroing the whole
 * table-sized gradient view each iteration (as DL4J's {@code EmbeddingLayer} does) it zeroes only the rows it
 * wrote the iteration before, then scatter-adds the new rows. That is only right when DL4J's updater leaves
 * the other rows at zero: true for updaters whose update of a zero gradient is zero (SGD, AdaGrad, RMSProp,
 * AdaDelta, NoOp); momentum updaters (Adam, Nesterovs, ...) write their momentum step into every row of the
 * gradient view, and regularization (l1, l2, weight decay) adds to every row, so with those the layer zeroes the
 * whole view, as DL4J's own layers do. It divides its gradient by the minibatch size
 * itself and reports {@code updaterDivideByMinibatch = false}, which removes one of DL4J's dense passes over
 * the tables. What remains is DL4J's: the updater and the step function touch every parameter (see
 * BENCHMARKS.md).
 */
public class HeteroEmbeddingLayerImpl extends BaseLayer<HeteroEmbeddingLayer> {
    private int[] lastInRows = new int[0];
    private int[] lastOutRows = new int[0];
    private RowGradientSink sink;
    private boolean gradientSharing;

    public HeteroEmbeddingLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /**
     * The (first) hetero-embedding layer of a network, unwrapped from a {@code FrozenLayer} if
     * {@code includeFrozen}; trainers pass false, since a frozen layer is not theirs to train.
     *
     * @throws IllegalArgumentException if there is none
     */
    public static HeteroEmbeddingLayerImpl find(ComputationGraph net, boolean includeFrozen) {
        for (org.deeplearning4j.nn.api.Layer layer : net.getLayers()) {
            org.deeplearning4j.nn.api.Layer inner = includeFrozen && layer instanceof FrozenLayer f ? f.getInsideLayer() : layer;
            if (inner instanceof HeteroEmbeddingLayerImpl h) {
                return h;
            }
        }
        throw new IllegalArgumentException("the network has no " + (includeFrozen ? "" : "trainable ") + "HeteroEmbeddingLayer");
    }

    /**
     * The layer's tables as one {@code [all nodes, d]} matrix per side, for trainers that update rows in place.
     *
     * @throws IllegalArgumentException naming {@code trainer} if the tables have per-type sizes
     */
    public INDArray[] sharedSizeTables(String trainer) {
        HeteroEmbeddingLayer c = layerConf();
        if (c.hasProjections()) {
            throw new IllegalArgumentException(trainer + " trains tables of one shared size; a layer with per-type "
                    + "sizes (projections) trains with DL4J's fit()");
        }
        return new INDArray[]{inputVectors(), outputVectors()};
    }

    /** Routed rows of the current input, row-major {@code [B, columns]}. */
    private int[] inputRows() {
        HeteroEmbeddingLayer c = layerConf();
        long cols = input.rank() == 1 ? 1 : input.size(1);
        if (cols != c.getNIn()) {
            throw new DL4JInvalidInputException("HeteroEmbeddingLayer " + layerId() + " (" + c.getMode()
                    + ") expects " + c.getNIn() + " routed node columns, got input of shape "
                    + java.util.Arrays.toString(input.shape()));
        }
        int[] rows = input.castTo(DataType.INT).dup('c').data().asInt();
        long n = c.totalNodes();
        for (int r : rows) {
            if (r < 0 || r >= n) {
                throw new DL4JInvalidInputException("HeteroEmbeddingLayer " + layerId() + ": row " + r
                        + " is outside the tables' [0, " + n + ") (route (type, id) through a TypeRoutingVertex)");
            }
        }
        return rows;
    }

    private INDArray inputVectors() {
        return HeteroEmbeddingParamInitializer.allInputVectors(layerConf(), paramsFlattened);
    }

    private INDArray outputVectors() {
        return HeteroEmbeddingParamInitializer.allOutputVectors(layerConf(), paramsFlattened);
    }

    /**
     * Forward results needed again by backprop: the routed rows (centers; and targets in SKIP_GRAM mode), the output,
     * the skip-gram arithmetic (SKIP_GRAM mode) and, with per-type sizes, the rows grouped by type (else null).
     */
    private record Forward(int[] centers, int[] targets, INDArray out, SkipGramGradient skipGram,
                           List<TypeGroup> centerGroups, List<TypeGroup> targetGroups) {
    }

    /** The rows of one node type among a batch's rows: their positions, local ids and gathered table rows. */
    private record TypeGroup(int type, int[] positions, int[] locals, INDArray rows) {
    }

    /** Gathers rows from the per-type tables of one side (input or output vectors), grouped by type. */
    private List<TypeGroup> gather(int[] globalRows, boolean inputSide) {
        HeteroEmbeddingLayer c = layerConf();
        int types = c.getNodeCounts().length;
        long[] offsets = c.rowOffsets();
        IntArrayList[] positions = new IntArrayList[types], locals = new IntArrayList[types];
        for (int i = 0; i < globalRows.length; i++) {
            int t = 0;
            while (globalRows[i] >= offsets[t + 1]) {
                t++;
            }
            if (positions[t] == null) {
                positions[t] = new IntArrayList();
                locals[t] = new IntArrayList();
            }
            positions[t].add(i);
            locals[t].add((int) (globalRows[i] - offsets[t]));
        }
        List<TypeGroup> groups = new ArrayList<>();
        for (int t = 0; t < types; t++) {
            if (positions[t] != null) {
                INDArray table = getParam(inputSide ? HeteroEmbeddingParamInitializer.inKey(t) : HeteroEmbeddingParamInitializer.outKey(t));
                int[] local = locals[t].toIntArray();
                groups.add(new TypeGroup(t, positions[t].toIntArray(), local, Nd4j.pullRows(table, 1, local)));
            }
        }
        return groups;
    }

    /** The gathered rows in the shared size (through each type's projection), in batch order: [rows, d]. */
    private INDArray project(List<TypeGroup> groups, int count) {
        HeteroEmbeddingLayer c = layerConf();
        INDArray out = Nd4j.zeros(paramsFlattened.dataType(), count, c.getEmbeddingSize());
        for (TypeGroup g : groups) {
            INDArray shared = c.hasProjection(g.type())
                    ? g.rows().mmul(getParam(HeteroEmbeddingParamInitializer.projectionKey(g.type()))) : g.rows();
            TableRows.assign(out, g.positions(), shared);
        }
        return out;
    }

    /** Backprop of {@link #project}: table-row gradients (scatter-added) and projection gradients (accumulated). */
    private void backpropGroups(List<TypeGroup> groups, INDArray sharedGradient, boolean inputSide) {
        HeteroEmbeddingLayer c = layerConf();
        for (TypeGroup g : groups) {
            INDArray grad = Nd4j.pullRows(sharedGradient, 1, g.positions());
            String tableKey = inputSide ? HeteroEmbeddingParamInitializer.inKey(g.type()) : HeteroEmbeddingParamInitializer.outKey(g.type());
            if (c.hasProjection(g.type())) {
                String projKey = HeteroEmbeddingParamInitializer.projectionKey(g.type());
                TableRows.add(gradientViews.get(tableKey), g.locals(), grad.mmul(getParam(projKey).transpose()));
                gradientViews.get(projKey).addi(g.rows().transpose().mmul(grad));
            } else {
                TableRows.add(gradientViews.get(tableKey), g.locals(), grad);
            }
        }
    }

    private Forward forward() {
        HeteroEmbeddingLayer c = layerConf();
        int[] rows = inputRows();
        int batch = (int) input.size(0);
        boolean projected = c.hasProjections();
        if (c.getMode() == HeteroEmbeddingLayer.Mode.LOOKUP) {
            List<TypeGroup> groups = projected ? gather(rows, true) : null;
            INDArray vectors = projected ? project(groups, rows.length) : Nd4j.pullRows(inputVectors(), 1, rows);
            return new Forward(rows, null, vectors, null, groups, null);
        }
        int width = (int) c.getNIn(), k1 = width - 1;
        int[] centers = new int[batch], targets = new int[batch * k1];
        for (int b = 0; b < batch; b++) {
            centers[b] = rows[b * width];
            System.arraycopy(rows, b * width + 1, targets, b * k1, k1);
        }
        List<TypeGroup> centerGroups = projected ? gather(centers, true) : null;
        List<TypeGroup> targetGroups = projected ? gather(targets, false) : null;
        INDArray center = projected ? project(centerGroups, batch) : Nd4j.pullRows(inputVectors(), 1, centers);            // [B, d]
        INDArray target = projected ? project(targetGroups, targets.length) : Nd4j.pullRows(outputVectors(), 1, targets); // [B(1+k), d]
        SkipGramGradient skipGram = new SkipGramGradient(center, target);
        return new Forward(centers, targets, skipGram.logits(), skipGram, centerGroups, targetGroups);
    }

    @Override
    protected INDArray preOutput(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, forward().out().castTo(dataType));
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        return preOutput(training, workspaceMgr); // identity activation: logits or raw vectors
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        HeteroEmbeddingLayer c = layerConf();
        Forward f = forward();
        // d(mean loss)/d(rows): the layer divides by the minibatch itself (updaterDivideByMinibatch = false).
        SkipGramGradient.RowGradients g = f.skipGram() == null
                ? new SkipGramGradient.RowGradients(SkipGramGradient.meanOverBatch(epsilon, f.out().dataType()), null)
                : f.skipGram().rowGradients(epsilon);
        if (c.hasProjections()) {
            // The projections' gradients are dense anyway: zero the whole view, then accumulate per type.
            gradientsFlattened.assign(0);
            backpropGroups(f.centerGroups(), g.input(), true);
            if (g.output() != null) {
                backpropGroups(f.targetGroups(), g.output(), false);
            }
        } else if (sink != null) {
            // The layer writes nothing to the gradient view, so DL4J's updater moves the tables only by what DL4J
            // itself adds to the view (regularization); a view that has always been zero gives a zero update, even
            // with momentum.
            if (othersWriteToTheView()) {
                gradientsFlattened.assign(0);
            } else {
                zeroLastRows(c);
            }
            lastInRows = new int[0];
            lastOutRows = new int[0];
            sink.accept(true, f.centers(), g.input());
            if (g.output() != null) {
                sink.accept(false, f.targets(), g.output());
            }
        } else {
            if (!othersWriteToTheView() && updaterKeepsZeroRows()) {
                // Rows written last iteration hold last iteration's gradient (or the updater's result): clear them.
                zeroLastRows(c);
            } else {
                gradientsFlattened.assign(0);
            }
            TableRows.add(HeteroEmbeddingParamInitializer.allInputVectors(c, gradientsFlattened), f.centers(), g.input());
            lastInRows = f.centers();
            lastOutRows = new int[0];
            if (g.output() != null) {
                TableRows.add(HeteroEmbeddingParamInitializer.allOutputVectors(c, gradientsFlattened), f.targets(), g.output());
                lastOutRows = f.targets();
            }
        }
        return new Pair<>(gradientOfViews(), null); // no gradient for node ids
    }

    private void zeroLastRows(HeteroEmbeddingLayer c) {
        TableRows.zero(HeteroEmbeddingParamInitializer.allInputVectors(c, gradientsFlattened), lastInRows);
        TableRows.zero(HeteroEmbeddingParamInitializer.allOutputVectors(c, gradientsFlattened), lastOutRows);
    }

    /**
     * Routes this layer's row gradients to {@code sink} instead of its gradient view (null: back to the
     * gradient view). For tables of one shared size.
     */
    public void setRowGradientSink(RowGradientSink sink) {
        if (sink != null && layerConf().hasProjections()) {
            throw new IllegalStateException("a row gradient sink needs tables of one shared size (no projections)");
        }
        this.sink = sink;
    }

    /** The layer's gradient: every parameter's view of the gradient array. */
    private Gradient gradientOfViews() {
        Gradient g = new DefaultGradient(gradientsFlattened);
        for (String key : conf.getLayer().initializer().paramKeys(conf.getLayer())) {
            g.gradientForVariable().put(key, gradientViews.get(key));
        }
        return g;
    }

    /**
     * Told by the network's {@code TypeRoutingVertex} on each training forward pass whether DL4J's gradient
     * sharing is active (a {@code GradientsAccumulator}: SharedTrainingMaster, ParallelWrapper in SHARED_GRADIENTS
     * mode). Its {@code applyUpdate} overwrites the whole gradient view with the decoded updates of all workers,
     * so rows other workers touched are non-zero next iteration; zeroing only our own last rows would re-apply
     * those stale values. With sharing on, the layer zeroes the whole view, as DL4J's layers do.
     */
    public void setGradientSharing(boolean on) {
        this.gradientSharing = on;
    }

    /** Whether the last training pass saw gradient sharing (see {@link #setGradientSharing}). */
    public boolean gradientSharing() {
        return gradientSharing;
    }

    /**
     * Whether DL4J writes to rows of the gradient view this layer did not write: regularization adds
     * {@code l2 * w}, {@code l1 * sign(w)} or weight decay to every row, gradient sharing writes all workers'
     * updates (see {@link #setGradientSharing}). Then the layer must clear the whole view each step.
     */
    private boolean othersWriteToTheView() {
        List<Regularization> regularization = layerConf().getRegularization();
        return gradientSharing || (regularization != null && !regularization.isEmpty());
    }

    /** Whether DL4J's updater maps a zero gradient to a zero update, so rows with a zero gradient stay zero. */
    private boolean updaterKeepsZeroRows() {
        IUpdater u = layerConf().getIUpdater();
        return u instanceof Sgd || u instanceof NoOp || u instanceof AdaGrad || u instanceof RmsProp || u instanceof AdaDelta;
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray gradients) {
        super.setBackpropGradientsViewArray(gradients);
        lastInRows = new int[0]; // a new gradient array starts zeroed
        lastOutRows = new int[0];
    }

    /** The layer scales its own gradient by 1/minibatch, so DL4J's updater must not divide (a dense pass). */
    @Override
    public boolean updaterDivideByMinibatch(String paramName) {
        return false;
    }

    @Override
    public boolean hasBias() {
        return false;
    }

    @Override
    public boolean hasLayerNorm() {
        return false;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }
}
