package org.heteroembed.graph.io;

import org.heteroembed.graph.DuplicatePolicy;
import org.heteroembed.graph.SelfLoopPolicy;
import org.nd4j.shade.jackson.annotation.JsonInclude;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.DeserializationFeature;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.exc.UnrecognizedPropertyException;
import org.nd4j.shade.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A graph spec file (YAML or JSON) describing a graph stored as several files, e.g. the DBLP layout:
 * <pre>
 * nodeTypes: [paper, author, venue, term]     # optional; when given, other types are errors
 * directed: false                            # default for every edge file
 * duplicates: keep                           # keep | sum | first
 * selfLoops: drop                            # drop | keep
 * edges:
 *   - {file: paper_author.txt, format: pairs, srcType: paper, dstType: author}
 *   - {file: paper_conf.txt,   format: pairs, srcType: paper, dstType: venue}
 *   - {file: edges.tsv, format: typed, header: true}    # src_type src_id dst_type dst_id [weight] [relation]
 * labels:
 *   - {file: author_label.txt, type: author}    # id label   (without type: type id label)
 *   - {file: area.txt, type: author, labelColumn: 1, nameColumn: 2}   # id label name [...]: columns from 0
 * names:
 *   - {file: id_author.txt, type: author}       # id name
 * </pre>
 * Paths are relative to the spec file. Unknown keys are errors. Serialized with DL4J's shaded Jackson.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class GraphSpec {
    public List<String> nodeTypes;
    public boolean directed;
    public String duplicates = "keep";
    public String selfLoops = "drop";
    public List<EdgeFile> edges = new ArrayList<>();
    public List<NodeFile> labels = new ArrayList<>();
    public List<NodeFile> names = new ArrayList<>();

    /** One edge file. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class EdgeFile {
        public String file;
        /** {@code typed} or {@code pairs}. */
        public String format = "typed";
        public String delimiter = "tab";
        public boolean header;
        public String srcType;
        public String dstType;
        public String relation;
        /** Overrides the spec-wide {@code directed}. */
        public Boolean directed;
        public Integer srcTypeColumn, srcIdColumn, dstTypeColumn, dstIdColumn, weightColumn, relationColumn;
    }

    /** One label or name file. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class NodeFile {
        public String file;
        /** Node type of every line; when absent, lines are {@code type id value}. */
        public String type;
        public String delimiter = "tab";
        public boolean header;
        /**
         * Label files: the label's 0-based column, for lines with more columns than {@code id label} (the
         * others are ignored); unset: exactly {@code id label} (or {@code type id label}).
         */
        public Integer labelColumn;
        /**
         * The 0-based column of a display name: in a label file, kept as the node's name, as a {@code names:}
         * file gives it; in a name file, where the name is when the line has more columns.
         */
        public Integer nameColumn;
    }

    private static ObjectMapper mapper(boolean yaml) {
        ObjectMapper m = yaml ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper();
        m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        m.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        return m;
    }

    private static boolean isYaml(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".yaml") || n.endsWith(".yml");
    }

    /** Whether a file name looks like a spec (.yaml, .yml, .json). */
    public static boolean isSpecFile(Path file) {
        return isYaml(file) || file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    }

    /**
     * Reads and validates a spec.
     *
     * @throws GraphInputException naming the file (and line, for syntax errors) and the offending entry
     */
    public static GraphSpec read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new GraphInputException(file, 0, "graph spec not found");
        }
        GraphSpec spec;
        try {
            spec = mapper(isYaml(file)).readValue(file.toFile(), GraphSpec.class);
        } catch (UnrecognizedPropertyException e) {
            throw new GraphInputException(file, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    "unknown key '" + e.getPropertyName() + "' (known: " + e.getKnownPropertyIds() + ")", e);
        } catch (JsonProcessingException e) {
            throw new GraphInputException(file, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    "invalid spec: " + e.getOriginalMessage(), e);
        }
        if (spec == null) {
            throw new GraphInputException(file, 0, "empty graph spec");
        }
        spec.validate(file);
        return spec;
    }

    /** Writes this spec as YAML or JSON (by extension), atomically. */
    public void write(Path file) throws IOException {
        String text = mapper(isYaml(file)).writerWithDefaultPrettyPrinter().writeValueAsString(this);
        AtomicFiles.writeText(file, w -> w.write(text));
    }

    /** Checks every entry; the message names the file and the entry to fix. */
    public void validate(Path specFile) throws GraphInputException {
        if (edges == null || edges.isEmpty()) {
            throw new GraphInputException(specFile, 0, "'edges' must list at least one edge file");
        }
        duplicatePolicy(specFile);
        selfLoopPolicy(specFile);
        for (int i = 0; i < edges.size(); i++) {
            edgeFormat(specFile, i);
        }
        validateNodeFiles(specFile, "labels", labels);
        validateNodeFiles(specFile, "names", names);
    }

    private void validateNodeFiles(Path specFile, String key, List<NodeFile> files) throws GraphInputException {
        if (files == null) {
            return;
        }
        for (int i = 0; i < files.size(); i++) {
            NodeFile f = files.get(i);
            String where = key + "[" + i + "]";
            if (f == null || f.file == null || f.file.isBlank()) {
                throw new GraphInputException(specFile, 0, where + ": 'file' is required");
            }
            if (f.type != null && nodeTypes != null && !nodeTypes.contains(f.type)) {
                throw new GraphInputException(specFile, 0, where + ": type '" + f.type + "' is not in nodeTypes " + nodeTypes);
            }
            try {
                EdgeListFormat.parseDelimiter(f.delimiter);
            } catch (IllegalArgumentException e) {
                throw new GraphInputException(specFile, 0, where + ": " + e.getMessage());
            }
            NodeAttributeLoader.Kind kind = key.equals("labels") ? NodeAttributeLoader.Kind.LABEL : NodeAttributeLoader.Kind.NAME;
            if (kind == NodeAttributeLoader.Kind.NAME && f.labelColumn != null) {
                throw new GraphInputException(specFile, 0, where + ": labelColumn belongs in a labels entry (a name file "
                        + "takes nameColumn)");
            }
            String columns = NodeAttributeLoader.columnError(kind, f.type == null, valueColumn(kind, f), labelNameColumn(kind, f));
            if (columns != null) {
                throw new GraphInputException(specFile, 0, where + ": " + columns);
            }
        }
    }

    /** The column of the file's value: the label's in a label file, the name's in a name file (null: after the id). */
    static Integer valueColumn(NodeAttributeLoader.Kind kind, NodeFile f) {
        return kind == NodeAttributeLoader.Kind.LABEL ? f.labelColumn : f.nameColumn;
    }

    /** A label file's name column (null for name files, or none). */
    static Integer labelNameColumn(NodeAttributeLoader.Kind kind, NodeFile f) {
        return kind == NodeAttributeLoader.Kind.LABEL ? f.nameColumn : null;
    }

    public DuplicatePolicy duplicatePolicy(Path specFile) throws GraphInputException {
        try {
            return DuplicatePolicy.valueOf(duplicates.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new GraphInputException(specFile, 0, "duplicates: '" + duplicates + "' is not one of keep, sum, first");
        }
    }

    public SelfLoopPolicy selfLoopPolicy(Path specFile) throws GraphInputException {
        try {
            return SelfLoopPolicy.valueOf(selfLoops.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new GraphInputException(specFile, 0, "selfLoops: '" + selfLoops + "' is not one of drop, keep");
        }
    }

    /** The {@link EdgeListFormat} of edge file {@code i}. */
    public EdgeListFormat edgeFormat(Path specFile, int i) throws GraphInputException {
        EdgeFile e = edges.get(i);
        String where = "edges[" + i + "]";
        if (e == null || e.file == null || e.file.isBlank()) {
            throw new GraphInputException(specFile, 0, where + ": 'file' is required");
        }
        where += " (" + e.file + ")";
        try {
            EdgeListFormat.Builder b;
            switch (e.format == null ? "" : e.format.toLowerCase(Locale.ROOT)) {
                case "typed" -> {
                    b = EdgeListFormat.typed();
                    if (e.srcType != null) {
                        b.srcType(e.srcType);
                    }
                    if (e.dstType != null) {
                        b.dstType(e.dstType);
                    }
                }
                case "pairs" -> {
                    if (e.srcType == null || e.dstType == null) {
                        throw new IllegalArgumentException("format 'pairs' needs srcType and dstType");
                    }
                    b = EdgeListFormat.pairs(e.srcType, e.dstType);
                }
                default -> throw new IllegalArgumentException("format '" + e.format + "' is not one of typed, pairs");
            }
            for (String t : new String[]{e.srcType, e.dstType}) {
                if (t != null && nodeTypes != null && !nodeTypes.contains(t)) {
                    throw new IllegalArgumentException("node type '" + t + "' is not in nodeTypes " + nodeTypes);
                }
            }
            b.delimiter(EdgeListFormat.parseDelimiter(e.delimiter)).header(e.header)
                    .directed(e.directed != null ? e.directed : directed);
            if (e.relation != null) {
                b.relation(e.relation);
            }
            if (e.srcTypeColumn != null) {
                b.srcTypeColumn(e.srcTypeColumn);
            }
            if (e.srcIdColumn != null) {
                b.srcIdColumn(e.srcIdColumn);
            }
            if (e.dstTypeColumn != null) {
                b.dstTypeColumn(e.dstTypeColumn);
            }
            if (e.dstIdColumn != null) {
                b.dstIdColumn(e.dstIdColumn);
            }
            if (e.weightColumn != null) {
                b.weightColumn(e.weightColumn);
            }
            if (e.relationColumn != null) {
                b.relationColumn(e.relationColumn);
            }
            return b.build();
        } catch (IllegalArgumentException ex) {
            throw new GraphInputException(specFile, 0, where + ": " + ex.getMessage());
        }
    }
}
