package org.heteroembed.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code hetero-embed} launcher: one command, subcommands for each job. Thin by design: each
 * subcommand parses its arguments and calls the same Java API a user would.
 *
 * <p>Exit codes: 0 success, 1 unexpected failure, 2 bad command-line arguments (and a run refused because it cannot
 * fit in memory or on disk), 3 bad input data or an I/O problem (the message names the file, and the line where there
 * is one), 4 a run that failed: it diverged, had nothing to train, or ran out of memory (nothing is saved over the
 * output).
 */
@Command(name = "hetero-embed", mixinStandardHelpOptions = true, version = "hetero-embed 0.1.0-SNAPSHOT",
        description = "Node embeddings for large heterogeneous graphs (metapath2vec family) on Deeplearning4j.",
        subcommands = {GraphCommand.class, GenerateCommand.class, WalksCommand.class, TrainCommand.class, SparkTrainCommand.class, InfoCommand.class, ConvertCommand.class, SearchCommand.class, EvalCommand.class,
                NearestCommand.class, ExportCommand.class, EmbedCommand.class, PlotCommand.class, DemoCommand.class, BenchCommand.class,
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
            String oom = outOfMemory(ex);
            if (oom != null) {
                commandLine.getErr().println("error: " + oom);
                return org.heteroembed.job.TrainingFailedException.EXIT_CODE;
            }
            throw ex;
        });
        return cl;
    }

    public static void main(String[] args) {
        int exit;
        try {
            exit = commandLine().execute(args);
        } catch (Throwable t) { // picocli passes Errors through: an OutOfMemoryError, or ND4J failing to start without memory
            String oom = outOfMemory(t);
            if (oom == null) {
                throw t;
            }
            System.err.println("error: " + oom);
            exit = org.heteroembed.job.TrainingFailedException.EXIT_CODE;
        }
        System.exit(exit);
    }

    /**
     * One line for a failure whose cause is missing memory (anywhere in the cause chain: ND4J's backend reports a
     * heap too small to start as "probably missing dependencies"), naming the limit and the setting; null otherwise.
     */
    static String outOfMemory(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof OutOfMemoryError || c.getMessage() != null && (c.getMessage().contains("OutOfMemoryError")
                    || c.getMessage().contains("bad_alloc") || c.getMessage().contains("Cannot allocate"))) {
                return String.format("out of memory (%s; the JVM's heap limit is %s, its off-heap limit %s): give the "
                                + "JVM more (HETERO_EMBED_JAVA_OPTS=\"-Xmx8g -Dorg.bytedeco.javacpp.maxbytes=8g\"), or "
                                + "make the run smaller (--dimension, or --partitions with --memory for large tables)",
                        c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + firstLine(c.getMessage())),
                        org.heteroembed.config.ByteSize.format(Runtime.getRuntime().maxMemory()),
                        org.heteroembed.config.ByteSize.format(offHeapLimit()));
            }
        }
        return null;
    }

    private static long offHeapLimit() {
        try {
            return org.bytedeco.javacpp.Pointer.maxBytes();
        } catch (Throwable unavailable) { // JavaCPP itself may be what could not start
            return Runtime.getRuntime().maxMemory();
        }
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 160 ? line.substring(0, 160) + "..." : line;
    }
}
