package org.heteroembed.inference;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.nn.layers.HeteroEmbeddingLayerImpl;
import org.heteroembed.tables.PartitionedModelDirectory;
import org.heteroembed.train.fast.FloatRows;
import org.heteroembed.train.fast.VectorMath;
import org.heteroembed.walk.SplitMix64;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Vectors for nodes a model has never seen (inductive), from their typed neighbours in the model, with the trained
 * tables left as they are:
 * <ul>
 *   <li>{@link Method#FOLD_IN}: the skip-gram objective on the new node's input row alone. Each neighbour {@code u}
 *       is a positive pair {@code in[new] . out[u]} (the pair training would have made when the new node is the context
 *       of its neighbour), with {@code negatives} negatives drawn uniformly among the model's nodes of {@code u}'s type;
 *       {@code epochs} passes of SGD at a linearly decaying rate, from the mean of the neighbours' input vectors. The
 *       model's input and output tables are read, never written.</li>
 *   <li>{@link Method#MEAN}: the mean of the neighbours' input vectors (the simple baseline).</li>
 * </ul>
 * A node none of whose neighbours the model has gets no vector: {@link Inferred#vector()} is null and the unknown
 * neighbours are listed, so a caller reports it per node. Deterministic for a seed and the neighbours' order.
 * Thread-safe: each call uses its own buffers.
 */
public final class NodeInference {
    /** How a vector is inferred. */
    public enum Method {
        /** A few SGD steps of the skip-gram objective on the new row only. */
        FOLD_IN,
        /** The mean of the neighbours' input vectors. */
        MEAN
    }

    /**
     * An inferred vector (null when no neighbour is in the model), how many neighbours were used, and the neighbours
     * the model does not have.
     */
    public record Inferred(float[] vector, int knownNeighbours, List<HeteroEmbeddings.Node> unknownNeighbours) {
    }

    private final NodeIdTables ids;
    private final FloatRows in, out;
    private final long[] offsets;
    private final int dim;
    private int epochs = 20;
    private int negatives = 5;
    private double learningRate = 0.025;
    private long seed = 1;

    private NodeInference(NodeIdTables ids, FloatRows in, FloatRows out) {
        this.ids = ids;
        this.in = in;
        this.out = out;
        this.dim = in.dim();
        this.offsets = new long[ids.types().size() + 1];
        for (int t = 0; t < ids.types().size(); t++) {
            offsets[t + 1] = offsets[t] + ids.count(t);
        }
    }

    /**
     * Opens a model's input and output tables in memory: a model file, or a partitioned directory (read partition by
     * partition into whole tables, which must fit in memory).
     *
     * @throws IOException naming a file that is missing or not a model
     */
    public static NodeInference load(Path model) throws IOException {
        if (Files.isDirectory(model)) {
            PartitionedModelDirectory.Manifest m = PartitionedModelDirectory.readManifest(model);
            INDArray inTable = Nd4j.create(DataType.FLOAT, m.numNodes(), m.dimension());
            INDArray outTable = Nd4j.create(DataType.FLOAT, m.numNodes(), m.dimension());
            FloatRows in = new FloatRows(inTable), out = new FloatRows(outTable);
            ModelConversion.readRows(model, m, v -> v, in, out);
            return new NodeInference(NodeIdTables.read(model, m.types(), m.typeCounts()), in, out);
        }
        ComputationGraph net = HeteroModelFile.network(model);
        INDArray[] tables = HeteroEmbeddingLayerImpl.find(net, false).sharedSizeTables("inferring new nodes' vectors");
        return new NodeInference(HeteroModelFile.ids(model), new FloatRows(tables[0].castTo(DataType.FLOAT).dup('c')),
                new FloatRows(tables[1].castTo(DataType.FLOAT).dup('c')));
    }

    /** Fold-in settings (defaults: 20 epochs, 5 negatives, rate 0.025 decaying linearly, seed 1). */
    public NodeInference foldIn(int epochs, int negatives, double learningRate, long seed) {
        if (epochs < 1 || negatives < 0 || !(learningRate > 0)) {
            throw new IllegalArgumentException("need epochs >= 1, negatives >= 0 and a positive rate, got " + epochs
                    + ", " + negatives + ", " + learningRate);
        }
        this.epochs = epochs;
        this.negatives = negatives;
        this.learningRate = learningRate;
        this.seed = seed;
        return this;
    }

    public int dimension() {
        return dim;
    }

    /** The model's node types. */
    public List<String> types() {
        return ids.types();
    }

    /**
     * The vector of a new node from its neighbours in the model (repeat a neighbour for a heavier edge).
     *
     * @throws IllegalArgumentException for a type the model does not have
     */
    public Inferred infer(String type, List<HeteroEmbeddings.Node> neighbours, Method method) {
        if (ids.types().indexOf(type) < 0) {
            throw new IllegalArgumentException("node type '" + type + "' is not in the model (" + ids.types() + ")");
        }
        List<HeteroEmbeddings.Node> unknown = new ArrayList<>();
        long[] rows = new long[neighbours.size()];
        int known = 0;
        for (HeteroEmbeddings.Node n : neighbours) {
            int t = ids.types().indexOf(n.type());
            int local = t < 0 ? -1 : ids.local(t, n.id());
            if (local < 0) {
                unknown.add(n);
            } else {
                rows[known++] = offsets[t] + local;
            }
        }
        if (known == 0) {
            return new Inferred(null, 0, unknown);
        }
        float[] v = new float[dim], row = new float[dim];
        for (int i = 0; i < known; i++) {
            in.read(rows[i], row);
            VectorMath.axpy(1f / known, row, v, dim);
        }
        if (method == Method.FOLD_IN) {
            foldIn(v, rows, known);
        }
        return new Inferred(v, known, unknown);
    }

    /** SGD on {@code v} alone: each neighbour a positive, uniform same-type negatives; the tables are only read. */
    private void foldIn(float[] v, long[] rows, int known) {
        long stream = seed;
        for (int i = 0; i < known; i++) {
            stream = SplitMix64.seedFor(stream, rows[i], i); // the neighbours decide the negatives' stream
        }
        SplitMix64 rng = new SplitMix64(stream);
        float[] target = new float[dim], grad = new float[dim];
        long steps = (long) epochs * known, step = 0;
        for (int e = 0; e < epochs; e++) {
            for (int i = 0; i < known; i++) {
                float lr = (float) Math.max(learningRate * 1e-4, learningRate * (1 - (double) step++ / steps));
                java.util.Arrays.fill(grad, 0f);
                long u = rows[i];
                int type = typeOf(u);
                for (int q = 0; q <= negatives; q++) {
                    long t = q == 0 ? u : offsets[type] + rng.nextLong(offsets[type + 1] - offsets[type]);
                    if (q > 0 && t == u) {
                        continue;
                    }
                    out.read(t, target);
                    float f = VectorMath.dot(v, target, dim);
                    double sigma = 1 / (1 + Math.exp(-Math.max(-6, Math.min(6, f))));
                    float g = (float) (((q == 0 ? 1 : 0) - sigma) * lr);
                    VectorMath.axpy(g, target, grad, dim);
                }
                VectorMath.axpy(1f, grad, v, dim);
            }
        }
    }

    /**
     * The neighbours of node {@code v} of a graph as typed ids (a repeated edge repeats), e.g. a new node's neighbours
     * in a graph that has it, to infer its vector from a model that does not.
     */
    public static List<HeteroEmbeddings.Node> neighbours(org.heteroembed.graph.HeteroGraph graph, int v) {
        List<HeteroEmbeddings.Node> out = new ArrayList<>();
        for (long i = graph.neighbourStart(v); i < graph.neighbourEnd(v); i++) {
            int w = graph.neighbour(i), t = graph.nodeType(w);
            out.add(new HeteroEmbeddings.Node(graph.schema().nodeTypes().get(t), graph.ids(t).get(graph.localId(w))));
        }
        return out;
    }

    private int typeOf(long row) {
        int t = 0;
        while (row >= offsets[t + 1]) {
            t++;
        }
        return t;
    }
}
