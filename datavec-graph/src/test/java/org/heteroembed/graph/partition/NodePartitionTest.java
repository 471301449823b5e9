package org.heteroembed.graph.partition;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodePartitionTest {

    @Test
    void hashAssignsEveryNodeToAPartAndCountsTheSizes() {
        NodePartition p = NodePartition.hash(10_000, 7, 3);
        assertEquals(7, p.parts());
        assertEquals(10_000, p.numNodes());
        assertEquals(NodePartition.HASH, p.method());
        long[] counted = new long[7];
        for (int v = 0; v < p.numNodes(); v++) {
            int part = p.partOf(v);
            assertTrue(part >= 0 && part < 7, "node " + v + " in part " + part);
            counted[part]++;
        }
        assertArrayEquals(counted, p.sizes());
    }

    @Test
    void hashSizesAreBinomial() {
        int n = 200_000, parts = 16;
        NodePartition p = NodePartition.hash(n, parts, 11);
        double mean = (double) n / parts;
        double sd = Math.sqrt(n * (1.0 / parts) * (1 - 1.0 / parts));
        for (long s : p.sizes()) {
            assertEquals(mean, s, 5 * sd, "part size " + s + " vs " + mean + " +- " + sd);
        }
    }

    @Test
    void hashIsNotIdModuloParts() {
        // With id % parts, v and v + parts would always share a part; with a mixed hash only 1 time in parts.
        int n = 100_000, parts = 8;
        NodePartition p = NodePartition.hash(n, parts, 5);
        int same = 0;
        for (int v = 0; v + parts < n; v++) {
            same += p.partOf(v) == p.partOf(v + parts) ? 1 : 0;
        }
        assertEquals(1.0 / parts, (double) same / (n - parts), 0.01);
    }

    @Test
    void hashPartAndHashSizesAgreeWithTheMaterialisedPartition() {
        NodePartition p = NodePartition.hash(30_000, 6, 9);
        for (int v = 0; v < 30_000; v++) {
            assertEquals(p.partOf(v), NodePartition.hashPart(v, 6, 9), "node " + v);
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(p.sizes(), NodePartition.hashSizes(30_000, 6, 9));
    }

    @Test
    void hashIsDeterministicPerSeed() {
        assertEquals(NodePartition.hash(5000, 4, 1), NodePartition.hash(5000, 4, 1));
        assertEquals(NodePartition.hash(5000, 4, 1).hashCode(), NodePartition.hash(5000, 4, 1).hashCode());
        assertNotEquals(NodePartition.hash(5000, 4, 1), NodePartition.hash(5000, 4, 2));
    }

    @Test
    void onePartHoldsEverything() {
        NodePartition p = NodePartition.hash(1000, 1, 9);
        for (int v = 0; v < 1000; v++) {
            assertEquals(0, p.partOf(v));
        }
        assertArrayEquals(new long[]{1000}, p.sizes());
    }

    @Test
    void emptyGraphAndMorePartsThanNodes() {
        assertArrayEquals(new long[3], NodePartition.hash(0, 3, 1).sizes());
        assertEquals(2, Arrays.stream(NodePartition.hash(2, 5, 1).sizes()).sum());
    }

    @Test
    void sizesIsACopy() {
        NodePartition p = NodePartition.hash(100, 2, 1);
        p.sizes()[0] = -1;
        assertTrue(p.sizes()[0] >= 0);
    }

    @Test
    void badArgumentsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodePartition.hash(10, 0, 1));
        assertEquals("parts must be >= 1, got 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NodePartition.hash(10, -3, 1));
        e = assertThrows(IllegalArgumentException.class, () -> NodePartition.hash(-1, 2, 1));
        assertEquals("numNodes must be >= 0, got -1", e.getMessage());
        assertThrows(IllegalStateException.class, () -> new NodePartition(2, new int[]{0, 2}, "test"));
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        NodePartition p = NodePartition.hash(3000, 5, 8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(p);
        }
        NodePartition q;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            q = (NodePartition) in.readObject();
        }
        assertEquals(p, q);
        assertArrayEquals(p.sizes(), q.sizes());
        assertEquals(p.method(), q.method());
        assertEquals(p.partOf(2999), q.partOf(2999));
    }
}
