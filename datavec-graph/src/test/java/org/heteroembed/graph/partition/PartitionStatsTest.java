package org.heteroembed.graph.partition;

import org.heteroembed.graph.HeteroGraph;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PartitionStatsTest {

    private static double cut(HeteroGraph g, int parts, int... owner) {
        return PartitionStats.edgeCutFraction(g, new NodePartition(parts, owner, "test"));
    }

    @Test
    void edgeCutCountsUndirectedEdgesBothWays() {
        // Path 0-1-2-3: 6 entries. Split {0,1} | {2,3}: 1-2 and 2-1 cross.
        HeteroGraph path = Graphs.undirected(4, new int[][]{{0, 1}, {1, 2}, {2, 3}});
        assertEquals(2.0 / 6, cut(path, 2, 0, 0, 1, 1), 1e-12);
        assertEquals(4.0 / 6, cut(path, 2, 0, 1, 1, 0), 1e-12);
        assertEquals(1.0, cut(path, 2, 0, 1, 0, 1), 1e-12);
        assertEquals(0.0, cut(path, 1, 0, 0, 0, 0));
    }

    @Test
    void edgeCutCountsDirectedEdgesOnce() {
        // 0->1, 1->2, 2->0 with {0} | {1,2}: 3 entries, 0->1 and 2->0 cross.
        HeteroGraph cycle = Graphs.directed(3, new int[][]{{0, 1}, {1, 2}, {2, 0}});
        assertEquals(2.0 / 3, cut(cycle, 2, 0, 1, 1), 1e-12);
    }

    @Test
    void noEdgesMeansNoCut() {
        HeteroGraph isolated = Graphs.undirected(3, new int[0][]);
        assertEquals(0.0, PartitionStats.edgeCutFraction(isolated, NodePartition.hash(3, 3, 1)));
    }

    @Test
    void partitionOfAnotherGraphIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PartitionStats.edgeCutFraction(Graphs.twoTriangles(), NodePartition.hash(5, 2, 1)));
        assertEquals("partition has 5 nodes, graph 6", e.getMessage());
    }
}
