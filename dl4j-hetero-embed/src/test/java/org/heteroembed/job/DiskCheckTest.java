package org.heteroembed.job;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The disk a partitioned run can reach at its peak, against the free space (arithmetic; no disk is filled). */
class DiskCheckTest {
    private static final Path OUT = Path.of("/data/model");
    private static final long GB = 1L << 30;
    private static final long TABLES = 52 * GB, LARGEST = 4 * GB, MIN_SPILL = DiskCheck.MIN_SPILL;

    private static Optional<String> fresh(long free, boolean checkpoints, long spillLimit) {
        return DiskCheck.refusal(OUT, free, true, free, TABLES, LARGEST, true, checkpoints, spillLimit);
    }

    @Test
    void aFreshRunNeedsTheTablesOnePartitionMoreAndTheSpill() {
        long need = TABLES + LARGEST + 14 * GB;
        assertTrue(fresh(need, false, 14 * GB).isEmpty());
        String m = fresh(need - 1, false, 14 * GB).orElseThrow();
        assertEquals("/data/model needs 70.0 GiB of disk (tables 52.0 GiB, a partition being rewritten 4.0 GiB, "
                + "--spill-limit 14.0 GiB) and its disk has 70.0 GiB free: free disk space or give another -o, a smaller "
                + "--spill-limit, or a smaller --dimension", m);
    }

    @Test
    void withoutASpillLimitTheSpillsFloorIsCounted() {
        assertTrue(fresh(TABLES + LARGEST + MIN_SPILL, false, -1).isEmpty());
        String m = fresh(TABLES + LARGEST + MIN_SPILL - 1, false, -1).orElseThrow();
        assertTrue(m.contains("the smallest spill 64.0 MiB"), m);
    }

    @Test
    void periodicCheckpointsCountTheTablesOnceMore() {
        long need = 2 * TABLES + LARGEST + MIN_SPILL;
        assertTrue(fresh(need, true, -1).isEmpty());
        String m = fresh(need - 1, true, -1).orElseThrow();
        assertTrue(m.contains("periodic checkpoints keep up to the tables once more 52.0 GiB"), m);
        assertTrue(m.contains("--checkpoint-minutes 0"), m);
    }

    @Test
    void aResumedRunAlreadyHasItsTables() {
        long need = LARGEST + MIN_SPILL;
        assertTrue(DiskCheck.refusal(OUT, need, true, need, TABLES, LARGEST, false, false, -1).isEmpty());
        String m = DiskCheck.refusal(OUT, need - 1, true, need - 1, TABLES, LARGEST, false, false, -1).orElseThrow();
        assertTrue(m.startsWith("/data/model needs 4.1 GiB of disk (a partition being rewritten"), m);
    }

    @Test
    void aSpillOnAnotherDiskIsCheckedThere() {
        long outNeed = TABLES + LARGEST;
        assertTrue(DiskCheck.refusal(OUT, outNeed, false, 14 * GB, TABLES, LARGEST, true, false, 14 * GB).isEmpty());
        String m = DiskCheck.refusal(OUT, outNeed, false, 14 * GB - 1, TABLES, LARGEST, true, false, 14 * GB)
                .orElseThrow();
        assertTrue(m.startsWith("the spill directory needs 14.0 GiB (--spill-limit 14.0 GiB) and its disk has "), m);
        assertTrue(m.endsWith("give another --spill-directory or a smaller --spill-limit"), m);
    }
}
