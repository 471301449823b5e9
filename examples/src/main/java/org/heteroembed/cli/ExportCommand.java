package org.heteroembed.cli;

import org.heteroembed.inference.EmbeddingExport;
import org.heteroembed.inference.HeteroEmbeddings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code hetero-embed export}: a model's vectors for other tools, through {@link EmbeddingExport}: word2vec text
 * (gensim, DL4J's WordVectorSerializer) or the TensorFlow Embedding Projector's vectors.tsv + metadata.tsv. Every
 * file is written atomically (a temporary file renamed into place).
 *
 * <p>Rows are streamed a block at a time, so a partitioned model directory larger than memory exports in bounded
 * memory; with {@code --type} only the rows of those types are read.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a model's vectors as word2vec text or Embedding Projector TSV.",
                "word2vec: OUT is a file: a 'count dimension' line, then 'type:id v1 ... vd' per node (gensim, DL4J's WordVectorSerializer).",
                "tsv: OUT is a directory receiving vectors.tsv and metadata.tsv (type, id and, with --graph, label).",
                "Files are written atomically; an existing OUT is replaced only with --overwrite."})
final class ExportCommand implements Callable<Integer> {
    static final String VECTORS_TSV = "vectors.tsv";
    static final String METADATA_TSV = "metadata.tsv";

    @Parameters(index = "0", paramLabel = "MODEL", description = "Model file written by train (or spark-train, search), or a partitioned model directory.")
    Path model;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "OUT",
            description = "word2vec: the file to write; tsv: the directory to write vectors.tsv and metadata.tsv into.")
    Path out;

    @Option(names = "--overwrite", description = Outputs.OVERWRITE_HELP)
    boolean overwrite;

    @Option(names = "--format", defaultValue = "word2vec", paramLabel = "word2vec|tsv", description = "Output format. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--type", paramLabel = "TYPE", description = "Export only the nodes of this type; repeatable. Default: every type.")
    List<String> types = new ArrayList<>();

    @Mixin
    LabelOptions labels;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("word2vec") && !format.equals("tsv")) {
            throw new IllegalArgumentException("--format: '" + format + "' is not one of word2vec, tsv");
        }
        PrintWriter pw = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        Outputs.check(out, overwrite, model, labels.graph);
        HeteroEmbeddings e = ModelArgs.load(model, labels, err);
        for (String t : types) {
            ModelArgs.checkType(e, model, "--type", t);
        }
        Set<String> only = types.isEmpty() ? null : new LinkedHashSet<>(types);
        List<String> exported = only == null ? e.types() : e.types().stream().filter(only::contains).toList();
        long rows = exported.stream().mapToLong(e::numNodes).sum();
        if (format.equals("word2vec")) {
            if (labels.given()) {
                err.println("note: word2vec text has no place for labels; --graph is used by --format tsv only");
                err.flush();
            }
            EmbeddingExport.word2vec(e, out, exported);
            pw.printf("wrote %s: word2vec text, %,d vectors of dimension %d (%s)%n", out, rows, e.dimension(), String.join(", ", exported));
        } else {
            Map<String, String> byToken = labels.given() ? labels.tokenLabels(e, exported, err) : null;
            Files.createDirectories(out);
            Path vectors = out.resolve(VECTORS_TSV), metadata = out.resolve(METADATA_TSV);
            EmbeddingExport.projectorTsv(e, vectors, metadata, byToken, exported);
            pw.printf("wrote %s and %s: %,d vectors of dimension %d (%s), metadata columns type, id%s%n", vectors, metadata,
                    rows, e.dimension(), String.join(", ", exported), byToken == null ? "" : ", label");
            pw.printf("load them at https://projector.tensorflow.org (Load: vectors.tsv, then metadata.tsv)%n");
        }
        pw.flush();
        return 0;
    }
}
