package org.heteroembed.cli;

import org.heteroembed.graph.GraphSnapshot;
import org.heteroembed.graph.GraphStats;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.NodeLabels;
import org.heteroembed.graph.generate.PlantedGraph;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
import org.heteroembed.graph.generate.PlantedGraphWriter;
import org.heteroembed.graph.io.AtomicFiles;
import org.heteroembed.graph.io.GraphInput;
import org.heteroembed.graph.io.GraphLoader;
import org.heteroembed.graph.io.LoadOptions;
import org.heteroembed.inference.EmbeddingExport;
import org.heteroembed.inference.EmbeddingQuality;
import org.heteroembed.inference.HeteroEmbeddings;
import org.heteroembed.job.EmbeddingJob;
import org.heteroembed.job.JobRunner;
import org.heteroembed.job.TrainedModel;
import org.heteroembed.job.TrainingConfig;
import org.heteroembed.sampling.PairChunk;
import org.heteroembed.sampling.SkipGramConfig;
import org.heteroembed.sampling.SkipGramPairGenerator;
import org.heteroembed.walk.OrderedPipeline;
import org.heteroembed.walk.WalkChunk;
import org.heteroembed.walk.WalkConfig;
import org.heteroembed.walk.WalkGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code hetero-embed demo}: the README's main job. Generates a planted-community graph, reads it back
 * through the DataVec ingestion path, prints its statistics, round-trips it through a binary snapshot, and
 * turns metapath walks into skip-gram pairs, trains the embedding model on the walks with the fast engine, and
 * queries and exports the vectors. (Evaluation and plots join as their issues land.)
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the whole pipeline on a generated demo graph.",
                "Generates a graph with planted communities, loads it through DataVec, prints statistics, snapshots it "
                        + "and maps the snapshot, walks it, trains embeddings, queries and exports them, evaluates "
                        + "them and draws plots."})
final class DemoCommand implements Callable<Integer> {
    @Mixin
    PlantedGraphOptions planted;

    @Option(names = {"-o", "--out"}, defaultValue = "demo-output", paramLabel = "DIR",
            description = "Working directory for the demo files. Default: ${DEFAULT-VALUE}.")
    Path out;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /**
     * Step 5: the embedding job (written to job.yaml, so the user can change it and run it with train --config) run
     * by the job runner with the fast engine; then query and export the vectors.
     */
    private void train(java.io.PrintWriter pw, HeteroGraph g, Path snapshot, String metapath) throws Exception {
        EmbeddingJob job = EmbeddingJob.builder()
                .graph(GraphInput.builder().input(snapshot).build())
                .walks(WalkConfig.builder().metapaths(metapath).walksPerNode(5).walkLength(40).build())
                .training(TrainingConfig.builder().seed(planted.seed).checkpointMinutes(0).build())
                .build();
        Path jobFile = out.resolve("job.yaml");
        AtomicFiles.writeText(jobFile, w -> w.write(job.toYaml()));
        Path model = out.resolve("model.zip");
        TrainedModel m = JobRunner.builder(job).graph(g).output(model).build().run();
        HeteroEmbeddings e = HeteroEmbeddings.load(model);
        pw.printf("== 5. trained %d-dimensional embeddings with the fast engine: %,d tokens, %,d pairs in %.1f s (%,.0f tokens/s);"
                + " saved %s%n", job.model().dimension(), m.progress().tokens(), m.progress().pairs(), m.seconds(),
                m.tokensPerSecond(), model);
        pw.printf("   %s (step 6 draws it: plots/loss.png)%n", TrainCommand.lossCurveLine(model, m));
        pw.printf("   the job is in %s: change it and run it with hetero-embed train --config %s -o MODEL%n", jobFile, jobFile);
        int user = g.schema().nodeType(PlantedGraph.USER);
        NodeLabels labels = g.labels(user);
        String someUser = g.ids(user).get(0);
        pw.printf("   nearest users to %s (community %s):%n", someUser, labels.labelName(0));
        for (HeteroEmbeddings.Neighbour n : e.nearest(PlantedGraph.USER, someUser, 5, PlantedGraph.USER)) {
            pw.printf("     %-8s community %-4s cosine %.3f%n", n.id(), labels.labelName(g.localId(g.node(user, n.id()))), n.similarity());
        }
        int sample = Math.min(500, g.numNodes(user));
        pw.printf("   %.1f%% of the 10 nearest users of %d users share their planted community (chance %.1f%%)%n",
                100 * EmbeddingQuality.neighbourPurity(e, g, PlantedGraph.USER, 10, sample), sample, 100.0 / labels.numClasses());
        EmbeddingExport.word2vec(e, out.resolve("vectors.txt"));
        EmbeddingExport.projectorTsv(e, out.resolve("vectors.tsv"), out.resolve("metadata.tsv"), null);
        pw.printf("   exported %s (word2vec text) and %s + %s (embedding projector)%n", out.resolve("vectors.txt"),
                out.resolve("vectors.tsv"), out.resolve("metadata.tsv"));
    }

