package org.heteroembed.graph.io;

import org.heteroembed.graph.HeteroGraphBuilder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/**
 * Loads per-node labels or display names: {@code id<TAB>value} lines for one given node type (the DBLP
 * layout: {@code author_label.txt}, {@code id_author.txt}), or {@code type<TAB>id<TAB>value} lines when no
 * type is given. Run after the edges: a line whose node is in no edge is counted and ignored, since a node
 * without edges has no walk and no embedding.
 */
public final class NodeAttributeLoader {
    /** What the value column holds. */
    public enum Kind {
        LABEL, NAME
    }

    private final Kind kind;
    private final String nodeType; // null: type column first
    private final char delimiter;
    private final int headerLines;
    private final boolean skipBadLines;
    private final LongConsumer progress;

    /** @param progress receives file bytes as they are read; may be null */
    public NodeAttributeLoader(Kind kind, String nodeType, char delimiter, int headerLines, boolean skipBadLines,
                               LongConsumer progress) {
        this.progress = progress == null ? n -> { } : progress;
        this.kind = kind;
        this.nodeType = nodeType;
        this.delimiter = delimiter;
        this.headerLines = headerLines;
        this.skipBadLines = skipBadLines;
    }

    public void load(Path file, HeteroGraphBuilder builder, LoadReport report) throws IOException {
        report.fileRead();
        int expected = nodeType == null ? 3 : 2;
        int fixedType = -1;
        if (nodeType != null) {
            fixedType = builder.nodeTypes().indexOf(nodeType);
            if (fixedType < 0) {
                throw new GraphInputException(file, 0, "node type '" + nodeType + "' of this "
                        + kind.name().toLowerCase() + " file occurs in no edge (types: "
                        + String.join(", ", builder.nodeTypes()) + ")");
            }
        }
        try (DelimitedFileReader in = new DelimitedFileReader(file, delimiter, '"', headerLines, "#", progress, null)) {
            while (true) {
                String[] f;
                try {
                    f = in.next();
                    if (f == null) {
                        return;
                    }
                    report.lineRead();
                    if (f.length != expected) {
                        throw new GraphInputException(file, in.line(), "expected " + expected + " columns ("
                                + (nodeType == null ? "type, id, " : "id, ") + kind.name().toLowerCase() + "), found " + f.length);
                    }
                    int type = fixedType;
                    if (type < 0) {
                        String typeName = f[0];
                        type = builder.nodeTypes().indexOf(typeName);
                        if (type < 0) {
                            throw new GraphInputException(file, in.line(), "unknown node type "
                                    + GraphInputException.shown(typeName) + " (types in the edges: " + String.join(", ", builder.nodeTypes()) + ")");
                        }
                    }
                    String id = f[expected - 2];
                    String value = f[expected - 1];
                    if (id.isEmpty()) {
                        throw new GraphInputException(file, in.line(), "empty node id");
                    }
                    if (value.isEmpty() && kind == Kind.LABEL) {
                        throw new GraphInputException(file, in.line(), "empty label");
                    }
                    int local = builder.findNode(type, id);
                    if (local < 0) {
                        report.attributeForUnknownNode();
                        continue;
                    }
                    if (kind == Kind.LABEL) {
                        String previous = builder.label(type, local);
                        if (previous != null && !previous.equals(value)) {
                            long first = firstLineOf(file, builder, type, id, in.line());
                            throw new GraphInputException(file, in.line(), "node " + builder.nodeTypes().get(type) + ":"
                                    + id + " has a second label " + GraphInputException.shown(value) + "; "
                                    + (first > 0 ? "line " + first : "an earlier label file") + " gave it "
                                    + GraphInputException.shown(previous) + " (a node has one label)");
                        }
                        builder.setLabel(type, local, value);
                    } else {
                        builder.setName(type, local, value);
                    }
                    report.attributeSet();
                } catch (GraphInputException e) {
                    if (!skipBadLines) {
                        throw e;
                    }
                    report.badLine(e);
                }
            }
        }
    }

    /**
     * The first line of {@code file} before {@code before} that names node {@code id} of {@code type} (a second read,
     * on the error path only), or 0.
     */
    private long firstLineOf(Path file, HeteroGraphBuilder builder, int type, String id, long before) throws IOException {
        boolean typed = nodeType == null;
        try (DelimitedFileReader in = new DelimitedFileReader(file, delimiter, '"', headerLines, "#", n -> { }, null)) {
            String[] f;
            while ((f = in.next()) != null && in.line() < before) {
                int idColumn = typed ? 1 : 0;
                if (f.length > idColumn && f[idColumn].equals(id)
                        && (!typed || builder.nodeTypes().indexOf(f[0]) == type)) {
                    return in.line();
                }
            }
        } catch (GraphInputException ignored) {
            // a bad line before it: the message says "an earlier line" without the number
        }
        return 0;
    }
}
