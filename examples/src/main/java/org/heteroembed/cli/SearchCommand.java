package org.heteroembed.cli;

import org.heteroembed.search.SearchResult;
import org.heteroembed.search.SearchRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code hetero-embed search CONFIG}: Arbiter random or grid search over embedding jobs (arbiter-configs), each
 * candidate run by the job runner; writes results.csv, the best model and a summary.
 */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Search the hyperparameters of an embedding job (Arbiter random or grid search).",
                "The config's `job` (a job as `train --config` takes) is trained with the settings of its `space` "
                        + "varied, each candidate by the job runner, scored by link prediction or node classification.",
                "Writes results.csv (one row per candidate), best-model.zip and summary.json. Ready-made configs: "
                        + "arbiter-configs/configs/."})
final class SearchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "Search config (YAML or JSON).")
    Path config;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Output directory (default: the config's `output`).")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter pw = spec.commandLine().getOut();
        Progress[] bar = {null};
        SearchResult result;
        try {
            result = SearchRunner.run(config, out, (candidate, finished, planned, best) -> {
                if (bar[0] == null) {
                    bar[0] = Progress.items("search", planned, "candidates", 1);
                }
                bar[0].step(1);
                if (best != null && best.score() != null) {
                    bar[0].message(String.format("best %.4f (#%d)", best.score(), best.index()));
                }
            });
        } finally { // once: a closed bar that is closed again draws itself again
            if (bar[0] != null) {
                bar[0].close();
            }
        }
        pw.println(result.summary());
        pw.flush();
        return 0;
    }
}
