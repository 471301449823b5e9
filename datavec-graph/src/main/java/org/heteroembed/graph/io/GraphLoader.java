package org.heteroembed.graph.io;

import org.heteroembed.graph.DuplicatePolicy;
import org.heteroembed.graph.GraphSnapshot;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.HeteroGraphBuilder;
import org.heteroembed.graph.SelfLoopPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one entry point for reading a graph, whatever it is stored as: a binary snapshot (recognised by its
 * magic bytes, memory-mapped), a graph spec ({@code .yaml}, {@code .yml}, {@code .json}) or a single edge
 * list. Used alike by the CLI, tests, benchmarks and training code.
 */
public final class GraphLoader {
    private static final Logger log = LoggerFactory.getLogger(GraphLoader.class);

    private final LoadOptions options;
    private LoadReport report = new LoadReport();

    public GraphLoader(LoadOptions options) {
        this.options = options;
    }

    public GraphLoader() {
        this(LoadOptions.defaults());
    }

    /** Report of the last text load (empty after a snapshot load). */
    public LoadReport report() {
        return report;
    }

    /**
     * Loads a snapshot, a spec or an edge list (with {@code edgeListFormat}, which may be null for a snapshot
     * or spec).
     */
    public HeteroGraph load(Path input, EdgeListFormat edgeListFormat) throws IOException {
        if (!Files.exists(input)) {
            throw new GraphInputException(input, 0, "file not found");
        }
        if (GraphSnapshot.isSnapshot(input)) {
            report = new LoadReport();
            return GraphSnapshot.load(input);
        }
        if (GraphSpec.isSpecFile(input)) {
            return loadSpec(input);
        }
        return loadEdgeList(input, edgeListFormat != null ? edgeListFormat : EdgeListFormat.typed().build());
    }

    /** Total size of the text files a load of {@code input} reads (0 for a snapshot), for progress bars. */
    public static long inputBytes(Path input) throws IOException {
        if (!Files.exists(input) || GraphSnapshot.isSnapshot(input)) {
            return 0;
        }
        if (!GraphSpec.isSpecFile(input)) {
            return Files.size(input);
        }
        GraphSpec spec = GraphSpec.read(input);
        long total = 0;
        for (Path p : specFiles(input, spec)) {
            total += Files.exists(p) ? Files.size(p) : 0;
        }
        return total;
    }

    private static List<Path> specFiles(Path specFile, GraphSpec spec) {
        Path dir = specFile.toAbsolutePath().getParent();
        List<Path> files = new ArrayList<>();
        spec.edges.forEach(e -> files.add(dir.resolve(e.file)));
        if (spec.labels != null) {
            spec.labels.forEach(l -> files.add(dir.resolve(l.file)));
        }
        if (spec.names != null) {
            spec.names.forEach(n -> files.add(dir.resolve(n.file)));
        }
        return files;
    }

    public HeteroGraph loadEdgeList(Path file, EdgeListFormat format) throws IOException {
        report = new LoadReport();
        HeteroGraphBuilder builder = newBuilder(DuplicatePolicy.KEEP, SelfLoopPolicy.DROP);
        new EdgeListLoader(format, options.skipBadLines(), options.progress()).load(file, builder, report);
        return finish(builder, file);
    }

    public HeteroGraph loadSpec(Path specFile) throws IOException {
        report = new LoadReport();
        GraphSpec spec = GraphSpec.read(specFile);
        HeteroGraphBuilder builder = newBuilder(spec.duplicatePolicy(specFile), spec.selfLoopPolicy(specFile));
        if (spec.nodeTypes != null) {
            builder.fixNodeTypes(spec.nodeTypes.toArray(new String[0]));
        }
        Path dir = specFile.toAbsolutePath().getParent();
        for (int i = 0; i < spec.edges.size(); i++) {
            EdgeListFormat format = spec.edgeFormat(specFile, i);
            new EdgeListLoader(format, options.skipBadLines(), options.progress())
                    .load(dir.resolve(spec.edges.get(i).file), builder, report);
        }
        if (report.edges() == 0) {
            throw new GraphInputException(specFile, 0, "no edges found in its edge files");
        }
        loadNodeFiles(spec.labels, NodeAttributeLoader.Kind.LABEL, dir, builder);
        loadNodeFiles(spec.names, NodeAttributeLoader.Kind.NAME, dir, builder);
        return finish(builder, specFile);
    }

    private void loadNodeFiles(List<GraphSpec.NodeFile> files, NodeAttributeLoader.Kind kind, Path dir,
                               HeteroGraphBuilder builder) throws IOException {
        if (files == null) {
            return;
        }
        for (GraphSpec.NodeFile f : files) {
            new NodeAttributeLoader(kind, f.type, EdgeListFormat.parseDelimiter(f.delimiter), f.header ? 1 : 0,
                    options.skipBadLines(), options.progress(), GraphSpec.valueColumn(kind, f),
                    GraphSpec.labelNameColumn(kind, f)).load(dir.resolve(f.file), builder, report);
        }
    }

    private HeteroGraphBuilder newBuilder(DuplicatePolicy specDuplicates, SelfLoopPolicy specSelfLoops) {
        return HeteroGraph.builder()
                .duplicates(options.duplicates() != null ? options.duplicates() : specDuplicates)
                .selfLoops(options.selfLoops() != null ? options.selfLoops() : specSelfLoops);
    }

    private HeteroGraph finish(HeteroGraphBuilder builder, Path source) throws IOException {
        if (report.edges() == 0) {
            throw new GraphInputException(source, 0, "no edges found (" + report + ")");
        }
        if (report.badLines() > 0) {
            log.warn("{}: skipped {} bad lines; first: {}", source, report.badLines(), report.badLineExamples());
        }
        long t0 = System.nanoTime();
        HeteroGraph g = builder.build();
        log.debug("{}: {}; built the CSR graph in {} ms", source, report, (System.nanoTime() - t0) / 1_000_000);
        return g;
    }
}
