package org.heteroembed.cli;

import org.heteroembed.config.SettingsJson;
import org.heteroembed.inference.HeteroModelFile;
import org.heteroembed.inference.NodeIdTables;
import org.heteroembed.job.EmbeddingJob;
import org.heteroembed.tables.PartitionedModelDirectory;
import org.heteroembed.train.fast.TrainingProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code hetero-embed info MODEL}: the node types and counts of a model, where its training got to, and the job it
 * was trained with, as a job file that {@code train --config} takes back. For a partitioned model directory the types,
 * counts and progress come from its manifest (no ids or rows are read).
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Show a model's node types, training progress and the job it was trained with.",
                "The job is printed as YAML (or JSON with --json) that 'hetero-embed train --config FILE' runs again."})
final class InfoCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "Model file written by train or spark-train, or a partitioned model directory.")
    Path model;

    @Option(names = "--json", description = "Print the job as JSON instead of YAML.")
    boolean json;

    @Option(names = "--job-only", description = "Print only the job (to redirect into a job file).")
    boolean jobOnly;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        boolean directory = java.nio.file.Files.isDirectory(model);
        PartitionedModelDirectory.Manifest manifest = directory ? PartitionedModelDirectory.readManifest(model) : null;
        String jobJson = directory ? directoryJob() : HeteroModelFile.job(model);
        EmbeddingJob job = jobJson == null ? null : EmbeddingJob.fromJson(jobJson);
        if (!jobOnly) {
            List<String> typeNames;
            int[] counts;
            if (directory) {
                typeNames = manifest.types();
                counts = manifest.typeCounts();
            } else {
                NodeIdTables ids = HeteroModelFile.ids(model);
                typeNames = ids.types();
                counts = new int[typeNames.size()];
                for (int t = 0; t < counts.length; t++) {
                    counts[t] = ids.count(t);
                }
            }
            StringBuilder types = new StringBuilder();
            long nodes = 0;
            for (int t = 0; t < typeNames.size(); t++) {
                types.append(t == 0 ? "" : ", ").append(typeNames.get(t)).append(' ').append(String.format("%,d", counts[t]));
                nodes += counts[t];
            }
            out.printf("%s: %,d nodes of %d types (%s)%n", model, nodes, typeNames.size(), types);
            if (directory) {
                out.printf("partitioned model directory: dimension %d, %d partition(s) (%s), run %s, %s%n",
                        manifest.dimension(), manifest.parts(), manifest.partitioner(), Long.toHexString(manifest.runId()),
                        manifest.finished() ? "training finished" : "training unfinished (a checkpoint)");
            }
            TrainingProgress p = directory ? manifest.progress() : HeteroModelFile.progress(model);
            if (p != null) {
                boolean done = directory ? manifest.finished() : job != null && (job.training().maxPairs() > 0
                        ? p.pairs() >= job.training().maxPairs() : p.epoch() >= job.training().epochs());
                out.printf("trained %,d tokens, %,d pairs%s%n", p.tokens(), p.pairs(), job == null ? ""
                        : done ? " (complete)" : String.format(" (unfinished: epoch %d of %d; continue with train --resume)",
                        p.epoch() + 1, job.training().epochs()));
            }
        }
        if (job == null) {
            String settings = directory ? null : HeteroModelFile.runSettings(model);
            out.println("no job stored: " + model + (directory ? " has no " + PartitionedModelDirectory.JOB
                    : " was written before job files") + (settings == null ? "" : "; its run settings:\n" + settings));
        } else {
            if (!jobOnly) {
                out.println("job (train --config takes it):");
            }
            out.print(SettingsJson.write(job.toTree(), !json));
            if (json) {
                out.println();
            }
        }
        out.flush();
        return 0;
    }

    private String directoryJob() throws java.io.IOException {
        Path file = model.resolve(PartitionedModelDirectory.JOB);
        return java.nio.file.Files.isRegularFile(file) ? java.nio.file.Files.readString(file) : null;
    }
}
