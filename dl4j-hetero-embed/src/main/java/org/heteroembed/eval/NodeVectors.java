package org.heteroembed.eval;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.NodeLabels;
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

    /** A type's labelled nodes: their local indices (ascending) and labels. */
    record LabelledNodes(int type, int[] locals, int[] labels) {
    }

    /** The vectors of a type's labelled nodes (rows in local-id order) and their labels. */
    record Labelled(INDArray vectors, int[] labels) {
    }

    /**
     * @param purpose what the labels are for, in the error ("classify", "cluster against")
     * @throws IllegalArgumentException if the type is unknown or has no labelled node
     */
    static LabelledNodes labelledNodes(HeteroGraph graph, String type, String purpose) {
        int t = graph.schema().nodeType(type);
        if (t < 0) {
            throw new IllegalArgumentException("node type '" + type + "' is not in the graph ("
                    + String.join(", ", graph.schema().nodeTypes()) + ")");
        }
        NodeLabels labels = graph.labels(t);
        if (labels == null || labels.numLabelled() == 0) {
            throw new IllegalArgumentException("node type '" + type + "' has no labels to " + purpose);
        }
        IntArrayList locals = new IntArrayList();
        IntArrayList y = new IntArrayList();
        for (int i = 0; i < graph.numNodes(t); i++) {
            if (labels.label(i) >= 0) {
                locals.add(i);
                y.add(labels.label(i));
            }
        }
        return new LabelledNodes(t, locals.toIntArray(), y.toIntArray());
    }

    /** As {@link #labelledNodes}, with the model's vectors of those nodes. */
    static Labelled labelled(HeteroEmbeddings e, HeteroGraph graph, String type, String purpose) {
        LabelledNodes n = labelledNodes(graph, type, purpose);
        return new Labelled(of(e, graph, n.type(), n.locals()), n.labels());
    }
}
