package org.heteroembed.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options of the commands that run a job and write a model (train, spark-train): picocli mixin. */
final class JobRunOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "Job file (YAML or JSON); flags override its settings.")
    Path config;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "MODEL", description = "Model file to write (a model directory with --partitions).")
    Path out;

    @Option(names = "--overwrite", description = "Replace an existing --out instead of refusing.")
    boolean overwrite;
}
