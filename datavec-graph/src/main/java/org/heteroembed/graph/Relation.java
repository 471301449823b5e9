package org.heteroembed.graph;

/**
 * A kind of edge between two node types, e.g. {@code clicks: user -> article}. Undirected relations
 * (the default) are stored in both directions, so both endpoints see each other as neighbours; directed ones
 * only from source to destination.
 *
 * @param id      dense index of the relation in its {@link GraphSchema}
 * @param name    unique name; by default {@code srcType-dstType}
 * @param srcType index of the source node type
 * @param dstType index of the destination node type
 */
public record Relation(int id, String name, int srcType, int dstType, boolean directed) {

    /** The default name of the relation between two node types. */
    public static String defaultName(String srcType, String dstType) {
        return srcType + "-" + dstType;
    }
}
