package org.heteroembed.spark;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.heteroembed.nn.layers.HeteroEmbeddingLayerImpl;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;

/**
 * A DL4J listener that runs inside each Spark worker and records, per iteration, which component of a
 * two-component graph the worker's own batch came from and which components' vectors have moved from
 * their initial values in the worker's copy of the model. The graph's components have disjoint node types
 * and negatives are type-aware, so a worker's own gradients never touch the other component: if its rows
 * move in this JVM, the update came from the other worker, i.e. over Aeron. Lines go to
 * {@code <dir>/probe-<pid>.txt}: {@code pid iteration ownComponent movedComponent0 movedComponent1}.
 */
final class ForeignRowProbe extends BaseTrainingListener implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String dir;
    private final float[][] initial;   // the in- and out-tables at initialisation, [numNodes * d] each
    private final int firstNodeOfSecond; // global index of the second component's first node
    private final int secondTypeFrom;    // first node type of the second component

    ForeignRowProbe(Path dir, float[][] initial, int firstNodeOfSecond, int secondTypeFrom) {
        this.dir = dir.toAbsolutePath().toString();
        this.initial = initial;
        this.firstNodeOfSecond = firstNodeOfSecond;
        this.secondTypeFrom = secondTypeFrom;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        ComputationGraph net = (ComputationGraph) model;
        INDArray[] tables = HeteroEmbeddingLayerImpl.find(net, false).sharedSizeTables("probe");
        int d = (int) tables[0].size(1);
        boolean[] moved = new boolean[2];
        for (int side = 0; side < 2; side++) {
            float[] now = tables[side].dup('c').data().asFloat();
            for (int i = 0; i < now.length; i++) {
                if (now[i] != initial[side][i]) {
                    moved[i / d >= firstNodeOfSecond ? 1 : 0] = true;
                }
            }
        }
        INDArray[] inputs = net.getInputs();
        int own = inputs == null ? -1 : (inputs[0].getInt(0) >= secondTypeFrom ? 1 : 0);
        String line = ProcessHandle.current().pid() + " " + iteration + " " + own + " " + moved[0] + " " + moved[1] + "\n";
        try {
            Files.writeString(Paths.get(dir, "probe-" + ProcessHandle.current().pid() + ".txt"), line, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
