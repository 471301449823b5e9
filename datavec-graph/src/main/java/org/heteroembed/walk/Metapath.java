package org.heteroembed.walk;

import org.heteroembed.graph.GraphSchema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A metapath: a sequence of node types a walk must follow, e.g. {@code author-paper-venue-paper-author}
 * (APVPA). Walks start at nodes of the first type and follow the path cyclically: a symmetric path (first
 * type = last type, as in metapath2vec) continues from its second type; an open path wraps around from the
 * last type to the first, which then needs a relation between them.
 *
 * <p>Type names are separated by {@code -}, or by {@code ,} when a type name itself contains a hyphen.
 * Immutable; validated against a {@link GraphSchema} when parsed.
 */
public final class Metapath {
    private final String text;
    private final int[] types;
    private final boolean symmetric;

    private Metapath(String text, int[] types) {
        this.text = text;
        this.types = types;
        this.symmetric = types[0] == types[types.length - 1];
    }

    /** Splits a metapath into type names, without checking them against a graph. */
    public static List<String> typeNames(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty metapath");
        }
        String sep = spec.contains(",") ? "," : "-";
        List<String> names = new ArrayList<>();
        for (String part : spec.split(sep, -1)) {
            String name = part.trim();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("metapath '" + spec + "' has an empty type name");
            }
            names.add(name);
        }
        if (names.size() < 2) {
            throw new IllegalArgumentException("metapath '" + spec + "' needs at least two node types");
        }
        return names;
    }

    /**
     * Parses and validates a metapath: every type must exist and every consecutive pair (and, for an open
     * path, last to first) must be connected by some relation.
     *
     * @throws IllegalArgumentException saying which type or step is wrong, and what exists instead
     */
    public static Metapath parse(String spec, GraphSchema schema) {
        List<String> names = typeNames(spec);
        int[] types = new int[names.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = schema.nodeType(names.get(i));
            if (types[i] < 0) {
                boolean hyphenated = !spec.contains(",") && schema.nodeTypes().stream().anyMatch(t -> t.contains("-"));
                throw new IllegalArgumentException("metapath '" + spec + "': unknown node type '" + names.get(i)
                        + "' (the graph has " + String.join(", ", schema.nodeTypes()) + ")" + (hyphenated
                        ? "; type names contain '-': separate them with commas, e.g. '"
                        + String.join(",", schema.nodeTypes().subList(0, Math.min(2, schema.nodeTypes().size()))) + ",...'"
                        : ""));
            }
        }
        for (int i = 0; i + 1 < types.length; i++) {
            checkStep(spec, schema, types[i], types[i + 1]);
        }
        if (types[0] != types[types.length - 1]) {
            checkStep(spec, schema, types[types.length - 1], types[0]);
        }
        return new Metapath(spec, types);
    }

    private static void checkStep(String spec, GraphSchema schema, int from, int to) {
        if (!schema.connects(from, to)) {
            int[] reachable = schema.neighbourTypes(from);
            String[] names = Arrays.stream(reachable).mapToObj(schema::nodeTypeName).toArray(String[]::new);
            throw new IllegalArgumentException("metapath '" + spec + "': no relation lets a walk go from '"
                    + schema.nodeTypeName(from) + "' to '" + schema.nodeTypeName(to) + "' ('"
                    + schema.nodeTypeName(from) + "' nodes have neighbours of type: "
                    + (names.length == 0 ? "none" : String.join(", ", names)) + ")"
                    + (schema.connects(to, from) ? "; the relation is directed the other way" : ""));
        }
    }

    /** Number of types in the path as written (APVPA: 5). */
    public int length() {
        return types.length;
    }

    public int type(int position) {
        return types[position];
    }

    public int startType() {
        return types[0];
    }

    /** Position after {@code position}, wrapping around cyclically. */
    public int next(int position) {
        if (position + 1 < types.length) {
            return position + 1;
        }
        return symmetric ? 1 : 0;
    }

    @Override
    public String toString() {
        return text;
    }
}
