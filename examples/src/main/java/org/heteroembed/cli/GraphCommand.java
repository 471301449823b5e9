package org.heteroembed.cli;

import org.heteroembed.graph.GraphSnapshot;
import org.heteroembed.graph.GraphStats;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.io.GraphInput;
import org.heteroembed.graph.io.LoadReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code hetero-embed graph stats|snapshot}: inspect a graph, or convert it to a binary snapshot. */
@Command(name = "graph", mixinStandardHelpOptions = true, description = "Inspect or convert a graph.",
        subcommands = {GraphCommand.Stats.class, GraphCommand.Snapshot.class})
final class GraphCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand: stats or snapshot");
    }

    /** A subcommand that reads one graph file (INPUT and the flags that say how to read it). */
    interface GraphReading extends JobCommand {
        @Override
        default java.util.List<org.heteroembed.config.Setting<?, ?, ?>> jobSettings() {
            return JobFlags.graphReading();
        }

        @Override
        default boolean inputRequired() {
            return true;
        }
    }

    /** Loads the graph a subcommand names and prints how the load went. */
    static HeteroGraph loadAndPrint(picocli.CommandLine.Model.CommandSpec spec, java.io.PrintWriter out) throws java.io.IOException {
        long t0 = System.nanoTime();
        GraphInput.Loaded loaded = JobFlags.loadGraph(spec);
        printLoad(out, JobFlags.job(spec, null).graph().inputPath(), loaded.graph(), loaded.report(), System.nanoTime() - t0);
        return loaded.graph();
    }

    static void printLoad(java.io.PrintWriter out, Path input, HeteroGraph g, LoadReport report, long nanos) {
        double s = nanos / 1e9;
        if (report != null && report.lines() > 0) {
            out.printf("loaded %s in %.2f s: %s (%,.0f edges/s)%n", input, s, report, report.edges() / s);
        } else {
            out.printf("mapped snapshot %s in %.3f s%n", input, s);
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = "Print a graph's nodes per type, edges per relation, degrees (min/median/max) and memory.")
    static final class Stats implements Callable<Integer>, GraphReading {

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            var out = spec.commandLine().getOut();
            HeteroGraph g = loadAndPrint(spec, out);
            out.print(GraphStats.of(g).format());
            out.flush();
            return 0;
        }
    }

    @Command(name = "snapshot", mixinStandardHelpOptions = true,
            description = {"Write a binary snapshot of a graph.", "Later commands memory-map it instead of parsing text."})
    static final class Snapshot implements Callable<Integer>, GraphReading {

        @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "Snapshot file to write (written atomically).")
        Path out;

        @Option(names = "--overwrite", description = Outputs.OVERWRITE_HELP)
        boolean overwrite;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            var pw = spec.commandLine().getOut();
            Outputs.check(out, overwrite, JobFlags.job(spec, null).graph().inputPath());
            HeteroGraph g = loadAndPrint(spec, pw);
            long t1 = System.nanoTime();
            GraphSnapshot.save(g, out);
            long t2 = System.nanoTime();
            pw.printf("wrote %s (%,d bytes) in %.2f s: %s%n", out, Files.size(out), (t2 - t1) / 1e9, g);
            pw.flush();
            return 0;
        }
    }
}
