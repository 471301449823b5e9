package org.heteroembed.nn.graph;

import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.heteroembed.nn.conf.TypeRoutingVertex;
import org.heteroembed.nn.layers.HeteroEmbeddingLayerImpl;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Implementation of {@link TypeRoutingVertex}: (type, id) pairs to global table rows. */
public class TypeRoutingVertexImpl extends BaseGraphVertex {
    private final TypeRoutingVertex conf;

    public TypeRoutingVertexImpl(ComputationGraph graph, String name, int vertexIndex, TypeRoutingVertex conf,
                                 DataType dataType) {
        super(graph, name, vertexIndex, null, null, dataType);
        this.conf = conf;
    }

    @Override
    public boolean hasLayer() {
        return false;
    }

    @Override
    public Layer getLayer() {
        return null;
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) {
            throw new IllegalStateException("TypeRoutingVertex " + vertexName + ": cannot do forward pass, inputs not set");
        }
        if (inputs.length == 0 || inputs.length % 2 != 0) {
            throw new IllegalStateException("TypeRoutingVertex " + vertexName + ": inputs must be (types, ids) pairs, got "
                    + inputs.length + " inputs");
        }
        if (training) {
            announceGradientSharing();
        }
        long batch = inputs[0].size(0);
        int width = 0;
        for (int i = 1; i < inputs.length; i += 2) {
            width += (int) (inputs[i].length() / batch);
        }
        int[] rows = new int[(int) batch * width];
        int col = 0;
        for (int p = 0; p < inputs.length; p += 2) {
            int[] types = inputs[p].castTo(DataType.INT).dup('c').data().asInt();
            int[] ids = inputs[p + 1].castTo(DataType.INT).dup('c').data().asInt();
            int[] routed;
            try {
                routed = conf.route(types, ids);
            } catch (IllegalArgumentException e) {
                throw new DL4JInvalidInputException("TypeRoutingVertex " + vertexName + ", inputs " + p + " and " + (p + 1)
                        + ": " + e.getMessage(), e);
            }
            int m = (int) (ids.length / batch);
            for (int b = 0; b < batch; b++) {
                System.arraycopy(routed, b * m, rows, b * width + col, m);
            }
            col += m;
        }
        try (MemoryWorkspace ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
            return Nd4j.createFromArray(rows).reshape('c', batch, width);
        }
    }

    /**
     * Tells the network's hetero-embedding layers whether DL4J's gradient sharing is active: it rewrites their
     * whole gradient view, which their sparse gradient zeroing must know (see
     * {@link HeteroEmbeddingLayerImpl#setGradientSharing}). The vertex is the one piece that sees the graph.
     * {@code ComputationGraph.init()} creates the optimizer (its solver) after the vertices and before any pass
     * can run, so in an initialised graph it is always there; a graph whose layers are not yet built is not.
     */
    private void announceGradientSharing() {
        if (graph == null || graph.getLayers() == null) {
            throw new IllegalStateException("TypeRoutingVertex " + vertexName + ": a training pass needs the vertex inside an "
                    + "initialised ComputationGraph (its embedding layers must learn whether gradients are shared)");
        }
        boolean sharing = graph.getOptimizer().getGradientsAccumulator() != null;
        for (Layer layer : graph.getLayers()) {
            if (layer instanceof HeteroEmbeddingLayerImpl h) {
                h.setGradientSharing(sharing);
            }
        }
    }

    /** Ids get no gradient. */
    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        // No epsilon check (DL4J's canDoBackward): the layer above sends none, node ids have no gradient.
        if (!canDoForward()) {
            throw new IllegalStateException("TypeRoutingVertex " + vertexName + ": cannot do backward pass, inputs not set "
                    + "(no forward pass since the vertex was cleared)");
        }
        return new Pair<>(null, new INDArray[inputs.length]);
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
        if (backpropGradientsViewArray != null) {
            throw new IllegalStateException("TypeRoutingVertex has no parameters");
        }
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState, int minibatchSize) {
        return null;
    }

    @Override
    public String toString() {
        return "TypeRoutingVertex(name=\"" + vertexName + "\", types=" + conf.getNodeTypes() + ")";
    }
}
