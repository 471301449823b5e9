package org.heteroembed.inference;

import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.store.StringInterner;
import org.heteroembed.graph.store.StringTable;
import org.heteroembed.tables.PartitionedModelDirectory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The node types and external ids that give the rows of a model's tables their meaning, stored inside the
 * model file next to the network (DL4J's {@code ModelSerializer.addObjectToFile}) so a model can be used
 * without the graph it was trained on.
 *
 * <p>Held as {@code String[]} per type (a model file's ids, ~50 bytes per id), or, for the ids of a partitioned
 * model directory ({@link #read}), in the graph store's compact {@link StringTable} (the UTF-8 bytes plus ~16 bytes
 * per id, no object per id). Either way the object serializes as {@code String[]}s, so model files stay readable.
 */
public final class NodeIdTables implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String[] types;
    private final String[][] ids;          // per type; null for a type held only in index
    private transient StringTable[] index; // built on first lookup: the graph store's id dictionary

    /**
     * @param types type names, in table order
     * @param ids   per type, the external id of each row, in row order (ids unique within a type)
     */
    public NodeIdTables(String[] types, String[][] ids) {
        if (types.length != ids.length) {
            throw new IllegalArgumentException("one id list per type");
        }
        this.types = types.clone();
        this.ids = ids.clone();
    }

    private NodeIdTables(String[] types, StringTable[] tables) {
        this.types = types.clone();
        this.ids = new String[types.length][];
        this.index = tables.clone();
    }

    /**
     * Reads the ids of a partitioned model directory ({@code ids/type-T.txt}, one per line) into compact string
     * tables.
     *
     * @throws IOException naming the file when it is missing, holds a duplicate id or another number of ids
     */
    public static NodeIdTables read(Path dir, List<String> types, int[] counts) throws IOException {
        return read(types, counts, t -> PartitionedModelDirectory.idsFile(dir, t), "the manifest says");
    }

    /**
     * Reads ids from one UTF-8 text file per type, one id per line ({@code file.apply(t)}: a file of a directory, or an
     * entry of a zip file system), checking each file holds {@code counts[t]} distinct ids.
     *
     * @param countSource names where the counts come from in an error ("the manifest says")
     */
    static NodeIdTables read(List<String> types, int[] counts, java.util.function.IntFunction<Path> file,
                             String countSource) throws IOException {
        StringTable[] tables = new StringTable[types.size()];
        for (int t = 0; t < tables.length; t++) {
            Path f = file.apply(t);
            if (!Files.isRegularFile(f)) {
                throw new IOException(f + " is missing: the ids of type '" + types.get(t) + "'");
            }
            StringInterner interner = new StringInterner();
            try (BufferedReader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    int before = interner.size();
                    if (interner.intern(line) != before) {
                        throw new IOException(f + " line " + (before + 1) + ": duplicate id '" + line + "'");
                    }
                }
            }
            if (interner.size() != counts[t]) {
                throw new IOException(f + " has " + interner.size() + " ids; " + countSource + " " + counts[t]
                        + " nodes of type '" + types.get(t) + "'");
            }
            tables[t] = interner.freeze();
        }
        return new NodeIdTables(types.toArray(new String[0]), tables);
    }

    /** The ids of a graph, in its type and local-id order (the order of the model's table rows). */
    public static NodeIdTables of(HeteroGraph g) {
        String[] types = g.schema().nodeTypes().toArray(new String[0]);
        String[][] ids = new String[types.length][];
        for (int t = 0; t < types.length; t++) {
            ids[t] = new String[g.numNodes(t)];
            for (int i = 0; i < ids[t].length; i++) {
                ids[t][i] = g.ids(t).get(i);
            }
        }
        return new NodeIdTables(types, ids);
    }

    /** Type names, in table order. */
    public List<String> types() {
        return List.of(types);
    }

    /** Index of a type, or -1. */
    public int type(String name) {
        for (int t = 0; t < types.length; t++) {
            if (types[t].equals(name)) {
                return t;
            }
        }
        return -1;
    }

    /** Number of nodes (rows) of type index {@code type}. */
    public int count(int type) {
        return ids[type] != null ? ids[type].length : index[type].size();
    }

    /** The external id of row {@code local} of type index {@code type}. */
    public String id(int type, int local) {
        return ids[type] != null ? ids[type][local] : index[type].get(local);
    }

    /** Local index of an id, or -1. */
    public synchronized int local(int type, String id) {
        if (index == null) {
            index = new StringTable[types.length];
        }
        if (index[type] == null) {
            index[type] = StringTable.of(Arrays.asList(ids[type]));
        }
        return index[type].indexOf(id);
    }

    /** The ids as the model directory writer takes them. */
    public PartitionedModelDirectory.IdSource source() {
        return new PartitionedModelDirectory.IdSource() {
            @Override
            public int types() {
                return types.length;
            }

            @Override
            public int count(int type) {
                return NodeIdTables.this.count(type);
            }

            @Override
            public String id(int type, int index) {
                return NodeIdTables.this.id(type, index);
            }
        };
    }

    /** Serialized as {@code String[]}s (the form model files have always stored), whatever the ids are held in. */
    private Object writeReplace() throws ObjectStreamException {
        for (String[] typeIds : ids) {
            if (typeIds == null) {
                String[][] all = new String[types.length][];
                for (int t = 0; t < types.length; t++) {
                    all[t] = new String[count(t)];
                    for (int i = 0; i < all[t].length; i++) {
                        all[t][i] = id(t, i);
                    }
                }
                return new NodeIdTables(types, all);
            }
        }
        return this;
    }
}
