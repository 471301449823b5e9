package org.heteroembed.graph.partition;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionLayoutTest {

    /** Three types of 5, 0 and 7 nodes, by hand: owners chosen so that every partition mixes types. */
    private static final int[] TYPE_OFFSETS = {0, 5, 5, 12};
    private static final int[] OWNERS = {1, 0, 1, 2, 0, /* type 2: */ 2, 2, 0, 1, 1, 0, 2};

    @Test
    void rowsAreGroupedByTypeInGlobalOrderWithinEachPartition() {
        PartitionLayout l = PartitionLayout.of(NodePartition.of(3, OWNERS, "test"), TYPE_OFFSETS);
        // partition 0: type 0 nodes 1, 4; type 2 nodes 7, 10
        assertEquals(4, l.rows(0));
        assertEquals(0, l.typeStart(0, 0));
        assertEquals(2, l.typeStart(0, 1));
        assertEquals(2, l.typeStart(0, 2));
        assertEquals(4, l.typeStart(0, 3));
        int[] expected0 = {1, 4, 7, 10};
        for (int r = 0; r < expected0.length; r++) {
            assertEquals(expected0[r], l.node(0, r));
            assertEquals(r, l.localRow(expected0[r]));
            assertEquals(0, l.partOf(expected0[r]));
        }
        assertEquals(2, l.typeOfLocalRow(0, 2), "local row 2 of partition 0 is node 7, of type 2 (type 1 is empty)");
        assertEquals(2, l.rows(0, 2));
        assertEquals(0, l.rows(0, 1));
        // partition 2: type 0 node 3; type 2 nodes 5, 6, 11
        assertEquals(4, l.rows(2));
        assertEquals(3, l.node(2, 0));
        assertEquals(11, l.node(2, 3));
        assertEquals(4, l.maxRows());
    }

    @Test
    void everyNodeHasExactlyOneRowAndRowsAreDense() {
        int[] offsets = {0, 3000, 3001, 10_000};
        PartitionLayout l = PartitionLayout.of(NodePartition.hash(10_000, 7, 9), offsets);
        boolean[] seen = new boolean[10_000];
        int total = 0;
        for (int p = 0; p < l.parts(); p++) {
            for (int r = 0; r < l.rows(p); r++) {
                int v = l.node(p, r);
                assertTrue(!seen[v], "node " + v + " twice");
                seen[v] = true;
                assertEquals(p, l.partOf(v));
                assertEquals(r, l.localRow(v));
                int t = l.typeOfLocalRow(p, r);
                assertTrue(v >= offsets[t] && v < offsets[t + 1], "node " + v + " filed under type " + t);
            }
            total += l.rows(p);
        }
        assertEquals(10_000, total);
    }

    @Test
    void aPartitionOfAnotherGraphIsRefused() {
        NodePartition p = NodePartition.hash(10, 2, 1);
        assertThrows(IllegalArgumentException.class, () -> PartitionLayout.of(p, new int[]{0, 5, 11}));
    }
}
