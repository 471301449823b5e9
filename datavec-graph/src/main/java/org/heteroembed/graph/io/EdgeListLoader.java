package org.heteroembed.graph.io;

import org.heteroembed.graph.HeteroGraphBuilder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/**
 * Loads an edge-list file (layout given by an {@link EdgeListFormat}) into a {@link HeteroGraphBuilder},
 * streaming it line by line through DataVec.
 *
 * <p>Every bad line is an error naming file and line: wrong column count, empty id, unknown node type (when
 * the node types are fixed), a weight that is not a positive finite number, a relation seen with other node
 * types. With {@code skipBadLines} such lines are counted in the {@link LoadReport} instead.
 */
public final class EdgeListLoader {
    private final EdgeListFormat format;
    private final boolean skipBadLines;
    private final LongConsumer progress;

    /**
     * @param progress receives file bytes as they are read (for progress bars); may be null
     */
    public EdgeListLoader(EdgeListFormat format, boolean skipBadLines, LongConsumer progress) {
        this.format = format;
        this.skipBadLines = skipBadLines;
        this.progress = progress == null ? n -> { } : progress;
    }

    public void load(Path file, HeteroGraphBuilder builder, LoadReport report) throws IOException {
        report.fileRead();
        try (DelimitedFileReader in = new DelimitedFileReader(file, format.delimiter(), format.quote(),
                format.headerLines(), format.commentPrefix(), progress, this::hashIds)) {
            new FileState(in, builder, report).run();
        }
    }

    /**
     * Runs on the reader thread: String caches its hash code, so hashing the ids there takes that work off
     * the thread that interns them, which is the loader's bottleneck.
     */
    private void hashIds(String[] fields) {
        if (fields.length > format.srcIdColumn() && fields.length > format.dstIdColumn()) {
            fields[format.srcIdColumn()].hashCode();
            fields[format.dstIdColumn()].hashCode();
        }
    }

    /** Per-file state: the column count fixed by the first data line, cached type and relation lookups. */
    private final class FileState {
        private final DelimitedFileReader in;
        private final HeteroGraphBuilder builder;
        private final LoadReport report;
        private int columns = -1;
        private boolean hasWeight, hasRelation;
        private int fixedSrcType = -1, fixedDstType = -1, fixedRelation = -1;
        private String lastRelationName;
        private int lastRelationSrc = -1, lastRelationDst = -1, lastRelation = -1;

        FileState(DelimitedFileReader in, HeteroGraphBuilder builder, LoadReport report) {
            this.in = in;
            this.builder = builder;
            this.report = report;
        }

        void run() throws IOException {
            while (true) {
                String[] fields;
                try {
                    fields = in.next();
                } catch (GraphInputException e) {
                    report.lineRead();
                    handle(e);
                    continue;
                }
                if (fields == null) {
                    return;
                }
                report.lineRead();
                try {
                    parse(fields);
                } catch (GraphInputException e) {
                    handle(e);
                }
            }
        }

        private void handle(GraphInputException e) throws GraphInputException {
            if (!skipBadLines) {
                throw e;
            }
            report.badLine(e);
        }

        private GraphInputException bad(String problem) {
            return new GraphInputException(in.file(), in.line(), problem);
        }

        private void parse(String[] f) throws GraphInputException {
            if (columns < 0) {
                fixLayout(f.length);
            }
            if (f.length != columns) {
                throw bad("expected " + columns + " columns (as on the first data line), found " + f.length);
            }
            int srcType = fixedSrcType >= 0 ? fixedSrcType : type(f[format.srcTypeColumn()], "source");
            int dstType = fixedDstType >= 0 ? fixedDstType : type(f[format.dstTypeColumn()], "destination");
            String srcId = id(f[format.srcIdColumn()], "source");
            String dstId = id(f[format.dstIdColumn()], "destination");
            float w = hasWeight ? weight(f[format.weightColumn()]) : 1f;
            int src = builder.node(srcType, srcId);
            int dst = builder.node(dstType, dstId);
            boolean added;
            try {
                if (fixedRelation >= 0 || hasRelation) {
                    int rel = fixedRelation >= 0 ? fixedRelation : relation(f[format.relationColumn()], srcType, dstType);
                    added = builder.addEdge(rel, src, dst, w);
                } else {
                    added = builder.addEdge(srcType, src, dstType, dst, w, format.directed());
                }
            } catch (IllegalArgumentException e) {
                throw bad(e.getMessage());
            }
            if (added) {
                report.edgeAdded();
            } else {
                report.selfLoopDropped();
            }
        }

