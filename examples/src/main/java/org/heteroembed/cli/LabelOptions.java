package org.heteroembed.cli;

import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.NodeLabels;
import org.heteroembed.graph.io.GraphLoader;
import org.heteroembed.graph.io.LoadOptions;
import org.heteroembed.graph.io.NodeTokens;
import org.heteroembed.eval.ModelInputs;
import org.heteroembed.inference.HeteroEmbeddings;
import org.heteroembed.inference.RunRecord;
import org.heteroembed.job.JobRunner;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code --graph GRAPH}: where the commands that read a model (nearest, export, plot) find node labels. A model
 * file holds vectors and ids, not labels; the graph it was trained on (a spec with a {@code labels:} section, or a
 * snapshot of one) has them.
 */
final class LabelOptions {
    @Option(names = "--graph", paramLabel = "GRAPH",
            description = "The graph the model was trained on (a graph spec with labels, or its snapshot), read for node labels. "
                    + "Default: for eval and plot, MODEL.train.heg when train --holdout wrote it beside the model; "
                    + "otherwise no labels (eval then needs --graph).")
    Path graph;

    @Option(names = "--allow-other-graph", description = "Use --graph even when it is not the graph the model was "
            + "trained on (a model records its graph's fingerprint; another graph is refused by default).")
    boolean allowOtherGraph;

    private HeteroGraph loaded;
    /** The model the graph was checked against, and what it is to it (eval's plot step reuses the check). */
    private Path checkedModel;
    private ModelInputs.GraphRole checkedRole;

    /** Labels from a graph already in memory ({@code source} names it in messages), e.g. the one {@code eval} read. */
    static LabelOptions of(HeteroGraph graph, Path source) {
        LabelOptions o = new LabelOptions();
        o.graph = source;
        o.loaded = graph;
        return o;
    }

    /**
     * Labels from the training graph {@code train --holdout} wrote beside the model ({@code MODEL.train.heg}, read when
     * first needed), said on {@code err}; options without a graph (no labels) when there is none.
     */
    static LabelOptions trainingGraph(Path model, PrintWriter err) {
        LabelOptions o = new LabelOptions();
        Path beside = JobRunner.trainingGraphFile(model);
        if (Files.isRegularFile(beside)) {
            o.graph = beside;
            err.printf("labels: %s (the graph the model was trained on; --graph to use another)%n", beside);
            err.flush();
        }
        return o;
    }

    boolean given() {
        return graph != null;
    }

    /**
     * Loads the graph (when there is one) and checks it is the one {@code model} was trained on ({@code run}: its
     * record, or null for a model without one).
     *
     * @return what the graph is to the model, or null without a graph
     * @throws IllegalArgumentException for another graph, unless {@code --allow-other-graph}
     */
    ModelInputs.GraphRole checkAgainst(Path model, RunRecord run, PrintWriter err) throws IOException {
        HeteroGraph g = load();
        if (g == null) {
            return null;
        }
        if (model.equals(checkedModel)) {
            return checkedRole;
        }
        ModelInputs.GraphRole role = ModelInputs.graphRole(run, g, graph.toString(), model, allowOtherGraph);
        if (run == null) {
            err.printf("note: %s records no graph fingerprint (saved by an earlier version or another tool): %s is not "
                    + "checked against it%n", model, graph);
        } else if (role == ModelInputs.GraphRole.UNCHECKED) {
            err.printf("warning: %s is not the graph %s was trained on (--allow-other-graph)%n", graph, model);
        }
        err.flush();
        checkedModel = model;
        checkedRole = role;
        return role;
    }

    /** Whether {@link #checkAgainst} already ran for this model (its warnings were printed). */
    boolean checked(Path model) {
        return model.equals(checkedModel);
    }

    /** The graph, loaded once (spec or snapshot; an edge list loads too, but has no labels). */
    HeteroGraph load() throws IOException {
        if (loaded == null && graph != null) {
            try (Progress progress = Progress.bytes("loading " + graph.getFileName(), GraphLoader.inputBytes(graph))) {
                loaded = new GraphLoader(LoadOptions.builder().progress(progress::step).build()).load(graph, null);
            }
        }
        return loaded;
    }

    /**
     * The label of each node of {@code type} by id, or null without {@code --graph} or when the graph has no labels for
     * the type (said on {@code err}); warns when none of the model's ids of the type are in the graph.
     */
    Function<String, String> labelsOf(HeteroEmbeddings e, String type, PrintWriter err) throws IOException {
        HeteroGraph g = load();
        if (g == null) {
            return null;
        }
        int t = g.schema().nodeType(type);
        NodeLabels labels = t < 0 ? null : g.labels(t);
        if (labels == null) {
            err.printf("note: %s has no labels for type '%s'%n", graph, type);
            err.flush();
            return null;
        }
        int found = 0, probe = Math.min(e.numNodes(type), 1000);
        for (int i = 0; i < probe; i++) {
            found += g.node(t, e.id(type, i)) >= 0 ? 1 : 0;
        }
        if (probe > 0 && found == 0) {
            err.printf("warning: none of the first %d %s ids of the model are in %s: is it the graph the model was trained on?%n",
                    probe, type, graph);
            err.flush();
        }
        return id -> {
            int v = g.node(t, id);
            return v < 0 ? null : labels.labelName(g.localId(v));
        };
    }

    /** Labels by node token ({@code type:id}) for the given types of the model, for the projector's metadata; null without labels. */
    Map<String, String> tokenLabels(HeteroEmbeddings e, List<String> types, PrintWriter err) throws IOException {
        if (load() == null) {
            return null;
        }
        Map<String, String> byToken = new HashMap<>();
        boolean any = false;
        for (String type : types) {
            int t = loaded.schema().nodeType(type);
            if (t < 0 || loaded.labels(t) == null) {
                continue;
            }
            any = true;
            Function<String, String> labelOf = labelsOf(e, type, err);
            for (int i = 0; i < e.numNodes(type); i++) {
                String id = e.id(type, i), label = labelOf.apply(id);
                if (label != null) {
                    byToken.put(NodeTokens.token(type, id), label);
                }
            }
        }
        if (!any) {
            err.printf("note: %s has no node labels for %s; writing no label column%n", graph, String.join(", ", types));
            err.flush();
            return null;
        }
        return byToken;
    }
}
