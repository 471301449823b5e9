package org.heteroembed.search;

import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.generate.HeldOutEdges;
import org.heteroembed.graph.generate.PlantedGraph;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Held-out edges for link prediction, as parallel arrays of global node indices of one graph (no object per
 * edge). Either the held-out clicks of a {@link PlantedGraph}, or a file of
 * {@code src_type src_id dst_type dst_id} lines (tab- or whitespace-separated; the header line that
 * {@code PlantedGraphWriter} writes, blank lines and {@code #} comments are skipped), read by
 * {@link org.heteroembed.eval.HeldOutLinks#read}.
 */
public final class LinkSet {

    private final int[] sources;
    private final int[] targets;

    public LinkSet(int[] sources, int[] targets) {
        if (sources.length != targets.length) {
            throw new IllegalArgumentException("sources and targets differ in length: " + sources.length + " != " + targets.length);
        }
        this.sources = sources.clone();
        this.targets = targets.clone();
    }

    /** The held-out user-article clicks of a planted graph. */
    public static LinkSet of(PlantedGraph planted) {
        HeteroGraph g = planted.graph();
        HeldOutEdges h = planted.heldOut();
        int[] src = new int[h.size()], dst = new int[h.size()];
        for (int i = 0; i < h.size(); i++) {
            src[i] = g.globalId(planted.userType(), h.user(i));
            dst[i] = g.globalId(planted.articleType(), h.article(i));
        }
        return new LinkSet(src, dst);
    }

    /**
     * Reads held-out edges of {@code graph} from a file. Lines whose nodes are not in the graph (nodes whose
     * every edge was held out) are skipped and counted in the log: they cannot be embedded.
     *
     * @throws IllegalArgumentException naming the file and line of a malformed line or unknown node type
     */
    public static LinkSet read(Path file, HeteroGraph graph) throws IOException {
        org.heteroembed.eval.HeldOutLinks links = org.heteroembed.eval.HeldOutLinks.read(file, graph);
        int[] src = new int[links.size()], dst = new int[links.size()];
        for (int i = 0; i < src.length; i++) {
            src[i] = links.source(i);
            dst[i] = links.target(i);
        }
        return new LinkSet(src, dst);
    }

    public int size() {
        return sources.length;
    }

    /** Global index of the source of edge {@code i}. */
    public int source(int i) {
        return sources[i];
    }

    /** Global index of the target of edge {@code i}. */
    public int target(int i) {
        return targets[i];
    }

    @Override
    public String toString() {
        return "LinkSet{" + sources.length + " edges}";
    }
}
