package org.heteroembed.cli;

import org.heteroembed.graph.DuplicatePolicy;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.SelfLoopPolicy;
import org.heteroembed.graph.io.EdgeListFormat;
import org.heteroembed.graph.io.GraphLoader;
import org.heteroembed.graph.io.LoadOptions;
import org.heteroembed.graph.io.LoadReport;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;

/** How a subcommand reads its input graph: the same flags wherever a graph is read. */
public final class GraphInputOptions {
    @Parameters(index = "0", arity = "0..1", paramLabel = "INPUT",
            description = "Graph to read: an edge list (TSV/CSV, optionally .gz), a graph spec (.yaml, .yml, .json) "
                    + "or a binary snapshot (detected by content).")
    Path input;

    @Option(names = "--format", defaultValue = "typed", paramLabel = "typed|pairs",
            description = "Edge-list layout: 'typed' = src_type src_id dst_type dst_id [weight] [relation]; "
                    + "'pairs' = src_id dst_id [weight] with --src-type and --dst-type. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--delimiter", defaultValue = "tab", description = "tab, comma, space, semicolon, pipe or one character. Default: ${DEFAULT-VALUE}.")
    String delimiter;

    @Option(names = "--header", description = "The edge list's first line is a header.")
    boolean header;

    @Option(names = "--src-type", description = "Source node type (pairs format).")
    String srcType;

    @Option(names = "--dst-type", description = "Destination node type (pairs format).")
    String dstType;

    @Option(names = "--relation", description = "Relation name for every edge (default: the relation column, else src_type-dst_type).")
    String relation;

    @Option(names = "--directed", description = "Store edges from source to destination only (default: both directions).")
    boolean directed;

    @Option(names = "--weight-column", paramLabel = "N", description = "0-based weight column (-1: none). Default: 4 for typed, 2 for pairs, used when present.")
    Integer weightColumn;

    @Option(names = "--skip-bad-lines", description = "Skip and count malformed lines instead of stopping at the first.")
    boolean skipBadLines;

    @Option(names = "--duplicates", paramLabel = "keep|sum|first", description = "Repeated edges: keep all (default), sum their weights, or keep the first.")
    DuplicatePolicy duplicates;

    @Option(names = "--self-loops", paramLabel = "drop|keep", description = "Edges from a node to itself: drop (default) or keep.")
    SelfLoopPolicy selfLoops;

    private LoadReport report;

    /** The edge-list format these flags describe (validated). */
    EdgeListFormat edgeListFormat() {
        EdgeListFormat.Builder b = switch (format) {
            case "typed" -> EdgeListFormat.typed();
            case "pairs" -> {
                if (srcType == null || dstType == null) {
                    throw new IllegalArgumentException("--format pairs needs --src-type and --dst-type");
                }
                yield EdgeListFormat.pairs(srcType, dstType);
            }
            default -> throw new IllegalArgumentException("--format: '" + format + "' is not one of typed, pairs");
        };
        if ("typed".equals(format)) {
            if (srcType != null) {
                b.srcType(srcType);
            }
            if (dstType != null) {
                b.dstType(dstType);
            }
        }
        b.delimiter(EdgeListFormat.parseDelimiter(delimiter)).header(header).directed(directed);
        if (relation != null) {
            b.relation(relation);
        }
        if (weightColumn != null) {
            b.weightColumn(weightColumn);
        }
        return b.build();
    }

    /** Loads the graph with a progress bar over the input bytes. */
    HeteroGraph load() throws IOException {
        if (input == null) {
            throw new IllegalArgumentException("missing INPUT: the graph to read");
        }
        EdgeListFormat fmt = edgeListFormat();
        long total = GraphLoader.inputBytes(input);
        try (Progress progress = Progress.bytes("loading " + input.getFileName(), total)) {
            GraphLoader loader = new GraphLoader(LoadOptions.builder()
                    .skipBadLines(skipBadLines).duplicates(duplicates).selfLoops(selfLoops)
                    .progress(progress::step).build());
            HeteroGraph g = loader.load(input, fmt);
            report = loader.report();
            return g;
        }
    }

    /** Report of the last {@link #load()}. */
    LoadReport report() {
        return report;
    }
}
