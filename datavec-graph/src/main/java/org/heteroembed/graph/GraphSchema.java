package org.heteroembed.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Node types and relations of a heterogeneous graph, and the adjacency "channels" derived from them.
 *
 * <p>A channel is one relation seen from one node type: for {@code clicks: user -> article} (undirected),
 * users have a channel whose neighbours are articles and articles have one whose neighbours are users. The
 * channels of a node type are sorted by neighbour type, so in the CSR store all neighbours of one type are
 * contiguous, whichever relations brought them. Immutable.
 */
public final class GraphSchema {
    private final List<String> nodeTypes;
    private final List<Relation> relations;
    /** channelRelation[t][c]: relation of channel c of node type t. */
    private final int[][] channelRelation;
    /** channelNeighbourType[t][c]: node type of the neighbours in channel c of node type t. */
    private final int[][] channelNeighbourType;
    /** typeChannelStart[t][T]: first channel of t with neighbour type T; [t][T+1] its end (exclusive). */
    private final int[][] typeChannelStart;

    public GraphSchema(List<String> nodeTypes, List<Relation> relations) {
        this.nodeTypes = List.copyOf(nodeTypes);
        this.relations = List.copyOf(relations);
        int nt = nodeTypes.size();
        for (int r = 0; r < relations.size(); r++) {
            Relation rel = relations.get(r);
            if (rel.id() != r || rel.srcType() < 0 || rel.srcType() >= nt || rel.dstType() < 0 || rel.dstType() >= nt) {
                throw new IllegalArgumentException("inconsistent relation " + rel);
            }
        }
        channelRelation = new int[nt][];
        channelNeighbourType = new int[nt][];
        typeChannelStart = new int[nt][];
        for (int t = 0; t < nt; t++) {
            List<int[]> chans = new ArrayList<>(); // {neighbourType, relation}
            for (Relation rel : relations) {
                if (rel.srcType() == t) {
                    chans.add(new int[]{rel.dstType(), rel.id()});
                } else if (rel.dstType() == t && !rel.directed()) {
                    chans.add(new int[]{rel.srcType(), rel.id()});
                }
            }
            chans.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]));
            channelRelation[t] = chans.stream().mapToInt(c -> c[1]).toArray();
            channelNeighbourType[t] = chans.stream().mapToInt(c -> c[0]).toArray();
            int[] start = new int[nt + 1];
            int c = 0;
            for (int T = 0; T <= nt; T++) {
                while (c < chans.size() && chans.get(c)[0] < T) {
                    c++;
                }
                start[T] = c;
            }
            typeChannelStart[t] = start;
        }
    }

    public int numNodeTypes() {
        return nodeTypes.size();
    }

    public List<String> nodeTypes() {
        return nodeTypes;
    }

    public String nodeTypeName(int type) {
        return nodeTypes.get(type);
    }

    /** Index of a node type, or -1. */
    public int nodeType(String name) {
        return nodeTypes.indexOf(name);
    }

    public int numRelations() {
        return relations.size();
    }

    public List<Relation> relations() {
        return relations;
    }

    public Relation relation(int id) {
        return relations.get(id);
    }

    /** Index of a relation by name, or -1. */
    public int relation(String name) {
        for (Relation r : relations) {
            if (r.name().equals(name)) {
                return r.id();
            }
        }
        return -1;
    }

    /** Number of adjacency channels of node type {@code t}. */
    public int numChannels(int t) {
        return channelRelation[t].length;
    }

    /** Channel of node type {@code t} that carries relation {@code rel}, or -1. */
    public int channel(int t, int rel) {
        int[] rels = channelRelation[t];
        for (int c = 0; c < rels.length; c++) {
            if (rels[c] == rel) {
                return c;
            }
        }
        return -1;
    }

    public int channelRelation(int t, int c) {
        return channelRelation[t][c];
    }

    public int channelNeighbourType(int t, int c) {
        return channelNeighbourType[t][c];
    }

    /** First channel of {@code t} whose neighbours have type {@code neighbourType}. */
    public int firstChannel(int t, int neighbourType) {
        return typeChannelStart[t][neighbourType];
    }

    /** End (exclusive) of the channels of {@code t} whose neighbours have type {@code neighbourType}. */
    public int endChannel(int t, int neighbourType) {
        return typeChannelStart[t][neighbourType + 1];
    }

    /** Whether nodes of type {@code t} can have neighbours of type {@code neighbourType}. */
    public boolean connects(int t, int neighbourType) {
        return endChannel(t, neighbourType) > firstChannel(t, neighbourType);
    }

    /** Node types that nodes of type {@code t} can have as neighbours, ascending. */
    public int[] neighbourTypes(int t) {
        return Arrays.stream(channelNeighbourType[t]).distinct().toArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GraphSchema s && s.nodeTypes.equals(nodeTypes) && s.relations.equals(relations);
    }

    @Override
    public int hashCode() {
        return nodeTypes.hashCode() * 31 + relations.hashCode();
    }

    @Override
    public String toString() {
        return "GraphSchema{nodeTypes=" + nodeTypes + ", relations=" + Collections.unmodifiableList(relations) + "}";
    }
}
