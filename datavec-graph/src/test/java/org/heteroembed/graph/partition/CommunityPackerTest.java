package org.heteroembed.graph.partition;

import org.heteroembed.graph.HeteroGraph;
import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommunityPackerTest {

    /** Packs the communities given by {@code label}, each {@code {label, members...}} row in packing order. */
    private static int[] pack(HeteroGraph g, int[] label, int parts, int cap, int[][] communities) {
        int n = g.numNodes();
        int[] owner = new int[n];
        CommunityPacker packer = new CommunityPacker(g, null, label, parts, cap, owner, new int[n]);
        for (int[] c : communities) {
            packer.place(c[0], c, 1, c.length);
        }
        return owner;
    }

    @Test
    void largestFirstIntoTheLightestPartSpillingWhenFull() {
        // No edges; communities of 7, 3 and 2 nodes into 2 parts of at most 6.
        HeteroGraph g = Graphs.undirected(12, new int[0][]);
        int[] label = {0, 0, 0, 0, 0, 0, 0, 7, 7, 7, 10, 10};
        int[] owner = pack(g, label, 2, 6, new int[][]{
                {0, 0, 1, 2, 3, 4, 5, 6}, {7, 7, 8, 9}, {10, 10, 11}});
        // The 7 fill part 0 and spill one node into part 1, which then takes the 3 and the 2 as the lighter.
        assertArrayEquals(new int[]{0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1}, owner);
    }

    @Test
    void aSplitCommunityIsCutIntoConnectedRegions() {
        // One community: a path of 60 nodes whose ids are scrambled along it, the lowest id (the first
        // region's seed) in the middle, into 5 parts of 12. Growing a fresh region per part cuts the path into
        // about 5 segments (4 boundaries, or 5 when a region is off-centre by one). Carrying the breadth-first
        // frontier on into the next part would instead give every later part a piece on both sides of the
        // first region: 2 x 4 = 8 boundaries. Ids in order would give ~48.
        int n = 60, parts = 5;
        int[] at = IntStream.range(0, n).map(i -> (7 * i + 30) % n).toArray(); // id at position i; id 0 at 30
        assertEquals(0, at[30]);
        int[][] edges = new int[n - 1][];
        for (int i = 0; i + 1 < n; i++) {
            edges[i] = new int[]{at[i], at[i + 1]};
        }
        HeteroGraph g = Graphs.undirected(n, edges);
        int[] community = new int[n + 1]; // label 0, then members 0..n-1 in id order
        for (int v = 0; v < n; v++) {
            community[v + 1] = v;
        }
        int[] owner = pack(g, new int[n], parts, n / parts, new int[][]{community});
        int boundaries = 0;
        int[] sizes = new int[parts];
        for (int i = 0; i < n; i++) {
            sizes[owner[at[i]]]++;
            if (i + 1 < n && owner[at[i]] != owner[at[i + 1]]) {
                boundaries++;
            }
        }
        assertArrayEquals(new int[]{12, 12, 12, 12, 12}, sizes);
        assertTrue(boundaries <= parts, boundaries + " boundaries");
    }
}
