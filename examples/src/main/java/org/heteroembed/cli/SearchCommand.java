package org.heteroembed.cli;

import org.heteroembed.search.SearchResult;
import org.heteroembed.search.SearchRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code hetero-embed search --config FILE}: Arbiter random or grid search over the whole embedding job
 * (arbiter-configs), writing results.csv, the best model and a summary.
 */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Hyperparameter search (Arbiter random or grid search) over walks, skip-gram and training settings,",
                "scored by link prediction or node classification. Writes results.csv (one row per candidate),",
                "best-model.zip and summary.json. Ready-made configs: arbiter-configs/configs/*.yaml."})
final class SearchCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "Search config (YAML or JSON).")
    Path config;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Output directory (default: the config's `output`).")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter pw = spec.commandLine().getOut();
        Progress[] bar = {null};
        try {
            SearchResult result = SearchRunner.run(config, out, (candidate, finished, planned, best) -> {
                if (bar[0] == null) {
                    bar[0] = Progress.items("search", planned, "candidates", 1);
                }
                bar[0].step(1);
                if (best != null && best.score() != null) {
                    bar[0].message(String.format("best %.4f (#%d)", best.score(), best.index()));
                }
            });
            if (bar[0] != null) {
                bar[0].close();
            }
            pw.println(result.summary());
        } finally {
            if (bar[0] != null) {
                bar[0].close();
            }
        }
        pw.flush();
        return 0;
    }
}
