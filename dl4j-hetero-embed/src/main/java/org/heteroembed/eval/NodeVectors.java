package org.heteroembed.eval;

import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.inference.HeteroEmbeddings;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * Vectors of graph nodes looked up by external id, not by local index: a model file and a graph loaded
 * separately may number nodes differently, and matching ids makes the evaluation correct either way (and
 * fails with the missing id instead of silently pairing wrong rows).
 */
final class NodeVectors {
    private NodeVectors() {
    }

    /** The model's vectors of the given local nodes of {@code type} in {@code graph}, one row each, in order. */
    static INDArray of(HeteroEmbeddings e, HeteroGraph graph, int type, int[] locals) {
        List<String> ids = new ArrayList<>(locals.length);
        for (int local : locals) {
            ids.add(graph.ids(type).get(local));
        }
        return e.vectors(graph.schema().nodeTypeName(type), ids);
    }
}
