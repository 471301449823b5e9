package org.heteroembed.job;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.inference.HeteroModelFile;
import org.heteroembed.inference.ModelConversion;
import org.heteroembed.inference.NodeIdTables;
import org.heteroembed.nn.HeteroEmbeddingModels;
import org.heteroembed.nn.layers.HeteroEmbeddingLayerImpl;
import org.heteroembed.tables.PartitionedModelDirectory;
import org.heteroembed.train.fast.FloatRows;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;

/**
 * A warm start ({@code training.initFrom}): the nodes of the training graph that a trained model has (same type name,
 * same external id) start from that model's input and output rows; the others keep the fresh rows they were given.
 * The old model may be a model file or a partitioned model directory (read one partition at a time); the new tables
 * may be a network's ({@link #apply}) or partition files ({@link PartitionedWarmStart}). With
 * {@code training.existingRate} below 1 (or {@code freezeExisting}) the old nodes' rows train at that fraction of the
 * rate: per-row rates, which the fast engine's arithmetic applies ({@link FloatRows#withRates}).
 */
final class WarmStart {
    /** Receives the old model's row of a node of the training graph. */
    @FunctionalInterface
    interface RowSink {
        void row(int node, float[] in, float[] out) throws IOException;
    }

    /**
     * What a warm start found: nodes kept from the model, new nodes, the per-row rates (null: all 1), and which nodes
     * the model has.
     */
    record Result(int kept, int fresh, float[] rowRates, boolean[] old) {
        /**
         * The nodes a warm start's walks start from ({@code training.walksFrom}), or null for all: the new nodes, or
         * the new nodes and their neighbours.
         */
        java.util.function.IntPredicate walkStarts(HeteroGraph graph, TrainingConfig.WalksFrom from) {
            if (from == TrainingConfig.WalksFrom.ALL) {
                return null;
            }
            boolean[] start = new boolean[old.length];
            for (int v = 0; v < old.length; v++) {
                if (!old[v]) {
                    start[v] = true;
                    if (from == TrainingConfig.WalksFrom.CHANGED) {
                        for (long i = graph.neighbourStart(v); i < graph.neighbourEnd(v); i++) {
                            start[graph.neighbour(i)] = true;
                        }
                    }
                }
            }
            return v -> start[v];
        }
    }

    private final Path from;
    private final PartitionedModelDirectory.Manifest manifest; // a directory's, or null
    private final INDArray[] oldTables;                        // a model file's, or null
    private final int[] oldToNew;                              // per old node (its global order): the graph's, or -1
    private final Result result;

    private WarmStart(Path from, PartitionedModelDirectory.Manifest manifest, INDArray[] oldTables, int[] oldToNew,
                      Result result) {
        this.from = from;
        this.manifest = manifest;
        this.oldTables = oldTables;
        this.oldToNew = oldToNew;
        this.result = result;
    }

    /**
     * Opens the model {@code training.initFrom} names and matches its nodes with the graph's.
     *
     * @throws IllegalArgumentException naming {@code --init-from} and the difference (missing model, node types,
     *                                  dimension), or {@code --freeze-existing}/{@code --walks-from} when the graph
     *                                  has no new node
     */
    static WarmStart open(EmbeddingJob job, HeteroGraph graph) throws IOException {
        TrainingConfig t = job.training();
        Path from = Path.of(t.initFrom());
        if (!Files.exists(from)) {
            throw TrainingConfig.INIT_FROM.invalid("names no model: " + from + " does not exist");
        }
        List<String> types = HeteroEmbeddingModels.nodeTypes(graph);
        PartitionedModelDirectory.Manifest m = null;
        INDArray[] oldTables = null;
        int[] oldToNew;
        if (PartitionedModelDirectory.isModelDirectory(from)) {
            m = PartitionedModelDirectory.readManifest(from);
            check(from, m.types(), m.dimension(), types, job.model().dimension());
            oldToNew = mapping(NodeIdTables.read(from, m.types(), m.typeCounts()), graph);
        } else {
            NodeIdTables ids;
            try {
                ComputationGraph old = HeteroModelFile.network(from);
                ids = HeteroModelFile.ids(from);
                oldTables = HeteroEmbeddingLayerImpl.find(old, false).sharedSizeTables("a warm start");
            } catch (IOException | RuntimeException e) {
                throw TrainingConfig.INIT_FROM.invalid("cannot read " + from + " as a model for a warm start: "
                        + e.getMessage());
            }
            check(from, ids.types(), (int) oldTables[0].size(1), types, job.model().dimension());
            oldToNew = mapping(ids, graph);
        }
        boolean[] old = new boolean[graph.numNodes()];
        int kept = 0;
        for (int w : oldToNew) {
            if (w >= 0 && !old[w]) {
                old[w] = true;
                kept++;
            }
        }
        int fresh = graph.numNodes() - kept;
        if ((t.freezeExisting() || t.walksFrom() != TrainingConfig.WalksFrom.ALL) && fresh == 0) {
            throw (t.freezeExisting() ? TrainingConfig.FREEZE_EXISTING : TrainingConfig.WALKS_FROM).invalid(
                    "leaves nothing to train: every node of the graph is in " + from);
        }
        float[] rates = null;
        if (t.oldRowRate() != 1) {
            rates = new float[graph.numNodes()];
            for (int v = 0; v < rates.length; v++) {
                rates[v] = old[v] ? (float) t.oldRowRate() : 1f;
            }
        }
        return new WarmStart(from, m, oldTables, oldToNew, new Result(kept, fresh, rates, old));
    }

