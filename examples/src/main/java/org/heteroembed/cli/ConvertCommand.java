package org.heteroembed.cli;

import org.heteroembed.inference.ModelConversion;
import org.heteroembed.tables.PartitionedModelDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code hetero-embed convert}: between the two model forms, through {@link ModelConversion}. A partitioned model
 * directory becomes the single-file DL4J model (the interchange format) when its tables fit in memory; a model file
 * becomes a directory of {@code --partitions} hash partitions. The output is written under a temporary name and
 * renamed into place; an existing output is replaced only with {@code --overwrite}, and a directory only if it is a
 * model directory.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        customSynopsis = "hetero-embed convert MODEL -o OUT [--partitions P [--seed SEED]] [--overwrite]",
        description = {"Convert a model between its two forms.",
                "A partitioned model directory (train --partitions) becomes a single-file DL4J model (a ComputationGraph "
                        + "zip with the node ids) when its tables fit in memory; refused with the sizes otherwise.",
                "A model file becomes a partitioned model directory with --partitions P (nodes hashed into P partitions)."})
final class ConvertCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "Model file or partitioned model directory.")
    Path model;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "OUT",
            description = "The model file (from a directory) or model directory (from a file, with --partitions) to write.")
    Path out;

    @Option(names = "--partitions", paramLabel = "P", description = "Model file to directory: the number of partitions (1 to 64).")
    Integer partitions;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "SEED",
            description = "Seed of the hash that assigns nodes to partitions. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--overwrite", description = "Replace an existing OUT instead of refusing.")
    boolean overwrite;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter pw = spec.commandLine().getOut();
        boolean fromDirectory = Files.isDirectory(model);
        if (!fromDirectory && !Files.isRegularFile(model)) {
            throw new java.io.IOException("model not found: " + model);
        }
        if (fromDirectory && partitions != null) {
            throw new IllegalArgumentException("--partitions: " + model + " is partitioned already; without --partitions "
                    + "convert writes it as a single-file model");
        }
        if (!fromDirectory && partitions == null) {
            throw new IllegalArgumentException("--partitions: give the number of partitions to split " + model + " into");
        }
        if (partitions != null && (partitions < 1 || partitions > 64)) {
            throw new IllegalArgumentException("--partitions must be in [1, 64], got " + partitions);
        }
        if (Files.exists(out) && out.toAbsolutePath().normalize().equals(model.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("-o: " + out + " is the model being converted");
        }
        if (Files.exists(out)) {
            if (!overwrite) {
                throw new IllegalArgumentException(out + " exists: --overwrite replaces it");
            }
            if (Files.isDirectory(out) && !PartitionedModelDirectory.isModelDirectory(out)) {
                throw new IllegalArgumentException("-o: " + out + " is a directory but not a model directory: not replaced");
            }
            if (Files.isDirectory(out) == fromDirectory) {
                throw new IllegalArgumentException("-o: " + out + " is a " + (fromDirectory ? "directory" : "file")
                        + "; converting " + model + " writes a " + (fromDirectory ? "model file" : "model directory"));
            }
        }
        org.heteroembed.graph.io.OutputPaths.requireWritable(out);
        if (fromDirectory) {
            ModelConversion.Summary s = ModelConversion.toModelFile(model, out);
            pw.printf("wrote %s: single-file model of %,d nodes x %d (from %d partitions)%n", out, s.nodes(), s.dimension(), s.parts());
        } else {
            ModelConversion.Summary s = ModelConversion.toDirectory(model, out, partitions, seed);
            pw.printf("wrote %s: model directory of %,d nodes x %d in %d partitions%n", out, s.nodes(), s.dimension(), s.parts());
        }
        pw.flush();
        return 0;
    }
}
