package org.heteroembed.nn;

import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.heteroembed.nn.conf.TypeRoutingVertex;
import org.heteroembed.nn.graph.TypeRoutingVertexImpl;
import org.heteroembed.nn.layers.HeteroEmbeddingLayerImpl;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The routing vertex's state checks: what it needs before a pass, and the errors when it is used wrongly. */
class TypeRoutingVertexTest {
    private static final List<String> TYPES = List.of("user", "item");
    private static final int[] COUNTS = {3, 4};
    private static final LayerWorkspaceMgr NO_WORKSPACES = LayerWorkspaceMgr.noWorkspaces();

    /** A vertex outside any network, with {@code inputCount} input slots. */
    private static TypeRoutingVertexImpl standalone(int inputCount) {
        TypeRoutingVertexImpl v = new TypeRoutingVertexImpl(null, "route", 0, new TypeRoutingVertex(TYPES, COUNTS), DataType.FLOAT);
        v.setInputVertices(new VertexIndices[inputCount]);
        return v;
    }

    private static void setPair(TypeRoutingVertexImpl v, int first, int[][] types, int[][] ids) {
        v.setInput(first, Nd4j.createFromArray(types), NO_WORKSPACES);
        v.setInput(first + 1, Nd4j.createFromArray(ids), NO_WORKSPACES);
    }

    @Test
    void routesPairsSideBySideAsIntRows() {
        TypeRoutingVertexImpl v = standalone(4);
        setPair(v, 0, new int[][]{{0}, {1}}, new int[][]{{2}, {3}});
        setPair(v, 2, new int[][]{{1, 0}, {0, 1}}, new int[][]{{0, 1}, {2, 1}});
        INDArray rows = v.doForward(false, NO_WORKSPACES);
        assertEquals(DataType.INT, rows.dataType());
        // user rows 0..2, item rows 3..6
        assertArrayEquals(new int[][]{{2, 3, 1}, {6, 2, 4}}, rows.toIntMatrix());
    }

    @Test
    void forwardWithoutInputsIsAnError() {
        TypeRoutingVertexImpl v = standalone(2);
        v.setInput(0, Nd4j.createFromArray(new int[][]{{0}}), NO_WORKSPACES); // ids not set
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> v.doForward(false, NO_WORKSPACES));
        assertTrue(e.getMessage().contains("route") && e.getMessage().contains("inputs not set"), e.getMessage());
    }

    @Test
    void inputsThatAreNotPairsAreAnError() {
        TypeRoutingVertexImpl v = standalone(3);
        setPair(v, 0, new int[][]{{0}}, new int[][]{{1}});
        v.setInput(2, Nd4j.createFromArray(new int[][]{{0}}), NO_WORKSPACES);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> v.doForward(false, NO_WORKSPACES));
        assertTrue(e.getMessage().contains("(types, ids) pairs, got 3 inputs"), e.getMessage());
    }

    @Test
    void anIdOutOfRangeNamesTheInputsTheTypeAndTheId() {
        TypeRoutingVertexImpl v = standalone(2);
        setPair(v, 0, new int[][]{{0}, {1}}, new int[][]{{1}, {4}});
        DL4JInvalidInputException e = assertThrows(DL4JInvalidInputException.class, () -> v.doForward(false, NO_WORKSPACES));
        assertTrue(e.getMessage().contains("inputs 0 and 1") && e.getMessage().contains("id 4 of type 'item'"), e.getMessage());
    }

    @Test
    void aTrainingPassOutsideANetworkIsAnError() {
        TypeRoutingVertexImpl v = standalone(2);
        setPair(v, 0, new int[][]{{0}}, new int[][]{{1}});
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> v.doForward(true, NO_WORKSPACES));
        assertTrue(e.getMessage().contains("initialised ComputationGraph"), e.getMessage());
    }

    @Test
    void backwardAfterClearIsAnError() {
        TypeRoutingVertexImpl v = standalone(2);
        setPair(v, 0, new int[][]{{0}}, new int[][]{{1}});
        v.doForward(false, NO_WORKSPACES);
        assertEquals(2, v.doBackward(false, NO_WORKSPACES).getSecond().length, "no gradient for either input");
        v.clear();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> v.doBackward(false, NO_WORKSPACES));
        assertTrue(e.getMessage().contains("cannot do backward pass"), e.getMessage());
    }

    /** The vertex tells the layer about gradient sharing on every training pass, inside fit() or not. */
    @Test
    void trainingPassesInANetworkTellTheLayerWhetherGradientsAreShared() {
        ComputationGraph net = new ComputationGraph(HeteroEmbeddingModels.skipGram(TYPES, COUNTS, 4, 1, new Sgd(0.1), 3, DataType.FLOAT));
        net.init();
        HeteroEmbeddingLayerImpl layer = HeteroEmbeddingLayerImpl.find(net, false);
        INDArray[] inputs = {Nd4j.createFromArray(new int[][]{{0}}), Nd4j.createFromArray(new int[][]{{1}}),
                Nd4j.createFromArray(new int[][]{{1, 1}}), Nd4j.createFromArray(new int[][]{{0, 3}})};
        layer.setGradientSharing(true); // stale: as if an earlier pass had seen an accumulator
        net.feedForward(inputs, true); // a training-mode pass outside fit()
        assertFalse(layer.gradientSharing(), "no accumulator: no sharing");
        net.setGradientsAccumulator(new GradientSharingTest.OneForeignRow(0));
        net.feedForward(inputs, true);
        assertTrue(layer.gradientSharing(), "an accumulator: sharing");
    }
}