    Result result() {
        return result;
    }

    /** Sends the old model's row of every node the graph still has to {@code sink} (a directory: partition by partition). */
    void copyRows(RowSink sink) throws IOException {
        if (manifest != null) {
            ModelConversion.readRows(from, manifest, (v, in, out) -> {
                if (oldToNew[v] >= 0) {
                    sink.row(oldToNew[v], in, out);
                }
            });
            return;
        }
        FloatRows oldIn = new FloatRows(oldTables[0]), oldOut = new FloatRows(oldTables[1]);
        float[] in = new float[oldIn.dim()], out = new float[oldIn.dim()];
        for (int v = 0; v < oldToNew.length; v++) {
            if (oldToNew[v] >= 0) {
                oldIn.read(v, in);
                oldOut.read(v, out);
                sink.row(oldToNew[v], in, out);
            }
        }
    }

    /**
     * A warm start of an in-memory run: matches the graph's nodes with the model's and, with {@code copyRows}, copies
     * their rows into {@code net} (a resume does not: its checkpoint holds the trained rows, it needs only the rates).
     */
    static Result apply(EmbeddingJob job, HeteroGraph graph, ComputationGraph net, boolean copyRows) throws IOException {
        WarmStart w = open(job, graph);
        if (copyRows) {
            INDArray[] tables = HeteroEmbeddingLayerImpl.find(net, false).sharedSizeTables("a warm start");
            FloatRows in = new FloatRows(tables[0]), out = new FloatRows(tables[1]);
            w.copyRows((node, inRow, outRow) -> {
                in.write(node, inRow);
                out.write(node, outRow);
            });
        }
        return w.result();
    }

    /** Same node types (as sets) and the same dimension, or an error naming the difference. */
    private static void check(Path from, List<String> oldTypes, int oldDim, List<String> types, int dim) {
        if (!new HashSet<>(oldTypes).equals(new HashSet<>(types))) {
            throw TrainingConfig.INIT_FROM.invalid(String.format("%s has node types %s, the graph %s: a warm start "
                    + "needs the same node types", from, oldTypes, types));
        }
        if (oldDim != dim) {
            throw TrainingConfig.INIT_FROM.invalid(String.format("%s has dimension %d, the job %d: a warm start keeps "
                    + "the dimension (--dimension %d)", from, oldDim, dim, oldDim));
        }
    }

    /** For every node of the old model (global order of its types), the graph's node with its type and id, or -1. */
    private static int[] mapping(NodeIdTables ids, HeteroGraph graph) {
        int n = 0;
        for (int t = 0; t < ids.types().size(); t++) {
            n += ids.count(t);
        }
        int[] map = new int[n];
        int v = 0;
        for (int t = 0; t < ids.types().size(); t++) {
            int type = graph.schema().nodeType(ids.types().get(t));
            for (int i = 0; i < ids.count(t); i++) {
                map[v++] = graph.node(type, ids.id(t, i));
            }
        }
        return map;
    }
}
