package org.heteroembed.cli;

import org.heteroembed.config.SettingsJson;
import org.heteroembed.inference.HeteroModelFile;
import org.heteroembed.inference.NodeIdTables;
import org.heteroembed.job.EmbeddingJob;
import org.heteroembed.train.fast.TrainingProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code hetero-embed info MODEL}: the node types and counts of a model, where its training got to, and the job it
 * was trained with, as a job file that {@code train --config} takes back.
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Show a model's node types, training progress and the job it was trained with.",
                "The job is printed as YAML (or JSON with --json) that 'hetero-embed train --config FILE' runs again."})
final class InfoCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "Model file written by train or spark-train.")
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
        String jobJson = HeteroModelFile.job(model);
        EmbeddingJob job = jobJson == null ? null : EmbeddingJob.fromJson(jobJson);
        if (!jobOnly) {
            NodeIdTables ids = HeteroModelFile.ids(model);
            StringBuilder types = new StringBuilder();
            long nodes = 0;
            for (int t = 0; t < ids.types().size(); t++) {
                types.append(t == 0 ? "" : ", ").append(ids.types().get(t)).append(' ').append(String.format("%,d", ids.count(t)));
                nodes += ids.count(t);
            }
            out.printf("%s: %,d nodes of %d types (%s)%n", model, nodes, ids.types().size(), types);
            TrainingProgress p = HeteroModelFile.progress(model);
            if (p != null) {
                boolean done = job != null && (job.training().maxPairs() > 0 ? p.pairs() >= job.training().maxPairs()
                        : p.epoch() >= job.training().epochs());
                out.printf("trained %,d tokens, %,d pairs%s%n", p.tokens(), p.pairs(), job == null ? ""
                        : done ? " (complete)" : String.format(" (unfinished: epoch %d of %d; continue with train --resume)",
                        p.epoch() + 1, job.training().epochs()));
            }
        }
        if (job == null) {
            String settings = HeteroModelFile.runSettings(model);
            out.println("no job stored: " + model + " was written before job files"
                    + (settings == null ? "" : "; its run settings:\n" + settings));
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
}
