package org.heteroembed.eval;

import org.heteroembed.graph.GraphFingerprint;
import org.heteroembed.graph.HeldOutLinks;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.inference.RunRecord;

import java.nio.file.Path;

/**
 * Checks that the graph and the held-out edges an evaluation is given belong to the model, against its
 * {@link RunRecord}: another graph over the same ids, or held-out edges the model trained on (a stale file of an
 * earlier run beside the model), would give metrics that look fine and are wrong.
 */
public final class ModelInputs {
    /** What a graph is to a model. */
    public enum GraphRole {
        /** The graph the model was trained on (held-out edges already taken out). */
        TRAINING,
        /** The graph before its held-out edges were taken out. */
        SOURCE,
        /** Not checked: the model has no record (an earlier version's), or another graph was allowed. */
        UNCHECKED
    }

    private ModelInputs() {
    }

    /**
     * @param graphName  how to name the graph in an error (its file)
     * @param allowOther use another graph anyway (UNCHECKED) instead of refusing it
     * @throws IllegalArgumentException when the graph is neither the model's training graph nor its source
     */
    public static GraphRole graphRole(RunRecord run, HeteroGraph graph, String graphName, Path model, boolean allowOther) {
        if (run == null) {
            return GraphRole.UNCHECKED;
        }
        String fp = GraphFingerprint.of(graph);
        if (fp.equals(run.graph())) {
            return GraphRole.TRAINING;
        }
        if (fp.equals(run.sourceGraph())) {
            return GraphRole.SOURCE;
        }
        if (allowOther) {
            return GraphRole.UNCHECKED;
        }
        throw new IllegalArgumentException(graphName + " is not the graph " + model + " was trained on (fingerprint "
                + fp + ", the model's graph " + run.graph() + "): give that graph (--graph), or --allow-other-graph to "
                + "use this one anyway");
    }

    /**
     * Refuses held-out edges the model trained on: with its training graph, any held-out edge that graph has; with
     * the graph before the split, a file other than the split the model recorded.
     *
     * @param file how to name the held-out edges in an error (their file)
     * @throws IllegalArgumentException naming the file, the count and the way out
     */
    public static void checkHeldOut(RunRecord run, GraphRole role, HeteroGraph graph, HeldOutLinks heldOut, String file,
                                    Path model) {
        switch (role) {
            case TRAINING -> {
                int seen = heldOut.countIn(graph);
                if (seen > 0) {
                    throw new IllegalArgumentException(String.format("%,d of the %,d held-out edges in %s are edges of "
                            + "the graph %s was trained on: the model has seen them and link prediction would be "
                            + "inflated. %s is from another split (left by an earlier run?): give this model's held-out "
                            + "edges (--heldout), or train with --holdout", seen, heldOut.size(), file, model, file));
                }
            }
            case SOURCE -> {
                if (run.heldOut() == null || !run.heldOut().equals(heldOut.fingerprint())) {
                    throw new IllegalArgumentException(file + " is not the held-out split " + model + " was trained "
                            + "without (" + (run.heldOut() == null ? "it held out no edges" : "fingerprint "
                            + heldOut.fingerprint() + ", the model's " + run.heldOut()) + "), and the graph given holds "
                            + "its edges: give the held-out edges train wrote beside the model, or its training graph "
                            + "(MODEL.train.heg) as --graph");
                }
            }
            case UNCHECKED -> {
                // nothing recorded to check against
            }
        }
    }
}
