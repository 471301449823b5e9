package org.heteroembed.cli;

import org.heteroembed.eval.Clustering;
import org.heteroembed.eval.EvaluationReport;
import org.heteroembed.eval.LinkPrediction;
import org.heteroembed.eval.ModelInputs;
import org.heteroembed.eval.NodeClassification;
import org.heteroembed.eval.Similarity;
import org.heteroembed.graph.GraphSnapshot;
import org.heteroembed.graph.HeldOutLinks;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.NodeLabels;
import org.heteroembed.graph.io.AtomicFiles;
import org.heteroembed.job.JobRunner;
import org.heteroembed.inference.HeteroEmbeddings;
import org.heteroembed.inference.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code hetero-embed eval}: link prediction on held-out edges, node classification and clustering of a
 * trained model against the graph it was trained on; optionally JSON and plots.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a model: link prediction, node classification and clustering.",
                "Link prediction (AUC, MRR, Hits@10) on held-out edges; node classification (micro/macro-F1 by training "
                        + "ratio) and k-means clustering (NMI, purity) of labelled types.",
                "--graph is the graph the model was trained on (with its labels); after `train --holdout F` both --graph",
                "and --heldout default to the files train wrote next to the model (MODEL.train.heg, MODEL.heldout.tsv)."})
final class EvalCommand implements Callable<Integer> {
    @picocli.CommandLine.Parameters(index = "0", paramLabel = "MODEL", description = "Model file (train, spark-train, search) or partitioned model directory.")
    Path model;

    @Mixin
    LabelOptions graphOption;

    @Option(names = "--heldout", paramLabel = "FILE",
            description = "Held-out edges (src_type src_id dst_type dst_id lines, as `generate` and `train --holdout` write). "
                    + "Default: MODEL.heldout.tsv if it exists; without any, link prediction is skipped.")
    Path heldout;

    @Option(names = "--type", paramLabel = "TYPE", description = "Labelled node type to classify and cluster; repeatable. Default: every labelled type.")
    List<String> types = new ArrayList<>();

    @Option(names = "--negatives", paramLabel = "N", defaultValue = "50", description = "Negatives per held-out edge, of the target's type. Default: ${DEFAULT-VALUE}.")
    int negatives;

