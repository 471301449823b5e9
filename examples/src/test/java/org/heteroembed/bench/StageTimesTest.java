package org.heteroembed.bench;

import org.heteroembed.tables.PartitionFile;
import org.heteroembed.train.partitioned.PartitionedTrainer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The stage times are summed from the debug logs' arguments, only while counting. */
class StageTimesTest {
    @Test
    void sumsTheTrainersAndThePartitionFilesDebugLogsWhileCounting() {
        StageTimes closed;
        try (StageTimes times = StageTimes.install()) {
            sums(times);
            closed = times;
        }
        LoggerFactory.getLogger(PartitionedTrainer.class).debug("bucket ({}, {}): {} segments in {} ms", 0, 0, 1L, 5000L);
        assertEquals(2.75, closed.stages().buckets(), 1e-12, "nothing counted once closed");
    }

    private static void sums(StageTimes times) {
        Logger files = LoggerFactory.getLogger(PartitionFile.class), trainer = LoggerFactory.getLogger(PartitionedTrainer.class);
        // before training (the initial partition files): not counted
        files.debug("{} {}: {} bytes in {} ms (checksum {} ms, force {} ms)", "wrote", "part-0.g0.bin", 100L, 500L, 5L, 400L);
        times.counting(true);
        files.debug("{} {}: {} bytes in {} ms (checksum {} ms, force {} ms)", "read", "part-0.g0.bin", 100L, 120L, 10L, 0L);
        files.debug("{} {}: {} bytes in {} ms (checksum {} ms, force {} ms)", "wrote", "part-0.g1.bin", 100L, 300L, 20L, 200L);
        files.debug("{} {}: {} bytes in {} ms (checksum {} ms, force {} ms)", "wrote", "part-1.g1.bin", 100L, 250L, 20L, 150L);
        trainer.debug("epoch {}: walked and spilled {} bytes of windows in {} ms", 1, 4096L, 7000L);
        trainer.debug("bucket ({}, {}): {} segments in {} ms", 0, 1, 12L, 1500L);
        trainer.debug("bucket ({}, {}): {} segments in {} ms", 1, 1, 10L, 1250L);
        trainer.info("epoch {}: {} tokens, {} pairs; {} partition loads, {} MiB read, {} MiB written so far", 1, 2, 3, 4, 5, 6);
        times.counting(false);
        trainer.debug("bucket ({}, {}): {} segments in {} ms", 1, 0, 10L, 99_000L);
        assertEquals(new PartitionsReport.Stages(7.0, 2.75, 0.12, 0.55, 0.05, 0.35), times.stages());
    }
}
