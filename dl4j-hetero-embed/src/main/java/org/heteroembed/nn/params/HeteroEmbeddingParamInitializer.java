package org.heteroembed.nn.params;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.heteroembed.nn.conf.HeteroEmbeddingLayer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.UniformDistribution;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameters of {@link HeteroEmbeddingLayer}: {@code in0..in<T-1>} then {@code out0..out<T-1>} (no underscore:
 * DL4J splits gradient keys at the last one), each a
 * row-major {@code [nodes of type t, embeddingSize]} view of the flattened parameters. Because the in-tables
 * are consecutive, together they are one {@code [all nodes, embeddingSize]} matrix whose row {@code r} is global
 * row r of {@code TypeRoutingVertex}; the same for the out-tables.
 *
 * <p>With per-type sizes, type t's tables are {@code [n_t, d_t]} and the projections {@code proj<t>}
 * ({@code [d_t, d]}, only for types whose size differs from the shared d) follow the output tables; the
 * all-nodes matrix views then do not exist.
 *
 * <p>Initialisation as word2vec: input vectors uniform in {@code [-0.5/d_t, 0.5/d_t)}, output vectors zero;
 * projections uniform in {@code [-1/sqrt(d_t), 1/sqrt(d_t))}.
 */
public final class HeteroEmbeddingParamInitializer implements ParamInitializer {
    private static final HeteroEmbeddingParamInitializer INSTANCE = new HeteroEmbeddingParamInitializer();

    public static HeteroEmbeddingParamInitializer getInstance() {
        return INSTANCE;
    }

    public static String inKey(int type) {
        return "in" + type;
    }

    public static String outKey(int type) {
        return "out" + type;
    }

    public static String projectionKey(int type) {
        return "proj" + type;
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        HeteroEmbeddingLayer l = (HeteroEmbeddingLayer) layer;
        long n = 0;
        for (int t = 0; t < l.getNodeCounts().length; t++) {
            n += 2L * l.getNodeCounts()[t] * l.typeSize(t);
            if (l.hasProjection(t)) {
                n += (long) l.typeSize(t) * l.getEmbeddingSize();
            }
        }
        return n;
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        HeteroEmbeddingLayer l = (HeteroEmbeddingLayer) layer;
        List<String> keys = new ArrayList<>();
        for (int t = 0; t < l.getNodeCounts().length; t++) {
            keys.add(inKey(t));
        }
        for (int t = 0; t < l.getNodeCounts().length; t++) {
            keys.add(outKey(t));
        }
        for (int t = 0; t < l.getNodeCounts().length; t++) {
            if (l.hasProjection(t)) {
                keys.add(projectionKey(t));
            }
        }
        return keys;
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return paramKeys(layer);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return Collections.emptyList();
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return key.startsWith("in") || key.startsWith("out") || key.startsWith("proj");
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return false;
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        HeteroEmbeddingLayer l = (HeteroEmbeddingLayer) conf.getLayer();
        Map<String, INDArray> views = views(l, paramsView);
        if (initializeParams) {
            for (int t = 0; t < l.getNodeCounts().length; t++) {
                INDArray in = views.get(inKey(t));
                if (in.length() > 0) {
                    double bound = 0.5 / l.typeSize(t);
                    // in place: no temporary as large as the table
                    Nd4j.getExecutioner().exec(new UniformDistribution(in, -bound, bound), Nd4j.getRandom());
                }
                views.get(outKey(t)).assign(0);
                if (l.hasProjection(t)) {
                    double bound = 1 / Math.sqrt(l.typeSize(t));
                    Nd4j.getExecutioner().exec(new UniformDistribution(views.get(projectionKey(t)), -bound, bound), Nd4j.getRandom());
                }
            }
        }
        for (String key : views.keySet()) { // DL4J's bookkeeping of parameter names, as its initializers do
            if (!conf.getVariables().contains(key)) {
                conf.addVariable(key);
            }
        }
        return views;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return views((HeteroEmbeddingLayer) conf.getLayer(), gradientView);
    }

    private static Map<String, INDArray> views(HeteroEmbeddingLayer l, INDArray flat) {
        Map<String, INDArray> views = new LinkedHashMap<>();
        INDArray row = flat.reshape(flat.length());
        long pos = 0;
        for (int side = 0; side < 2; side++) {
            for (int t = 0; t < l.getNodeCounts().length; t++) {
                int d = l.typeSize(t);
                long len = (long) l.getNodeCounts()[t] * d;
                INDArray v = len == 0 ? Nd4j.create(flat.dataType(), 0, d)
                        : row.get(NDArrayIndex.interval(pos, pos + len)).reshape('c', l.getNodeCounts()[t], d);
                views.put(side == 0 ? inKey(t) : outKey(t), v);
                pos += len;
            }
        }
        for (int t = 0; t < l.getNodeCounts().length; t++) {
            if (l.hasProjection(t)) {
                long len = (long) l.typeSize(t) * l.getEmbeddingSize();
                views.put(projectionKey(t), row.get(NDArrayIndex.interval(pos, pos + len)).reshape('c', l.typeSize(t), l.getEmbeddingSize()));
                pos += len;
            }
        }
        return views;
    }

    /** One table or projection of a layer, as a view of the parameters (or gradients). */
    public static INDArray view(HeteroEmbeddingLayer l, INDArray flat, String key) {
        INDArray v = views(l, flat).get(key);
        if (v == null) {
            throw new IllegalArgumentException("no parameter " + key);
        }
        return v;
    }

    /**
     * All input vectors, {@code [all nodes, d]}: a view of the parameters (or of the gradients). Only when every
     * type has the shared size.
     */
    public static INDArray allInputVectors(HeteroEmbeddingLayer l, INDArray flat) {
        requireUniform(l);
        long n = l.totalNodes();
        int d = l.getEmbeddingSize();
        return flat.reshape(flat.length()).get(NDArrayIndex.interval(0, n * d)).reshape('c', n, d);
    }

    /** All output vectors, {@code [all nodes, d]}. */
    public static INDArray allOutputVectors(HeteroEmbeddingLayer l, INDArray flat) {
        requireUniform(l);
        long n = l.totalNodes();
        int d = l.getEmbeddingSize();
        return flat.reshape(flat.length()).get(NDArrayIndex.interval(n * d, 2 * n * d)).reshape('c', n, d);
    }

    private static void requireUniform(HeteroEmbeddingLayer l) {
        if (l.hasProjections()) {
            throw new IllegalStateException("the tables have per-type sizes: there is no single [all nodes, d] matrix");
        }
    }
}
