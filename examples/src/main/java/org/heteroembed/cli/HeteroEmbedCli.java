package org.heteroembed.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code hetero-embed} launcher: one command, subcommands for each job. Thin by design: each
 * subcommand parses its arguments and calls the same Java API a user would.
 *
 * <p>Exit codes: 0 success, 1 unexpected failure, 2 bad command-line arguments (and a run refused because it cannot
 * fit in memory or on disk), 3 bad input data or an I/O problem (the message names the file, and the line where there
 * is one), 4 a training run that failed: it diverged, or had nothing to train (nothing is saved over the output).
 */
@Command(name = "hetero-embed", mixinStandardHelpOptions = true, version = "hetero-embed 0.1.0-SNAPSHOT",
        description = "Node embeddings for large heterogeneous graphs (metapath2vec family) on Deeplearning4j.",
        subcommands = {GraphCommand.class, GenerateCommand.class, WalksCommand.class, TrainCommand.class, SparkTrainCommand.class, InfoCommand.class, ConvertCommand.class, SearchCommand.class, EvalCommand.class,
                NearestCommand.class, ExportCommand.class, PlotCommand.class, DemoCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class HeteroEmbedCli implements Runnable {
    public static final int EXIT_INPUT_ERROR = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }

    /** The configured command line (shared by main and tests). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new HeteroEmbedCli());
        JobFlags.install(cl);
        // A wrong flag gets one line and a pointer to --help, not the whole (long) help text.
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("error: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, c.getErr());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
            return CommandLine.ExitCode.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof java.io.IOException) { // bad input files, unreadable or unwritable paths
                commandLine.getErr().println("error: " + ex.getMessage());
                return EXIT_INPUT_ERROR;
            }
            if (ex instanceof org.heteroembed.job.TrainingFailedException) { // diverged, or nothing to train
                commandLine.getErr().println("error: " + ex.getMessage());
                return org.heteroembed.job.TrainingFailedException.EXIT_CODE;
            }
            if (ex instanceof org.heteroembed.job.RunTooLargeException) { // its one line names the way out: no --help
                commandLine.getErr().println("error: " + ex.getMessage());
                return CommandLine.ExitCode.USAGE;
            }
            if (ex instanceof IllegalArgumentException) {
                commandLine.getErr().println("error: " + ex.getMessage());
                commandLine.getErr().println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help'.");
                return CommandLine.ExitCode.USAGE;
            }
            throw ex;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
