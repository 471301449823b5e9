package org.heteroembed.nn.conf;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.nn.graph.TypeRoutingVertexImpl;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Routes (node type, local id) pairs to rows of the per-type embedding tables: output row
 * {@code rowOffset(type) + id}, where the tables of all types are stacked in type order (see
 * {@link HeteroEmbeddingLayer}). Inputs come in pairs, {@code (types_1, ids_1, types_2, ids_2, ...)}, each
 * {@code [B, m_i]}; the output is the routed rows of all pairs side by side, {@code [B, sum m_i]}, as
 * {@link DataType#INT}: exact for any table size (the network's FLOAT would round rows above 2^24).
 * No parameters; no gradient flows back to ids. An unknown type or an id out of range is an error naming both.
 */
public class TypeRoutingVertex extends GraphVertex {
    private List<String> nodeTypes;
    private int[] nodeCounts;

    /** For JSON deserialization. */
    public TypeRoutingVertex() {
    }

    public TypeRoutingVertex(List<String> nodeTypes, int[] nodeCounts) {
        if (nodeTypes == null || nodeCounts == null || nodeTypes.size() != nodeCounts.length || nodeCounts.length == 0) {
            throw new IllegalArgumentException("TypeRoutingVertex: give one node count per node type name");
        }
        // A mutable copy: Kryo (Spark's serializer) rebuilds lists by adding to them, which List.copyOf refuses.
        this.nodeTypes = new java.util.ArrayList<>(nodeTypes);
        this.nodeCounts = nodeCounts.clone();
    }

    @Override
    public TypeRoutingVertex clone() {
        return new TypeRoutingVertex(nodeTypes, nodeCounts);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TypeRoutingVertex v && Objects.equals(nodeTypes, v.nodeTypes) && Arrays.equals(nodeCounts, v.nodeCounts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(nodeTypes, Arrays.hashCode(nodeCounts));
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 2;
    }

    @Override
    public int maxVertexInputs() {
        return Integer.MAX_VALUE;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
                                                                      INDArray paramsView, boolean initializeParams,
                                                                      DataType networkDatatype) {
        return new TypeRoutingVertexImpl(graph, name, idx, this, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        if (vertexInputs.length % 2 != 0) {
            throw new InvalidInputTypeException("TypeRoutingVertex takes (types, ids) input pairs; got "
                    + vertexInputs.length + " inputs");
        }
        long width = 0;
        for (int i = 1; i < vertexInputs.length; i += 2) {
            width += vertexInputs[i].arrayElementsPerExample();
        }
        return InputType.feedForward(width);
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        InputType out = getOutputType(-1, inputTypes);
        return new LayerMemoryReport.Builder(null, TypeRoutingVertex.class, inputTypes[0], out)
                .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }

    /**
     * Global table rows of (type, local id) pairs, element by element: {@code rowOffset(type) + id}. The one
     * routing rule for the vertex and for trainers that read batches themselves.
     *
     * @throws IllegalArgumentException naming the position, the type and the id if a type or an id is out of range
     */
    public static int[] route(int[] types, int[] ids, List<String> typeNames, int[] counts) {
        if (types.length != ids.length) {
            throw new IllegalArgumentException(types.length + " node types for " + ids.length + " ids");
        }
        long[] offsets = rowOffsets(counts);
        int[] rows = new int[ids.length];
        for (int i = 0; i < rows.length; i++) {
            int t = types[i], id = ids[i];
            if (t < 0 || t >= counts.length) {
                throw new IllegalArgumentException("node type " + t + " at position " + i + " is not one of the "
                        + counts.length + " types " + typeNames);
            }
            if (id < 0 || id >= counts[t]) {
                throw new IllegalArgumentException("id " + id + " of type '" + typeNames.get(t) + "' at position " + i
                        + " is outside [0, " + counts[t] + ")");
            }
            rows[i] = (int) (offsets[t] + id);
        }
        return rows;
    }

    /** Routes with this vertex's types and counts. */
    public int[] route(int[] types, int[] ids) {
        return route(types, ids, nodeTypes, nodeCounts);
    }

    /** First global row of each type, and the total as the last element. */
    public long[] rowOffsets() {
        return rowOffsets(nodeCounts);
    }

    /**
     * First global row of each type when tables of {@code counts[t]} rows are stacked in type order, and the total
     * as the last element: the layout of the vertex's rows and of the layer's tables.
     */
    public static long[] rowOffsets(int[] counts) {
        long[] o = new long[counts.length + 1];
        for (int t = 0; t < counts.length; t++) {
            o[t + 1] = o[t] + counts[t];
        }
        return o;
    }

    public List<String> getNodeTypes() {
        return java.util.Collections.unmodifiableList(nodeTypes);
    }

    public void setNodeTypes(List<String> nodeTypes) {
        this.nodeTypes = new java.util.ArrayList<>(nodeTypes);
    }

    public int[] getNodeCounts() {
        return nodeCounts;
    }

    public void setNodeCounts(int[] nodeCounts) {
        this.nodeCounts = nodeCounts;
    }
}
