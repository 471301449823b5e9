package org.heteroembed.spark;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class DeltaBlockTest {
    @Test
    void mergeAddsSharedRowsAndKeepsTheOthers() {
        // d = 2; rows 1 and 5 in a, rows 3 and 5 in b
        DeltaBlock a = new DeltaBlock(new int[]{1, 5}, new float[]{1, 1, 2, 2}, new float[]{10, 10, 20, 20}, new int[]{1, 1});
        DeltaBlock b = new DeltaBlock(new int[]{3, 5}, new float[]{3, 3, 4, 4}, new float[]{30, 30, 40, 40}, new int[]{1, 2});
        DeltaBlock m = DeltaBlock.merge(a, b);
        assertArrayEquals(new int[]{1, 3, 5}, m.rows());
        assertArrayEquals(new int[]{1, 1, 3}, m.touches());
        assertArrayEquals(new float[]{1, 1, 3, 3, 6, 6}, m.dIn());
        assertArrayEquals(new float[]{10, 10, 30, 30, 60, 60}, m.dOut());
        assertArrayEquals(m.rows(), DeltaBlock.merge(b, a).rows(), "order does not matter");
        assertArrayEquals(m.dIn(), DeltaBlock.merge(b, a).dIn());
        DeltaBlock empty = new DeltaBlock(new int[0], new float[0], new float[0], new int[0]);
        assertArrayEquals(a.dOut(), DeltaBlock.merge(a, empty).dOut());
        assertArrayEquals(a.dOut(), DeltaBlock.merge(empty, a).dOut());
    }
}
