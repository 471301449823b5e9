package org.heteroembed.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model knows the graph and held-out split it was trained with: eval refuses the stale files an earlier run left
 * beside it (which once inflated AUC from 0.75 to 0.84 silently), and nearest/eval refuse another graph over the same
 * ids unless told to use it.
 */
class ModelProvenanceCliTest {
    private static HeteroEmbedCliTest.Run run(String... args) {
        return HeteroEmbedCliTest.run(args);
    }

    private static String[] train(Path spec, Path model, String... more) {
        java.util.List<String> a = new java.util.ArrayList<>(java.util.List.of("train", spec.toString(), "-o",
                model.toString(), "--epochs", "1", "--threads", "1", "--walks-per-node", "2"));
        a.addAll(java.util.List.of(more));
        return a.toArray(new String[0]);
    }

    @Test
    void staleHeldOutFilesAndOtherGraphsAreRefused(@TempDir Path dir) throws java.io.IOException {
        assertEquals(0, run("generate", "--edges", "3000", "-o", dir.resolve("g").toString()).exit());
        assertEquals(0, run("generate", "--edges", "3000", "--seed", "9", "-o", dir.resolve("g2").toString()).exit());
        Path spec = dir.resolve("g/graph.yaml"), other = dir.resolve("g2/graph.yaml");
        Path model = dir.resolve("L/model.zip");

        HeteroEmbedCliTest.Run first = run(train(spec, model, "--holdout", "0.1"));
        assertEquals(0, first.exit(), first.err());
        HeteroEmbedCliTest.Run eval = run("eval", model.toString(), "--type", "user", "--max-nodes", "300");
        assertEquals(0, eval.exit(), eval.err());
        assertTrue(eval.err().contains("graph: " + model + ".train.heg (the graph the model was trained on)"), eval.err());
        assertTrue(eval.err().contains("held-out edges: " + model + ".heldout.tsv ("), eval.err());
        assertTrue(eval.err().contains(" edges, none of them in the training graph)"), eval.err());

        // retrained on the whole graph: the finished run removes the earlier split's files...
        Path oldGraph = Files.copy(Path.of(model + ".train.heg"), dir.resolve("old.train.heg"));
        Path oldEdges = Files.copy(Path.of(model + ".heldout.tsv"), dir.resolve("old.heldout.tsv"));
        assertEquals(0, run(train(spec, model, "--overwrite")).exit());
        assertFalse(Files.exists(Path.of(model + ".train.heg")) || Files.exists(Path.of(model + ".heldout.tsv")));
        // ...and when such files are there anyway (copied back, or left by an earlier version), eval refuses them
        Files.copy(oldGraph, Path.of(model + ".train.heg"));
        Files.copy(oldEdges, Path.of(model + ".heldout.tsv"));
        HeteroEmbedCliTest.Run stale = run("eval", model.toString());
        assertEquals(2, stale.exit(), stale.err());
        assertTrue(stale.err().contains("error: " + model + ".train.heg is not the graph " + model + " was trained on"),
                stale.err());
        HeteroEmbedCliTest.Run staleEdges = run("eval", model.toString(), "--graph", spec.toString());
        assertEquals(2, staleEdges.exit(), staleEdges.err());
        assertTrue(staleEdges.err().contains("held-out edges in " + model + ".heldout.tsv are edges of the graph "
                + model + " was trained on"), staleEdges.err());

        HeteroEmbedCliTest.Run nearest = run("nearest", model.toString(), "--type", "user", "--id", "u1", "--graph",
                other.toString());
        assertEquals(2, nearest.exit(), nearest.err());
        assertTrue(nearest.err().contains("error: " + other + " is not the graph " + model + " was trained on"),
                nearest.err());
        HeteroEmbedCliTest.Run allowed = run("nearest", model.toString(), "--type", "user", "--id", "u1", "--graph",
                other.toString(), "--allow-other-graph");
        assertEquals(0, allowed.exit(), allowed.err());
        assertTrue(allowed.err().contains("warning: " + other + " is not the graph " + model + " was trained on"),
                allowed.err());
    }

    @Test
    void readersWarnOnACheckpointOfARunThatDidNotFinish(@TempDir Path dir) throws Exception {
        assertEquals(0, run("generate", "--edges", "2000", "-o", dir.resolve("g").toString()).exit());
        Path model = dir.resolve("model.zip");
        org.heteroembed.job.EmbeddingJob job = org.heteroembed.job.EmbeddingJob.parse(
                "graph: {input: " + dir.resolve("g/graph.yaml") + "}\nwalks: {walksPerNode: 1, walkLength: 8}\n",
                true, "job");
        org.heteroembed.job.JobRunner stopped = org.heteroembed.job.JobRunner.builder(job).output(model).build();
        stopped.requestStop(); // as Ctrl-C before training began: a checkpoint of 0 tokens
        stopped.run();
        Path partial = org.heteroembed.job.JobRunner.partialFile(model);
        assertFalse(Files.exists(model), "only a finished run writes the model file");
        HeteroEmbedCliTest.Run nearest = run("nearest", partial.toString(), "--type", "user", "--id", "u1");
        assertEquals(0, nearest.exit(), nearest.err());
        assertTrue(nearest.err().contains("warning: " + partial + " is a checkpoint of a run that did not finish"),
                nearest.err());
        HeteroEmbedCliTest.Run again = run(train(dir.resolve("g/graph.yaml"), model));
        assertEquals(2, again.exit(), again.err());
        assertTrue(again.err().contains(partial + " holds a stopped run of " + model + ": --resume continues it, "
                + "--overwrite starts over"), again.err());
    }
}