    @Option(names = "--similarity", defaultValue = "dot", paramLabel = "dot|cosine", description = "Edge score. dot "
            + "by default (nearest's default is cosine): a vector's length grows with its node's frequency and edges are "
            + "likelier at frequent nodes, so dot ranks held-out edges better (README, step 3). Default: ${DEFAULT-VALUE}.")
    String similarity;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "42", description = "Seed of negatives, splits and k-means. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--max-nodes", paramLabel = "N", defaultValue = "0", description = "Classify and cluster at most N "
            + "labelled nodes per type (a seeded sample; 0: all). For large graphs. Default: ${DEFAULT-VALUE}.")
    int maxNodes;

    @Option(names = "--ratios", paramLabel = "RATIO", split = ",", description = "Training ratios of node "
            + "classification, each in (0, 1). Default: 0.1,0.3,0.5,0.7,0.9.")
    List<Double> ratios = new ArrayList<>(NodeClassification.DEFAULT_RATIOS);

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "5", description = "Random stratified splits per "
            + "training ratio. Default: ${DEFAULT-VALUE}.")
    int repeats;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the reports as JSON, rewritten as each "
            + "section completes (an interrupted eval keeps the finished sections).")
    Path json;

    @Option(names = "--cold-start", description = "Evaluate only the graph's nodes the model lacks (held out whole by "
            + "train --hold-out-nodes): their vectors inferred from their edges (fold-in, mean) vs random vectors and, "
            + "with --compare, a model trained with them; node classification and link prediction of their edges.")
    boolean coldStart;

    @Option(names = "--compare", paramLabel = "MODEL", description = "With --cold-start: a model trained with the "
            + "cold-start nodes (e.g. retrained on the full graph), scored the same way.")
    Path compare;

    @Option(names = "--plots", paramLabel = "DIR", description = "Also write PNGs: a PCA projection per type coloured by label, and the loss curve.")
    Path plots;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;


    @Override
    public Integer call() throws Exception {
        if (negatives < 1) {
            throw new IllegalArgumentException("--negatives must be >= 1");
        }
        Similarity sim = switch (similarity.toLowerCase(Locale.ROOT)) {
            case "dot" -> Similarity.DOT;
            case "cosine" -> Similarity.COSINE;
            default -> throw new IllegalArgumentException("--similarity: expected dot or cosine, got '" + similarity + "'");
        };
        if (maxNodes < 0) {
            throw new IllegalArgumentException("--max-nodes must be >= 0 (0: all), got " + maxNodes);
        }
        if (repeats < 1) {
            throw new IllegalArgumentException("--repeats must be >= 1, got " + repeats);
        }
        for (double r : ratios) {
            if (!(r > 0 && r < 1)) {
                throw new IllegalArgumentException("--ratios: each ratio must be in (0, 1), got " + r);
            }
        }
        if (json != null) { // before any work: a report written nowhere after minutes of evaluation is lost
            org.heteroembed.graph.io.OutputPaths.requireNotInput(json, "--json", model, graphOption.graph, heldout);
            org.heteroembed.graph.io.OutputPaths.requireWritable(json);
        }
        PrintWriter pw = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        HeteroEmbeddings e = HeteroEmbeddings.load(model);
        for (String t : types) { // before any work: a typo costs nothing
            ModelArgs.checkType(e, model, "--type", t);
        }
        RunRecord run = ModelArgs.runRecord(model, err);
        if (!graphOption.given()) {
            if (!Files.isRegularFile(JobRunner.trainingGraphFile(model))) {
                throw new IllegalArgumentException("--graph: give the graph " + model + " was trained on (no "
                        + JobRunner.trainingGraphFile(model).getFileName() + " next to it)");
            }
            graphOption = LabelOptions.of(GraphSnapshot.load(JobRunner.trainingGraphFile(model)), JobRunner.trainingGraphFile(model));
        }
        HeteroGraph graph = graphOption.load();
        ModelInputs.GraphRole role = graphOption.checkAgainst(model, run, err);
        err.printf("graph: %s%s%n", graphOption.graph, switch (role) {
            case TRAINING -> " (the graph the model was trained on)";
            case SOURCE -> " (the graph the model was trained on, before its held-out edges were taken out)";
            case UNCHECKED -> "";
        });
        List<String> evalTypes = new ArrayList<>(types);
        if (evalTypes.isEmpty()) {
            for (String t : graph.schema().nodeTypes()) {
                NodeLabels l = graph.labels(graph.schema().nodeType(t));
                if (l != null && l.numClasses() > 1 && e.types().contains(t)) {
                    evalTypes.add(t);
                }
            }
        }
        for (String t : evalTypes) { // before the evaluations: a type without labels found last wastes the others
            int type = graph.schema().nodeType(t);
            NodeLabels l = type < 0 ? null : graph.labels(type);
            if (l == null || l.numClasses() < 2) {
                throw new IllegalArgumentException("--type: '" + t + "' has no labels (of at least 2 classes) in the graph");
            }
        }
        if (compare != null && !coldStart) {
            throw new IllegalArgumentException("--compare applies to --cold-start");
        }
        if (coldStart) {
            Sections out = new Sections(pw);
            org.heteroembed.inference.NodeInference inference = org.heteroembed.inference.NodeInference.load(model);
            HeteroEmbeddings retrained = compare == null ? null : HeteroEmbeddings.load(compare);
            for (String t : evalTypes) {
                err.printf("cold-start '%s' nodes: inferring their vectors (fold-in, mean)...%n", t);
                err.flush();
                out.add(new EvaluationReport(null, null, null, org.heteroembed.eval.ColdStart.evaluate(graph, t, e,
                        inference, retrained, sim, negatives, seed)));
            }
            out.finish();
            if (json != null) {
                pw.printf("wrote %s%n", json);
            }
            pw.flush();
            return 0;
        }
        Path links = heldout != null ? heldout : Files.isRegularFile(JobRunner.heldOutFile(model)) ? JobRunner.heldOutFile(model) : null;
        // Each section is printed, and the JSON rewritten, as soon as it is done: a long eval that is stopped
        // keeps what it finished, and the first figures show while the rest runs.
        Sections out = new Sections(pw);
        LinkPrediction.Result lp = null;
        if (links != null) {
            HeldOutLinks edges = HeldOutLinks.read(links, graph);
            // held-out edges the model trained on (a stale file of an earlier run) would inflate every metric
            ModelInputs.checkHeldOut(run, role, graph, edges, links.toString(), model);
            err.printf("held-out edges: %s (%,d edges%s)%n", links, edges.size(), switch (role) {
                case TRAINING -> ", none of them in the training graph";
                case SOURCE -> ", the split the model was trained without";
                case UNCHECKED -> "";
            });
            err.printf("link prediction: %,d held-out edges x up to %d negatives...%n", edges.size(), negatives);
            err.flush();
            lp = LinkPrediction.evaluate(graph, edges, e, sim, negatives, seed);
            out.add(new EvaluationReport(lp, null, null));
        } else {
            spec.commandLine().getErr().println("note: no held-out edges (--heldout): link prediction skipped");
        }
        for (String t : evalTypes) {
            NodeClassification nodes = NodeClassification.prepare(graph, t, maxNodes, seed);
            err.printf("node classification of '%s': %d ratios x %d splits...%n", t, ratios.size(), repeats);
            err.flush();
            NodeClassification.Result classified = nodes.evaluate(e, ratios, repeats, true, seed);
            out.add(new EvaluationReport(null, classified, null));
            err.printf("clustering of '%s' (k-means, %d restarts)...%n", t, Clustering.DEFAULT_RESTARTS);
            err.flush();
            out.add(new EvaluationReport(null, null, nodes.cluster(e, Clustering.DEFAULT_RESTARTS, seed)));
        }
        out.finish();
        if (json != null) {
            pw.printf("wrote %s%n", json);
        }
        if (plots != null) {
            writePlots(e, graph, evalTypes, pw);
        }
        pw.flush();
        return 0;
    }

    /**
     * The sections done so far: each is printed when added, and the JSON file (an array with one object per node
     * type evaluated, the first also holding link prediction) is rewritten, atomically, with all of them.
     */
    private final class Sections {
        private final PrintWriter pw;
        private final List<EvaluationReport> reports = new ArrayList<>();

        Sections(PrintWriter pw) {
            this.pw = pw;
        }

        void add(EvaluationReport section) throws IOException {
            if (!reports.isEmpty()) {
                pw.println();
            }
            pw.print(section.toText());
            pw.flush();
            EvaluationReport last = reports.isEmpty() ? null : reports.get(reports.size() - 1);
            if (section.linkPrediction() != null || last == null
                    || section.nodeClassification() != null && last.nodeClassification() != null) {
                reports.add(section);
            } else { // a type's classification joins the report of link prediction; its clustering joins its report
                reports.set(reports.size() - 1, new EvaluationReport(last.linkPrediction(),
                        section.nodeClassification() != null ? section.nodeClassification() : last.nodeClassification(),
                        section.clustering() != null ? section.clustering() : last.clustering()));
            }
            writeJson();
        }

        /** Writes the JSON file when nothing did (no held-out edges, no labelled type): an empty report. */
        void finish() throws IOException {
            if (reports.isEmpty()) {
                reports.add(new EvaluationReport(null, null, null));
                writeJson();
            }
        }

        private void writeJson() throws IOException {
            if (json != null) {
                StringBuilder all = new StringBuilder("[");
                for (int i = 0; i < reports.size(); i++) {
                    all.append(i == 0 ? "" : ",").append(reports.get(i).toJson());
                }
                String text = all.append("]\n").toString();
                AtomicFiles.writeText(json, w -> w.write(text));
            }
        }
    }

    private void writePlots(HeteroEmbeddings e, HeteroGraph graph, List<String> evalTypes, PrintWriter pw) throws IOException {
        // The plot command's own code, with the labels of the graph this command already read.
        List<String> args = new ArrayList<>(List.of(model.toString(), "--plots", plots.toString(), "--seed", Long.toString(seed)));
        for (String t : evalTypes.isEmpty() ? e.types() : evalTypes) {
            args.add("--type");
            args.add(t);
        }
        PlotCommand plot = new PlotCommand();
        plot.labels = graphOption;
        int exit = new picocli.CommandLine(plot).setOut(pw).setErr(spec.commandLine().getErr()).execute(args.toArray(new String[0]));
        if (exit != 0) {
            throw new IOException("writing plots to " + plots + " failed (exit " + exit + ")");
        }
    }
}
