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
        description = {"Write a model's vectors as word2vec text or binary, Embedding Projector TSV, or NumPy.",
                "word2vec: OUT is a file: a 'count dimension' line, then 'type:id v1 ... vd' per node (gensim, DL4J's WordVectorSerializer).",
                "word2vec-binary: OUT is a file in word2vec.c's binary format (gensim binary=True; DL4J reads it too).",
                "tsv: OUT is a directory receiving vectors.tsv and metadata.tsv (type, id and, with --graph, label).",
                "npy: OUT is a directory receiving vectors.npy (float32 [n, d]) and ids.tsv (type, id per row).",
                "Files are written atomically; an existing OUT is replaced only with --overwrite."})
final class ExportCommand implements Callable<Integer> {
    static final String VECTORS_TSV = "vectors.tsv";
    static final String METADATA_TSV = "metadata.tsv";
    static final String VECTORS_NPY = "vectors.npy";
    static final String IDS_TSV = "ids.tsv";

    @Parameters(index = "0", paramLabel = "MODEL", description = "Model file written by train (or spark-train, search), or a partitioned model directory.")
    Path model;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "OUT",
            description = "word2vec, word2vec-binary: the file to write; tsv, npy: the directory to write into.")
    Path out;

    @Option(names = "--overwrite", description = Outputs.OVERWRITE_HELP)
    boolean overwrite;

    @Option(names = "--format", defaultValue = "word2vec", paramLabel = "word2vec|word2vec-binary|tsv|npy",
            description = "Output format. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--type", paramLabel = "TYPE", description = "Export only the nodes of this type; repeatable. Default: every type.")
    List<String> types = new ArrayList<>();

    @Mixin
    LabelOptions labels;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!List.of("word2vec", "word2vec-binary", "tsv", "npy").contains(format)) {
            throw new IllegalArgumentException("--format: '" + format + "' is not one of word2vec, word2vec-binary, tsv, "
                    + "npy");
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
        if (labels.given() && !format.equals("tsv")) {
            err.println("note: only --format tsv has a place for labels; --graph is not used");
            err.flush();
        }
        if (format.equals("word2vec") || format.equals("word2vec-binary")) {
            boolean binary = format.equals("word2vec-binary");
            if (binary) {
                EmbeddingExport.word2vecBinary(e, out, exported);
            } else {
                EmbeddingExport.word2vec(e, out, exported);
            }
            pw.printf("wrote %s: word2vec %s, %,d vectors of dimension %d (%s)%n", out, binary ? "binary" : "text", rows,
                    e.dimension(), String.join(", ", exported));
        } else if (format.equals("npy")) {
            Files.createDirectories(out);
            Path vectors = out.resolve(VECTORS_NPY), idsFile = out.resolve(IDS_TSV);
            EmbeddingExport.numpy(e, vectors, idsFile, exported);
            pw.printf("wrote %s (float32 [%,d, %d]) and %s (type, id of each row)%n", vectors, rows, e.dimension(), idsFile);
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
