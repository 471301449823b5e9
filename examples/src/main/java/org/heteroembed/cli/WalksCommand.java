package org.heteroembed.cli;

import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.walk.WalkConfig;
import org.heteroembed.walk.WalkCorpusWriter;
import org.heteroembed.walk.WalkGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.heteroembed.config.Setting;
import org.heteroembed.job.TrainingConfig;
import java.util.concurrent.Callable;

/** {@code hetero-embed walks}: write a random-walk corpus for word2vec-style tools. */
@Command(name = "walks", mixinStandardHelpOptions = true,
        description = {"Write random walks (uniform, metapath, node2vec) as a text corpus.",
                "One walk per line, tokens type:id. Training does not need this file; it streams walks directly."})
final class WalksCommand implements Callable<Integer>, JobCommand {

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "Corpus file (.gz to compress), written atomically.")
    Path out;

    @Option(names = "--overwrite", description = Outputs.OVERWRITE_HELP)
    boolean overwrite;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public List<Setting<?, ?, ?>> jobSettings() {
        List<Setting<?, ?, ?>> settings = new ArrayList<>(JobFlags.graphReading());
        settings.addAll(WalkConfig.SETTINGS.settings());
        settings.add(TrainingConfig.SEED);
        settings.add(TrainingConfig.THREADS);
        return settings;
    }

    @Override
    public boolean inputRequired() {
        return true;
    }

    @Override
    public Integer call() throws Exception {
        Outputs.check(out, overwrite, JobFlags.job(spec, null).graph().inputPath());
        WalkConfig config = JobFlags.job(spec, null).walks();
        HeteroGraph g = JobFlags.loadGraph(spec).graph();
        WalkGenerator gen = new WalkGenerator(g, config);
        long t0 = System.nanoTime();
        long n;
        try (Progress progress = Progress.items("walks", gen.numWalks(), "walks", 100_000)) {
            n = WalkCorpusWriter.write(gen, out, progress::step);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        var pw = spec.commandLine().getOut();
        pw.printf("wrote %,d walks (%,d steps) to %s in %.2f s (%,.0f steps/s)%n", n, gen.stats().steps(), out, s,
                gen.stats().steps() / s);
        for (int i = 0; i < gen.sources().size(); i++) {
            long early = gen.stats().endedEarly(i);
            if (early > 0) {
                pw.printf("  %,d walks from %s ended early: a node had no next step%n", early, gen.sources().get(i));
            }
        }
        pw.flush();
        return 0;
    }
}
