package org.heteroembed.graph.io;

/**
 * Column layout of an edge-list file, immutable; built with {@link #typed()} or {@link #pairs(String, String)}
 * and validated when built, so a bad layout fails before any file is opened.
 *
 * <ul>
 *   <li>{@code typed}: {@code src_type src_id dst_type dst_id [weight] [relation]}: types come from columns.</li>
 *   <li>{@code pairs}: {@code src_id dst_id [weight]}, one file per relation with fixed node types
 *       (the DBLP layout: {@code paper_author.txt} lines {@code paperId<TAB>authorId}).</li>
 * </ul>
 * The weight and relation columns are optional: a file either has them on every line or on none (its first
 * data line decides). Blank lines and lines starting with the comment prefix are skipped.
 */
public final class EdgeListFormat {
    /** Column index meaning "not in the file". */
    public static final int NONE = -1;

    private final char delimiter;
    private final char quote;
    private final int headerLines;
    private final String commentPrefix;
    private final int srcTypeColumn, srcIdColumn, dstTypeColumn, dstIdColumn, weightColumn, relationColumn;
    private final String srcType, dstType, relation;
    private final boolean directed;

    private EdgeListFormat(Builder b) {
        delimiter = b.delimiter;
        quote = b.quote;
        headerLines = b.headerLines;
        commentPrefix = b.commentPrefix;
        srcTypeColumn = b.srcTypeColumn;
        srcIdColumn = b.srcIdColumn;
        dstTypeColumn = b.dstTypeColumn;
        dstIdColumn = b.dstIdColumn;
        weightColumn = b.weightColumn;
        relationColumn = b.relationColumn;
        srcType = b.srcType;
        dstType = b.dstType;
        relation = b.relation;
        directed = b.directed;
    }

    /** {@code src_type src_id dst_type dst_id [weight] [relation]}, tab-separated, no header. */
    public static Builder typed() {
        return new Builder().srcTypeColumn(0).srcIdColumn(1).dstTypeColumn(2).dstIdColumn(3)
                .weightColumn(4).relationColumn(5);
    }

    /** {@code src_id dst_id [weight]} between fixed node types, tab-separated, no header. */
    public static Builder pairs(String srcType, String dstType) {
        return new Builder().srcType(srcType).dstType(dstType).srcIdColumn(0).dstIdColumn(1).weightColumn(2);
    }

    public char delimiter() {
        return delimiter;
    }

    public char quote() {
        return quote;
    }

    public int headerLines() {
        return headerLines;
    }

    public String commentPrefix() {
        return commentPrefix;
    }

    public int srcTypeColumn() {
        return srcTypeColumn;
    }

    public int srcIdColumn() {
        return srcIdColumn;
    }

    public int dstTypeColumn() {
        return dstTypeColumn;
    }

    public int dstIdColumn() {
        return dstIdColumn;
    }

    public int weightColumn() {
        return weightColumn;
    }

    public int relationColumn() {
        return relationColumn;
    }

    /** Fixed source type when there is no source type column, else null. */
    public String srcType() {
        return srcType;
    }

    public String dstType() {
        return dstType;
    }

    /** Fixed relation name, or null for the relation column or the default {@code srcType-dstType}. */
    public String relation() {
        return relation;
    }

    public boolean directed() {
        return directed;
    }

    /** Number of columns every data line must have at least. */
    public int requiredColumns() {
        return 1 + Math.max(Math.max(srcTypeColumn, srcIdColumn), Math.max(dstTypeColumn, dstIdColumn));
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.delimiter = delimiter;
        b.quote = quote;
        b.headerLines = headerLines;
        b.commentPrefix = commentPrefix;
        b.srcTypeColumn = srcTypeColumn;
        b.srcIdColumn = srcIdColumn;
        b.dstTypeColumn = dstTypeColumn;
        b.dstIdColumn = dstIdColumn;
        b.weightColumn = weightColumn;
        b.relationColumn = relationColumn;
        b.srcType = srcType;
        b.dstType = dstType;
        b.relation = relation;
        b.directed = directed;
        return b;
    }

    @Override
    public String toString() {
        return "EdgeListFormat{delimiter=" + printable(delimiter) + ", header=" + headerLines
                + ", columns=[srcType=" + (srcType != null ? "'" + srcType + "'" : srcTypeColumn) + ", srcId=" + srcIdColumn
                + ", dstType=" + (dstType != null ? "'" + dstType + "'" : dstTypeColumn) + ", dstId=" + dstIdColumn
                + ", weight=" + weightColumn + ", relation=" + (relation != null ? "'" + relation + "'" : relationColumn)
                + "], directed=" + directed + "}";
    }

    static String printable(char c) {
        return switch (c) {
            case '\t' -> "TAB";
            case ' ' -> "SPACE";
            default -> "'" + c + "'";
        };
    }