        private void fixLayout(int n) throws GraphInputException {
            if (n < format.requiredColumns()) {
                throw bad("expected at least " + format.requiredColumns() + " columns, found " + n
                        + " (delimiter " + EdgeListFormat.printable(format.delimiter()) + ")");
            }
            int max = Math.max(format.requiredColumns(), 1 + Math.max(format.weightColumn(), format.relationColumn()));
            if (n > max) {
                throw bad("expected at most " + max + " columns, found " + n
                        + " (delimiter " + EdgeListFormat.printable(format.delimiter()) + ")");
            }
            columns = n;
            hasWeight = format.weightColumn() >= 0 && format.weightColumn() < n;
            hasRelation = format.relationColumn() >= 0 && format.relationColumn() < n;
            if (format.srcType() != null) {
                fixedSrcType = type(format.srcType(), "source");
            }
            if (format.dstType() != null) {
                fixedDstType = type(format.dstType(), "destination");
            }
            if (format.relation() != null) {
                try {
                    fixedRelation = builder.relation(format.relation(), fixedSrcType, fixedDstType, format.directed());
                } catch (IllegalArgumentException e) {
                    throw bad(e.getMessage());
                }
            }
        }

        private int type(String name, String which) throws GraphInputException {
            if (name.isEmpty()) {
                throw bad("empty " + which + " node type");
            }
            int t = builder.nodeType(name);
            if (t < 0) {
                throw bad("unknown " + which + " node type " + GraphInputException.shown(name) + " (declared types: "
                        + String.join(", ", builder.nodeTypes()) + ")");
            }
            return t;
        }

        private String id(String id, String which) throws GraphInputException {
            if (id.isEmpty()) {
                throw bad("empty " + which + " node id");
            }
            return id;
        }

        private float weight(String s) throws GraphInputException {
            float w = smallInteger(s);
            try {
                if (w < 0) {
                    w = Float.parseFloat(s);
                }
            } catch (NumberFormatException e) {
                throw bad("weight " + GraphInputException.shown(s) + " is not a number");
            }
            if (!Float.isFinite(w)) {
                throw bad("weight " + GraphInputException.shown(s) + " is not finite");
            }
            if (!(w > 0)) {
                throw bad("weight " + s + " must be positive");
            }
            return w;
        }

        /**
         * Fast path for the most common weights (counts like "1", "12"): the value of a string of at most 6
         * decimal digits, exact as a float; -1 for anything else, which goes to {@link Float#parseFloat}.
         */
        private static float smallInteger(String s) {
            int n = s.length();
            if (n == 0 || n > 6) {
                return -1;
            }
            int v = 0;
            for (int i = 0; i < n; i++) {
                int d = s.charAt(i) - '0';
                if (d < 0 || d > 9) {
                    return -1;
                }
                v = v * 10 + d;
            }
            return v;
        }

        private int relation(String name, int srcType, int dstType) throws GraphInputException {
            if (name.isEmpty()) {
                throw bad("empty relation name");
            }
            if (name.equals(lastRelationName) && srcType == lastRelationSrc && dstType == lastRelationDst) {
                return lastRelation;
            }
            try {
                lastRelation = builder.relation(name, srcType, dstType, format.directed());
            } catch (IllegalArgumentException e) {
                throw bad(e.getMessage());
            }
            lastRelationName = name;
            lastRelationSrc = srcType;
            lastRelationDst = dstType;
            return lastRelation;
        }
    }
}
