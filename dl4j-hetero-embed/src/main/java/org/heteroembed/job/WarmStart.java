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
 * same external id) start from that model's input and output rows; the others keep the fresh rows the network was
 * initialised with. The old model may be a model file or a partitioned model directory (read one partition at a time).
 * With {@code training.existingRate} below 1 (or {@code freezeExisting}) the old nodes' rows train at that fraction of
 * the rate: the returned per-row rates, which the fast engine applies ({@link FloatRows#withRates}).
 */
final class WarmStart {
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

    private WarmStart() {
    }

    /**
     * Matches the graph's nodes with the model's and, with {@code copyRows}, copies their rows into {@code net}
     * (a resume does not: its checkpoint holds the trained rows, it needs only the rates).
     *
     * @throws IllegalArgumentException naming {@code --init-from} and the difference (node types, dimension), or
     *                                  {@code --freeze-existing} when the graph has no new node
     */
    static Result apply(EmbeddingJob job, HeteroGraph graph, ComputationGraph net, boolean copyRows) throws IOException {
        TrainingConfig t = job.training();
        Path from = Path.of(t.initFrom());
        if (!Files.exists(from)) {
            throw TrainingConfig.INIT_FROM.invalid("names no model: " + from + " does not exist");
        }
        INDArray[] tables = HeteroEmbeddingLayerImpl.find(net, false).sharedSizeTables("a warm start");
        FloatRows in = new FloatRows(tables[0]), out = new FloatRows(tables[1]);
        List<String> types = HeteroEmbeddingModels.nodeTypes(graph);
        int[] oldToNew; // per node of the old model (its global order), the graph's node, or -1
        if (PartitionedModelDirectory.isModelDirectory(from)) {
            PartitionedModelDirectory.Manifest m = PartitionedModelDirectory.readManifest(from);
            check(from, m.types(), m.dimension(), types, job.model().dimension());
            oldToNew = mapping(NodeIdTables.read(from, m.types(), m.typeCounts()), graph);
            if (copyRows) {
                int[] map = oldToNew;
                ModelConversion.readRows(from, m, v -> map[v], in, out);
            }
        } else {
            ComputationGraph old;
            NodeIdTables ids;
            try {
                old = HeteroModelFile.network(from);
                ids = HeteroModelFile.ids(from);
            } catch (IOException | RuntimeException e) {
                throw TrainingConfig.INIT_FROM.invalid("cannot read " + from + " as a model: " + e.getMessage());
            }
            INDArray[] oldTables;
            try {
                oldTables = HeteroEmbeddingLayerImpl.find(old, false).sharedSizeTables("a warm start");
            } catch (RuntimeException e) {
                throw TrainingConfig.INIT_FROM.invalid(from + ": " + e.getMessage());
            }
            check(from, ids.types(), (int) oldTables[0].size(1), types, job.model().dimension());
            oldToNew = mapping(ids, graph);
            if (copyRows) {
                FloatRows oldIn = new FloatRows(oldTables[0]), oldOut = new FloatRows(oldTables[1]);
                float[] row = new float[in.dim()];
                for (int v = 0; v < oldToNew.length; v++) {
                    if (oldToNew[v] >= 0) {
                        oldIn.read(v, row);
                        in.write(oldToNew[v], row);
                        oldOut.read(v, row);
                        out.write(oldToNew[v], row);
                    }
                }
            }
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
            if (!t.freezeExisting()) {
                throw TrainingConfig.WALKS_FROM.invalid("leaves no walk to start: every node of the graph is in " + from);
            }
            throw TrainingConfig.FREEZE_EXISTING.invalid("leaves nothing to train: every node of the graph is in " + from);
        }
        float[] rates = null;
        if (t.oldRowRate() != 1) {
            rates = new float[graph.numNodes()];
            for (int v = 0; v < rates.length; v++) {
                rates[v] = old[v] ? (float) t.oldRowRate() : 1f;
            }
        }
        return new Result(kept, fresh, rates, old);
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