    /**
     * Parses a delimiter given by name or as one character: {@code tab}, {@code comma}, {@code space},
     * {@code semicolon}, {@code pipe}, {@code \t}, {@code ,} ...
     */
    public static char parseDelimiter(String s) {
        if (s == null) {
            throw new IllegalArgumentException("delimiter is missing");
        }
        switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "tab", "\\t", "\t", "tsv":
                return '\t';
            case "comma", ",", "csv":
                return ',';
            case "space", " ":
                return ' ';
            case "semicolon", ";":
                return ';';
            case "pipe", "|":
                return '|';
            default:
                if (s.length() == 1) {
                    return s.charAt(0);
                }
                throw new IllegalArgumentException("unknown delimiter '" + s
                        + "': use tab, comma, space, semicolon, pipe or a single character");
        }
    }

    /** Builder in DL4J's style; {@link #build()} validates. */
    public static final class Builder {
        private char delimiter = '\t';
        private char quote = '"';
        private int headerLines = 0;
        private String commentPrefix = "#";
        private int srcTypeColumn = NONE, srcIdColumn = NONE, dstTypeColumn = NONE, dstIdColumn = NONE;
        private int weightColumn = NONE, relationColumn = NONE;
        private String srcType, dstType, relation;
        private boolean directed;

        private Builder() {
        }

        public Builder delimiter(char c) {
            this.delimiter = c;
            return this;
        }

        public Builder quote(char c) {
            this.quote = c;
            return this;
        }

        /** Number of header lines to skip (0 or 1 usually). */
        public Builder headerLines(int n) {
            this.headerLines = n;
            return this;
        }

        public Builder header(boolean header) {
            return headerLines(header ? 1 : 0);
        }

        /** Lines starting with this are skipped; null or empty to disable. */
        public Builder commentPrefix(String prefix) {
            this.commentPrefix = prefix == null || prefix.isEmpty() ? null : prefix;
            return this;
        }

        public Builder srcTypeColumn(int c) {
            this.srcTypeColumn = c;
            return this;
        }

        public Builder srcIdColumn(int c) {
            this.srcIdColumn = c;
            return this;
        }

        public Builder dstTypeColumn(int c) {
            this.dstTypeColumn = c;
            return this;
        }

        public Builder dstIdColumn(int c) {
            this.dstIdColumn = c;
            return this;
        }

        /** Optional weight column, or {@link #NONE}. */
        public Builder weightColumn(int c) {
            this.weightColumn = c;
            return this;
        }

        /** Optional relation-name column, or {@link #NONE}. */
        public Builder relationColumn(int c) {
            this.relationColumn = c;
            return this;
        }

        /** Fixed source node type; removes the source type column. */
        public Builder srcType(String type) {
            this.srcType = type;
            if (type != null) {
                this.srcTypeColumn = NONE;
            }
            return this;
        }

        /** Fixed destination node type; removes the destination type column. */
        public Builder dstType(String type) {
            this.dstType = type;
            if (type != null) {
                this.dstTypeColumn = NONE;
            }
            return this;
        }

        /** Fixed relation name for every edge of the file; removes the relation column. */
        public Builder relation(String name) {
            this.relation = name;
            if (name != null) {
                this.relationColumn = NONE;
            }
            return this;
        }

        /** Directed edges are stored from source to destination only. Default: undirected. */
        public Builder directed(boolean directed) {
            this.directed = directed;
            return this;
        }

        public EdgeListFormat build() {
            if (srcIdColumn < 0 || dstIdColumn < 0) {
                throw new IllegalArgumentException("edge list format needs a source id column and a destination id column");
            }
            if ((srcTypeColumn < 0) == (srcType == null)) {
                throw new IllegalArgumentException("give either a source type column or a fixed source type, not "
                        + (srcType == null ? "neither" : "both"));
            }
            if ((dstTypeColumn < 0) == (dstType == null)) {
                throw new IllegalArgumentException("give either a destination type column or a fixed destination type, not "
                        + (dstType == null ? "neither" : "both"));
            }
            if (srcType != null && srcType.isBlank() || dstType != null && dstType.isBlank()) {
                throw new IllegalArgumentException("node type names must not be blank");
            }
            if (relation != null && relation.isBlank()) {
                throw new IllegalArgumentException("relation name must not be blank");
            }
            int[] cols = {srcTypeColumn, srcIdColumn, dstTypeColumn, dstIdColumn, weightColumn, relationColumn};
            String[] names = {"source type", "source id", "destination type", "destination id", "weight", "relation"};
            for (int i = 0; i < cols.length; i++) {
                if (cols[i] < NONE) {
                    throw new IllegalArgumentException(names[i] + " column must be >= 0 (or absent), got " + cols[i]);
                }
                for (int j = 0; j < i; j++) {
                    if (cols[i] >= 0 && cols[i] == cols[j]) {
                        throw new IllegalArgumentException("the " + names[j] + " and " + names[i]
                                + " columns are both column " + cols[i]);
                    }
                }
            }
            int required = 1 + Math.max(Math.max(srcTypeColumn, srcIdColumn), Math.max(dstTypeColumn, dstIdColumn));
            if (weightColumn >= 0 && weightColumn < required || relationColumn >= 0 && relationColumn < required) {
                throw new IllegalArgumentException("optional weight/relation columns must come after the node columns");
            }
            if (headerLines < 0) {
                throw new IllegalArgumentException("header lines must be >= 0, got " + headerLines);
            }
            if (delimiter == quote) {
                throw new IllegalArgumentException("delimiter and quote are the same character " + printable(delimiter));
            }
            if (delimiter == '\n' || delimiter == '\r') {
                throw new IllegalArgumentException("delimiter must not be a line break");
            }
            return new EdgeListFormat(this);
        }
    }
}
