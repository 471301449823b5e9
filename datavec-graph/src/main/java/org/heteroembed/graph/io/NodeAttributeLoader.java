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
 *
 * <p>By default a line has exactly those columns. Files with more (the DBLP four-area {@code author_label.txt} as
 * distributed: {@code id<TAB>label<TAB>name}) name their columns, 0-based like an edge file's: the value's column
 * ({@code labelColumn} or {@code nameColumn} in a spec) and, in a label file, a name column too, whose values become
 * the nodes' display names as a {@code names:} file would give them; other columns are ignored.
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
    private final Integer valueColumn; // null: the column after the id, and no other columns
    private final Integer nameColumn;  // label files only: a display-name column, or null

    /** @param progress receives file bytes as they are read; may be null */
    public NodeAttributeLoader(Kind kind, String nodeType, char delimiter, int headerLines, boolean skipBadLines,
                               LongConsumer progress) {
        this(kind, nodeType, delimiter, headerLines, skipBadLines, progress, null, null);
    }

    /**
     * @param valueColumn the 0-based column of the label (or name), or null for the column after the id
     * @param nameColumn  label files: the 0-based column of a display name, or null
     * @throws IllegalArgumentException for a column that is negative or is the type, id or other value column
     */
    public NodeAttributeLoader(Kind kind, String nodeType, char delimiter, int headerLines, boolean skipBadLines,
                               LongConsumer progress, Integer valueColumn, Integer nameColumn) {
        this.progress = progress == null ? n -> { } : progress;
        this.kind = kind;
        this.nodeType = nodeType;
        this.delimiter = delimiter;
        this.headerLines = headerLines;
        this.skipBadLines = skipBadLines;
        this.valueColumn = valueColumn;
        this.nameColumn = nameColumn;
        String error = columnError(kind, nodeType == null, valueColumn, nameColumn);
        if (error != null) {
            throw new IllegalArgumentException(error);
        }
    }

    private static String key(Kind kind) {
        return kind == Kind.LABEL ? "labelColumn" : "nameColumn";
    }

    /**
     * What is wrong with the columns of a label or name file (spec keys {@code labelColumn}, {@code nameColumn}), or
     * null: each is >= 0 and none is the type (0, without a type), id (0 with a type, else 1) or the other column;
     * name files take only {@code nameColumn}.
     */
    static String columnError(Kind kind, boolean typeColumn, Integer valueColumn, Integer nameColumn) {
        int idColumn = typeColumn ? 1 : 0;
        if (kind == Kind.NAME && nameColumn != null && valueColumn != null) {
            return "a name file takes nameColumn only";
        }
        Integer[] columns = {valueColumn, nameColumn};
        for (int i = 0; i < columns.length; i++) {
            Integer c = columns[i];
            String which = i == 0 ? key(kind) : "nameColumn";
            if (c != null && c < 0) {
                return which + " must be >= 0 (columns count from 0), got " + c;
            }
            if (c != null && c <= idColumn) {
                return which + " " + c + " is the " + (c == idColumn ? "id" : "type") + " column (columns count from 0: "
                        + (typeColumn ? "type, id, ..." : "id, ...") + ")";
            }
        }
        if (valueColumn != null && valueColumn.equals(nameColumn)) {
            return "labelColumn and nameColumn are both " + valueColumn;
        }
        return null;
    }

    public void load(Path file, HeteroGraphBuilder builder, LoadReport report) throws IOException {
        report.fileRead();
        int idColumn = nodeType == null ? 1 : 0;
        int valueAt = valueColumn != null ? valueColumn : idColumn + 1;
        int nameAt = nameColumn != null && kind == Kind.LABEL ? nameColumn : -1;
        boolean exact = valueColumn == null && nameColumn == null; // without columns named, no extra ones
        int expected = exact ? idColumn + 2 : Math.max(valueAt, nameAt) + 1;
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
                    if (exact ? f.length != expected : f.length < expected) {
                        throw new GraphInputException(file, in.line(), columnsMessage(expected, exact, valueAt, nameAt)
                                + ", found " + f.length + (exact && f.length > expected ? "; for a file with more columns, "
                                + "give their 0-based indices in its spec entry: " + key(kind)
                                + (kind == Kind.LABEL ? " (and nameColumn)" : "") : ""));
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
                    String id = f[idColumn];
                    String value = f[valueAt];
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
                        if (nameAt >= 0 && !f[nameAt].isEmpty()) {
                            builder.setName(type, local, f[nameAt]);
                        }
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

    /** "expected 2 columns (id, label)", "expected at least 3 columns (id, label at 1, name at 2)". */
    private String columnsMessage(int expected, boolean exact, int valueAt, int nameAt) {
        String kindName = kind.name().toLowerCase();
        String columns = exact ? (nodeType == null ? "type, id, " : "id, ") + kindName
                : (nodeType == null ? "type, id, " : "id, ") + kindName + " at " + valueAt
                        + (nameAt >= 0 ? ", name at " + nameAt : "");
        return "expected " + (exact ? "" : "at least ") + expected + " columns (" + columns + ")";
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
