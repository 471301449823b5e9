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
 * <p>Initialisation as word2vec: input vectors uniform in {@code [-0.5/d, 0.5/d)}, output vectors zero.
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

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        HeteroEmbeddingLayer l = (HeteroEmbeddingLayer) layer;
        return 2 * l.totalNodes() * l.getEmbeddingSize();
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
        return key.startsWith("in") || key.startsWith("out");
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
            double bound = 0.5 / l.getEmbeddingSize();
            INDArray in = allInputVectors(l, paramsView);
            if (in.length() > 0) {
                // in place: no temporary as large as the table
                Nd4j.getExecutioner().exec(new UniformDistribution(in, -bound, bound), Nd4j.getRandom());
            }
            INDArray out = allOutputVectors(l, paramsView);
            if (out.length() > 0) {
                out.assign(0);
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
        int d = l.getEmbeddingSize();
        long n = l.totalNodes();
        INDArray row = flat.reshape(flat.length());
        for (int side = 0; side < 2; side++) {
            long base = side * n * d;
            for (int t = 0; t < l.getNodeCounts().length; t++) {
                long start = base + l.rowOffset(t) * d;
                long len = (long) l.getNodeCounts()[t] * d;
                INDArray v = len == 0 ? Nd4j.create(flat.dataType(), 0, d)
                        : row.get(NDArrayIndex.interval(start, start + len)).reshape('c', l.getNodeCounts()[t], d);
                views.put(side == 0 ? inKey(t) : outKey(t), v);
            }
        }
        return views;
    }

    /** All input vectors, {@code [all nodes, d]}: a view of the parameters (or of the gradients). */
    public static INDArray allInputVectors(HeteroEmbeddingLayer l, INDArray flat) {
        long n = l.totalNodes();
        int d = l.getEmbeddingSize();
        return flat.reshape(flat.length()).get(NDArrayIndex.interval(0, n * d)).reshape('c', n, d);
    }

    /** All output vectors, {@code [all nodes, d]}. */
    public static INDArray allOutputVectors(HeteroEmbeddingLayer l, INDArray flat) {
        long n = l.totalNodes();
        int d = l.getEmbeddingSize();
        return flat.reshape(flat.length()).get(NDArrayIndex.interval(n * d, 2 * n * d)).reshape('c', n, d);
    }
}
