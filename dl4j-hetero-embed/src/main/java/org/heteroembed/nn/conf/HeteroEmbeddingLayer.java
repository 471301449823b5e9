package org.heteroembed.nn.conf;

import org.deeplearning4j.exception.DL4JInvalidConfigException;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.heteroembed.nn.layers.HeteroEmbeddingLayerImpl;
import org.heteroembed.nn.params.HeteroEmbeddingParamInitializer;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Configuration of the hetero-embedding layer: one embedding table per node type, each with input ("center")
 * and output ("context") vectors as in word2vec. Parameters {@code in<t>} and {@code out<t>} are
 * {@code [nodes of type t, embeddingSize]} tables, ordinary DL4J parameters (so {@code ModelSerializer},
 * averaging and composition work), laid out so that all input tables together form one
 * {@code [all nodes, embeddingSize]} matrix indexed by the global rows of {@link TypeRoutingVertex}.
 *
 * <p>Its input is the routed rows ({@code [B, columns]}, integer values) from a {@link TypeRoutingVertex}.
 * Two modes:
 * <ul>
 *   <li>{@link Mode#SKIP_GRAM}: column 0 is the center, columns 1..1+k the context and k negatives; the
 *       output {@code [B, 1+k]} is the dot products center-in . target-out (logits; put a
 *       {@code LossLayer} with sigmoid activation and binary cross-entropy after it);</li>
 *   <li>{@link Mode#LOOKUP}: one column of nodes; the output {@code [B, embeddingSize]} is their input
 *       vectors, for a classifier or any other layers on top.</li>
 * </ul>
 * Both modes have the same parameters, so trained tables move between a skip-gram and a lookup network
 * unchanged. Its gradients are sparse: only the rows of the batch are written (see the layer implementation).
 *
 * <p><b>Per-type sizes.</b> With {@link Builder#typeEmbeddingSizes(int...)} the tables of type t are
 * {@code [n_t, d_t]} and a projection {@code proj<t>} ({@code [d_t, embeddingSize]}, shared by the type's input
 * and output vectors) maps them to the shared size, so small types (venues, topics) can have small tables.
 * Types whose size equals the shared size have no projection.
 */
public class HeteroEmbeddingLayer extends FeedForwardLayer {
    /** What the layer computes. */
    public enum Mode {
        SKIP_GRAM, LOOKUP
    }

    private List<String> nodeTypes;
    private int[] nodeCounts;
    private int embeddingSize;
    private int[] typeEmbeddingSizes; // null: every type uses embeddingSize
    private Mode mode = Mode.SKIP_GRAM;
    private int negatives;

    /** For JSON deserialization. */
    public HeteroEmbeddingLayer() {
    }

    private HeteroEmbeddingLayer(Builder b) {
        super(b);
        // A mutable copy: Kryo (Spark's serializer) rebuilds lists by adding to them, which List.copyOf refuses.
        this.nodeTypes = new java.util.ArrayList<>(b.nodeTypes);
        this.nodeCounts = b.nodeCounts.clone();
        this.embeddingSize = b.embeddingSize;
        this.typeEmbeddingSizes = b.typeEmbeddingSizes == null ? null : b.typeEmbeddingSizes.clone();
        this.mode = b.mode;
        this.negatives = b.negatives;
        this.nIn = mode == Mode.SKIP_GRAM ? 2 + negatives : 1;
        this.nOut = mode == Mode.SKIP_GRAM ? 1 + negatives : embeddingSize;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
                                                       int layerIndex, INDArray layerParamsView, boolean initializeParams,
                                                       DataType networkDataType) {
        requireSupportedSettings();
        HeteroEmbeddingLayerImpl layer = new HeteroEmbeddingLayerImpl(conf, networkDataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        layer.setParamTable(initializer().init(conf, layerParamsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }

    /**
     * Rejects what DL4J's layer settings offer but this layer cannot honour, rather than ignoring it: an activation
     * (its outputs are logits or raw vectors; DL4J's EmbeddingLayer applies one, but the trainers here rely on
     * logits), dropout (its input is routed node rows; DL4J's EmbeddingLayer refuses it too) and weight noise (the
     * tables are read directly). Checked when the network is built, after DL4J has applied the network's defaults.
     */
    private void requireSupportedSettings() {
        String unsupported = null;
        if (activationFn != null && !(activationFn instanceof ActivationIdentity)) {
            unsupported = "activation " + activationFn + ": its outputs are logits or raw vectors, put the activation in the next layer";
        } else if (iDropout != null) {
            unsupported = "dropout (" + iDropout + ")";
        } else if (weightNoise != null) {
            unsupported = "weight noise (" + weightNoise + ")";
        }
        if (unsupported != null) {
            throw new DL4JInvalidConfigException("HeteroEmbeddingLayer " + (layerName == null ? "" : "\"" + layerName + "\" ")
                    + "does not support " + unsupported);
        }
    }

    @Override
    public ParamInitializer initializer() {
        return HeteroEmbeddingParamInitializer.getInstance();
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.feedForward(nOut);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        // nIn is fixed by the mode: routed node columns
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long params = initializer().numParams(this);
        return new LayerMemoryReport.Builder(layerName, HeteroEmbeddingLayer.class, inputType, getOutputType(-1, inputType))
                .standardMemory(params, getIUpdater() == null ? 0 : getIUpdater().stateSize(params))
                .workingMemory(0, 0, 0, 2L * embeddingSize * Math.max(1, nOut))
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    /** Table width of node type {@code t}. */
    public int typeSize(int t) {
        return typeEmbeddingSizes == null ? embeddingSize : typeEmbeddingSizes[t];
    }

    /** Whether type {@code t} has a projection to the shared size. */
    public boolean hasProjection(int t) {
        return typeSize(t) != embeddingSize;
    }

    /** Whether any type has a projection (otherwise all tables form one [all nodes, d] matrix per side). */
    public boolean hasProjections() {
        for (int t = 0; t < nodeCounts.length; t++) {
            if (hasProjection(t)) {
                return true;
            }
        }
        return false;
    }

    /** Total rows of one table set (nodes of all types). */
    public long totalNodes() {
        return rowOffsets()[nodeCounts.length];
    }

    /** First global row of node type {@code t}. */
    public long rowOffset(int t) {
        return rowOffsets()[t];
    }

    /** First global row of each node type, then the total: the routing vertex's layout (see {@link TypeRoutingVertex}). */
    public long[] rowOffsets() {
        return TypeRoutingVertex.rowOffsets(nodeCounts);
    }

    // ---- bean accessors: DL4J serializes layer configs to JSON through them ----

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

    public int getEmbeddingSize() {
        return embeddingSize;
    }

    public void setEmbeddingSize(int embeddingSize) {
        this.embeddingSize = embeddingSize;
    }

    public int[] getTypeEmbeddingSizes() {
        return typeEmbeddingSizes;
    }

    public void setTypeEmbeddingSizes(int[] typeEmbeddingSizes) {
        this.typeEmbeddingSizes = typeEmbeddingSizes;
    }

    public Mode getMode() {
        return mode;
    }

    public void setMode(Mode mode) {
        this.mode = mode;
    }

    public int getNegatives() {
        return negatives;
    }

    public void setNegatives(int negatives) {
        this.negatives = negatives;
    }

    @Override
    public HeteroEmbeddingLayer clone() {
        HeteroEmbeddingLayer c = (HeteroEmbeddingLayer) super.clone();
        c.nodeCounts = nodeCounts.clone();
        c.typeEmbeddingSizes = typeEmbeddingSizes == null ? null : typeEmbeddingSizes.clone();
        return c;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HeteroEmbeddingLayer l) || !super.equals(o)) {
            return false;
        }
        return embeddingSize == l.embeddingSize && negatives == l.negatives && mode == l.mode
                && Objects.equals(nodeTypes, l.nodeTypes) && Arrays.equals(nodeCounts, l.nodeCounts)
                && Arrays.equals(typeEmbeddingSizes, l.typeEmbeddingSizes);
    }

    @Override
    protected boolean canEqual(Object other) {
        return other instanceof HeteroEmbeddingLayer;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), nodeTypes, Arrays.hashCode(nodeCounts), Arrays.hashCode(typeEmbeddingSizes),
                embeddingSize, mode, negatives);
    }

    /** Builder in DL4J's style. */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {
        private List<String> nodeTypes;
        private int[] nodeCounts;
        private int embeddingSize = 128;
        private int[] typeEmbeddingSizes;
        private Mode mode = Mode.SKIP_GRAM;
        private int negatives = 5;

        public Builder() {
            this.activationFn = new ActivationIdentity(); // outputs are logits or raw vectors
        }

        /** Node type names and the number of nodes of each (table rows), in the graph's type order. */
        public Builder nodeTypes(List<String> names, int[] counts) {
            this.nodeTypes = names;
            this.nodeCounts = counts;
            return this;
        }

        public Builder embeddingSize(int size) {
            this.embeddingSize = size;
            return this;
        }

        /**
         * Table width per node type (in type order); types whose width differs from the embedding size get a
         * projection to it. Null (default): every table has the embedding size.
         */
        public Builder typeEmbeddingSizes(int... sizes) {
            this.typeEmbeddingSizes = sizes;
            return this;
        }

        public Builder mode(Mode mode) {
            this.mode = mode;
            return this;
        }

        /** Negatives per pair (SKIP_GRAM mode): the input has 2 + k columns, the output 1 + k. */
        public Builder negatives(int k) {
            this.negatives = k;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public HeteroEmbeddingLayer build() {
            if (nodeTypes == null || nodeCounts == null || nodeTypes.isEmpty() || nodeTypes.size() != nodeCounts.length) {
                throw new IllegalArgumentException("nodeTypes: give one count per node type name");
            }
            for (int i = 0; i < nodeCounts.length; i++) {
                if (nodeCounts[i] < 0) {
                    throw new IllegalArgumentException("node count of type '" + nodeTypes.get(i) + "' is negative");
                }
            }
            if (embeddingSize < 1) {
                throw new IllegalArgumentException("embeddingSize must be >= 1, got " + embeddingSize);
            }
            if (typeEmbeddingSizes != null) {
                if (typeEmbeddingSizes.length != nodeCounts.length) {
                    throw new IllegalArgumentException("typeEmbeddingSizes: give one size per node type ("
                            + nodeCounts.length + "), got " + typeEmbeddingSizes.length);
                }
                for (int i = 0; i < typeEmbeddingSizes.length; i++) {
                    if (typeEmbeddingSizes[i] < 1) {
                        throw new IllegalArgumentException("embedding size of type '" + nodeTypes.get(i) + "' must be >= 1");
                    }
                }
            }
            if (mode == null) {
                throw new IllegalArgumentException("mode must be SKIP_GRAM or LOOKUP");
            }
            if (negatives < 0) {
                throw new IllegalArgumentException("negatives must be >= 0, got " + negatives);
            }
            return new HeteroEmbeddingLayer(this);
        }
    }
}
