package org.heteroembed.cli;

import org.heteroembed.graph.GraphSnapshot;
import org.heteroembed.graph.generate.PlantedGraph;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
import org.heteroembed.graph.generate.PlantedGraphWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code hetero-embed generate}: a synthetic user-article-topic graph with planted communities. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Generate a user-article-topic graph with planted communities.",
                "Writes edges.tsv, labels.tsv (ground-truth communities), heldout.tsv (held-out clicks for link "
                        + "prediction) and graph.yaml (a spec that reads them back)."})
final class GenerateCommand implements Callable<Integer> {
    @Mixin
    PlantedGraphOptions planted;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Directory to write.")
    Path out;

    @Option(names = "--snapshot", description = "Also write a binary snapshot, graph.heg.")
    boolean snapshot;

    @Option(names = "--overwrite", description = "Write into DIR even when it holds files (generated ones are replaced).")
    boolean overwrite;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var config = planted.config();
        var pw = spec.commandLine().getOut();
        Outputs.check(out, overwrite);
        long t0 = System.nanoTime();
        PlantedGraph pg = PlantedGraphGenerator.generate(config);
        long t1 = System.nanoTime();
        PlantedGraphWriter.write(pg, out);
        long t2 = System.nanoTime();
        pw.printf("generated %s in %.2f s; wrote %s in %.2f s%n", pg.graph(), (t1 - t0) / 1e9, out, (t2 - t1) / 1e9);
        if (snapshot) {
            GraphSnapshot.save(pg.graph(), out.resolve("graph.heg"));
            pw.printf("wrote %s%n", out.resolve("graph.heg"));
        }
        pw.flush();
        return 0;
    }
}