    /** Step 6: the eval command on the held-out clicks and the user labels, with plots. */
    private void evaluate(java.io.PrintWriter pw, Path snapshot) {
        Path plots = out.resolve("plots");
        pw.printf("== 6. evaluate: bin/hetero-embed eval %s --graph %s --heldout %s --type user --plots %s%n",
                out.resolve("model.zip"), snapshot, out.resolve("heldout.tsv"), plots);
        pw.flush();
        int exit = new picocli.CommandLine(new EvalCommand()).setOut(pw).setErr(spec.commandLine().getErr())
                .execute(out.resolve("model.zip").toString(), "--graph", snapshot.toString(), "--heldout",
                        out.resolve("heldout.tsv").toString(), "--type", "user", "--plots", plots.toString());
        if (exit != 0) {
            throw new IllegalStateException("evaluation failed (exit " + exit + ")");
        }
    }

    @Override
    public Integer call() throws Exception {
        var pw = spec.commandLine().getOut();
        var config = planted.config();
        pw.printf("== 1. generate: %s%n", config);
        PlantedGraph pg = PlantedGraphGenerator.generate(config);
        PlantedGraphWriter.write(pg, out);
        pw.printf("   wrote %s/{%s,%s,%s,%s}%n", out, PlantedGraphWriter.EDGES, PlantedGraphWriter.LABELS,
                PlantedGraphWriter.HELDOUT, PlantedGraphWriter.SPEC);

        Path specFile = out.resolve(PlantedGraphWriter.SPEC);
        pw.printf("== 2. load %s through DataVec%n", specFile);
        pw.flush();
        long t0 = System.nanoTime();
        HeteroGraph g;
        GraphLoader loader;
        try (Progress progress = Progress.bytes("loading", GraphLoader.inputBytes(specFile))) {
            loader = new GraphLoader(LoadOptions.builder().progress(progress::step).build());
            g = loader.loadSpec(specFile);
        }
        long t1 = System.nanoTime();
        pw.printf("   %s in %.2f s (%,.0f edges/s)%n", loader.report(), (t1 - t0) / 1e9, loader.report().edges() / ((t1 - t0) / 1e9));
        pw.print(GraphStats.of(g).format().replaceAll("(?m)^", "   "));

        Path snap = out.resolve("graph.heg");
        GraphSnapshot.save(g, snap);
        long t2 = System.nanoTime();
        HeteroGraph mapped = GraphSnapshot.load(snap);
        long t3 = System.nanoTime();
        pw.printf("== 3. snapshot %s: %,d bytes, mapped back in %.3f s (%s)%n", snap, Files.size(snap), (t3 - t2) / 1e9, mapped);
        if (mapped.numEdges() != g.numEdges() || mapped.numNodes() != g.numNodes()) {
            throw new IllegalStateException("snapshot round trip changed the graph: " + g + " vs " + mapped);
        }
        int u = mapped.node(PlantedGraph.USER, PlantedGraph.userId(0));
        pw.printf("   user %s (community %s) has %d article neighbours, e.g. %s%n", PlantedGraph.userId(0),
                mapped.labels(mapped.nodeType(u)).labelName(0), mapped.degree(u),
                mapped.degree(u) > 0 ? mapped.nodeId(mapped.neighbour(mapped.neighbourStart(u))) : "-");

        String metapath = "user-article-topic-article-user";
        WalkGenerator walks = new WalkGenerator(mapped, WalkConfig.builder().metapaths(metapath)
                .walksPerNode(5).walkLength(40).seed(planted.seed).build());
        long t4 = System.nanoTime();
        SkipGramPairGenerator pairs = SkipGramPairGenerator.forWalks(walks, SkipGramConfig.builder().build());
        long pairCount = 0;
        try (OrderedPipeline<PairChunk> stream = pairs.start(walks)) {
            for (PairChunk c = stream.next(); c != null; c = stream.next()) {
                pairCount += c.size();
            }
        }
        long t5 = System.nanoTime();
        pw.printf("== 4. metapath walks %s on the snapshot: %s (two passes: node counts, then pairs) and %,d skip-gram"
                + " pairs with 5 negatives each in %.2f s%n", metapath, walks.stats(), pairCount, (t5 - t4) / 1e9);
        try (OrderedPipeline<WalkChunk> stream = walks.start()) {
            WalkChunk c = stream.next();
            StringBuilder sb = new StringBuilder();
            for (int s = 0; s < Math.min(9, c.length(0)); s++) {
                int v = c.node(0, s);
                sb.append(s > 0 ? " " : "").append(mapped.schema().nodeTypeName(mapped.nodeType(v))).append(':').append(mapped.nodeId(v));
            }
            pw.printf("   a walk: %s ...%n", sb);
        }
        train(pw, mapped, snap, metapath);
        evaluate(pw, snap);
        pw.printf("Next: bin/hetero-embed graph stats %s   (or --help for every command)%n", snap);
        pw.flush();
        return 0;
    }
}
