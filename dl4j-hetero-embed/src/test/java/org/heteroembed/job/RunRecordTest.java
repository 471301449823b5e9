package org.heteroembed.job;

import org.heteroembed.graph.GraphFingerprint;
import org.heteroembed.graph.GraphSnapshot;
import org.heteroembed.graph.HeldOutLinks;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.inference.HeteroModelFile;
import org.heteroembed.inference.RunRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every saved model records whether its run finished and which graph and held-out split it was trained with. */
class RunRecordTest {
    private static final HeteroGraph graph = PlantedJob.GRAPH;
    private static final EmbeddingJob heldOutJob = PlantedJob.BASE.with(Map.of("graph.holdout", 0.1));

    @Test
    void aModelFileRecordsItsGraphsAndSplit(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("model.zip");
        JobRunner.builder(heldOutJob).graph(graph).output(out).build().run();
        RunRecord r = HeteroModelFile.runRecord(out);
        assertTrue(r.finished());
        assertEquals(GraphFingerprint.of(graph), r.sourceGraph());
        assertEquals(GraphFingerprint.of(GraphSnapshot.load(JobRunner.trainingGraphFile(out))), r.graph());
        assertEquals(HeldOutLinks.read(JobRunner.heldOutFile(out), graph).fingerprint(), r.heldOut());
        // a resume of the finished run trains nothing and leaves no partial files behind
        JobRunner.builder(heldOutJob).graph(graph).output(out).resume(true).build().run();
        try (var files = java.nio.file.Files.list(dir)) {
            assertEquals(java.util.List.of("model.zip", "model.zip.heldout.tsv", "model.zip.loss.csv", "model.zip.train.heg"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }

        Path whole = dir.resolve("whole.zip");
        JobRunner.builder(PlantedJob.BASE).graph(graph).output(whole).build().run();
        RunRecord w = HeteroModelFile.runRecord(whole);
        assertEquals(GraphFingerprint.of(graph), w.graph());
        assertEquals(w.graph(), w.sourceGraph());
        assertNull(w.heldOut());
    }

    @Test
    void aStoppedRunsModelIsNotFinished(@TempDir Path dir) throws Exception {
        for (Map<String, Object> mode : java.util.List.<Map<String, Object>>of(Map.of(), Map.of("tables.partitions", 2))) {
            Path out = dir.resolve(mode.isEmpty() ? "model.zip" : "parts");
            JobRunner runner = JobRunner.builder(PlantedJob.BASE.with(mode)).graph(graph).output(out).listener(new RunListener() {
                @Override
                public void progress(org.heteroembed.train.fast.TrainingProgress p, double loss) {
                    throw new IllegalStateException("stopped before training: no progress expected");
                }
            }).build();
            runner.requestStop();
            runner.run();
            Path saved = mode.isEmpty() ? JobRunner.partialFile(out) : out; // a partitioned directory is its checkpoint
            assertFalse(HeteroModelFile.runRecord(saved).finished(), mode.toString());

            JobRunner.builder(PlantedJob.BASE.with(mode)).graph(graph).output(out).resume(true).build().run();
            assertTrue(HeteroModelFile.runRecord(out).finished(), mode.toString());
        }
    }
}
