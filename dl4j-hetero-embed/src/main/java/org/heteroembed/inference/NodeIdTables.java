package org.heteroembed.inference;

import org.heteroembed.graph.HeteroGraph;

import org.heteroembed.graph.store.StringTable;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * The node types and external ids that give the rows of a model's tables their meaning, stored inside the
 * model file next to the network (DL4J's {@code ModelSerializer.addObjectToFile}) so a model can be used
 * without the graph it was trained on.
 */
public final class NodeIdTables implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String[] types;
    private final String[][] ids;
    private transient StringTable[] index; // built on first lookup: the graph store's id dictionary

    public NodeIdTables(String[] types, String[][] ids) {
        if (types.length != ids.length) {
            throw new IllegalArgumentException("one id list per type");
        }
        this.types = types.clone();
        this.ids = ids.clone();
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

    public int count(int type) {
        return ids[type].length;
    }

    public String id(int type, int local) {
        return ids[type][local];
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
}
