package org.heteroembed.cli;

import org.heteroembed.graph.io.AtomicFiles;
import org.heteroembed.graph.io.NodeTokens;
import org.heteroembed.inference.EmbeddingExport;
import org.heteroembed.inference.HeteroEmbeddings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code hetero-embed export}: a model's vectors for other tools, through {@link EmbeddingExport}: word2vec text
 * (gensim, DL4J's WordVectorSerializer) or the TensorFlow Embedding Projector's vectors.tsv + metadata.tsv. Every
 * file is written atomically (a temporary file renamed into place).
 *
 * <p>{@code EmbeddingExport} writes all node types; with {@code --type} the full export goes to a temporary
 * directory next to the output and only the rows of those types are copied into the final files.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a model's vectors as word2vec text or Embedding Projector TSV.",
                "word2vec: OUT is a file: a 'count dimension' line, then 'type:id v1 ... vd' per node (gensim, DL4J's WordVectorSerializer).",
                "tsv: OUT is a directory receiving vectors.tsv and metadata.tsv (type, id and, with --graph, label).",
                "Files are written atomically and replace existing ones."})
final class ExportCommand implements Callable<Integer> {
    static final String VECTORS_TSV = "vectors.tsv";
    static final String METADATA_TSV = "metadata.tsv";

    @Parameters(index = "0", paramLabel = "MODEL", description = "Model file written by train (or spark-train, search).")
    Path model;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "OUT",
            description = "word2vec: the file to write; tsv: the directory to write vectors.tsv and metadata.tsv into.")
    Path out;

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
        HeteroEmbeddings e = HeteroEmbeddings.load(model);
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
            if (only == null) {
                EmbeddingExport.word2vec(e, out);
            } else {
                withScratch(scratch -> {
                    Path all = scratch.resolve("all.txt");
                    EmbeddingExport.word2vec(e, all);
                    keepWord2vecTypes(all, out, only, rows);
                });
            }
            pw.printf("wrote %s: word2vec text, %,d vectors of dimension %d (%s)%n", out, rows, e.dimension(), String.join(", ", exported));
        } else {
            Map<String, String> byToken = labels.given() ? labels.tokenLabels(e, exported, err) : null;
            Files.createDirectories(out);
            Path vectors = out.resolve(VECTORS_TSV), metadata = out.resolve(METADATA_TSV);
            if (only == null) {
                EmbeddingExport.projectorTsv(e, vectors, metadata, byToken);
            } else {
                withScratch(scratch -> {
                    Path v = scratch.resolve(VECTORS_TSV), m = scratch.resolve(METADATA_TSV);
                    EmbeddingExport.projectorTsv(e, v, m, byToken);
                    keepTsvTypes(v, m, vectors, metadata, only);
                });
            }
            pw.printf("wrote %s and %s: %,d vectors of dimension %d (%s), metadata columns type, id%s%n", vectors, metadata,
                    rows, e.dimension(), String.join(", ", exported), byToken == null ? "" : ", label");
            pw.printf("load them at https://projector.tensorflow.org (Load: vectors.tsv, then metadata.tsv)%n");
        }
        pw.flush();
        return 0;
    }

    private interface ScratchJob {
        void run(Path scratch) throws IOException;
    }

    /** A temporary directory next to the output (same file system), removed afterwards. */
    private void withScratch(ScratchJob job) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path scratch = Files.createTempDirectory(parent, ".hetero-embed-export-");
        try {
            job.run(scratch);
        } finally {
            try (Stream<Path> files = Files.walk(scratch)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Copies the lines of nodes of the given types from a word2vec file, with a header counting them. */
    static void keepWord2vecTypes(Path all, Path target, Set<String> types, long rows) throws IOException {
        AtomicFiles.writeText(target, w -> {
            try (BufferedReader in = Files.newBufferedReader(all, StandardCharsets.UTF_8)) {
                String header = in.readLine();
                w.write(rows + " " + header.substring(header.indexOf(' ') + 1) + "\n");
                long kept = 0;
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    String token = line.substring(0, line.indexOf(' '));
                    if (types.contains(NodeTokens.parse(token)[0])) {
                        w.write(line);
                        w.write('\n');
                        kept++;
                    }
                }
                if (kept != rows) {
                    throw new IOException("export of " + target + ": expected " + rows + " vectors of types " + types + ", found " + kept);
                }
            }
        });
    }

    /** Copies the rows of nodes of the given types from projector TSV files (metadata header kept). */
    static void keepTsvTypes(Path vectorsIn, Path metadataIn, Path vectorsOut, Path metadataOut, Set<String> types) throws IOException {
        Set<String> tsvTypes = new LinkedHashSet<>();
        types.forEach(t -> tsvTypes.add(t.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ')));
        // Which rows to keep, from the metadata; then the two files in turn.
        BitSet keep = new BitSet();
        AtomicFiles.writeText(metadataOut, w -> {
            try (BufferedReader in = Files.newBufferedReader(metadataIn, StandardCharsets.UTF_8)) {
                w.write(in.readLine() + "\n");
                int row = 0;
                for (String line = in.readLine(); line != null; line = in.readLine(), row++) {
                    if (tsvTypes.contains(line.substring(0, line.indexOf('\t')))) {
                        keep.set(row);
                        w.write(line);
                        w.write('\n');
                    }
                }
            }
        });
        AtomicFiles.writeText(vectorsOut, w -> {
            try (BufferedReader in = Files.newBufferedReader(vectorsIn, StandardCharsets.UTF_8)) {
                int row = 0;
                for (String line = in.readLine(); line != null; line = in.readLine(), row++) {
                    if (keep.get(row)) {
                        w.write(line);
                        w.write('\n');
                    }
                }
            }
        });
    }
}
