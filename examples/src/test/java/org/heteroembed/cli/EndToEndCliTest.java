package org.heteroembed.cli;

import org.heteroembed.job.JobRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** generate -> train --holdout -> eval (text, JSON, plots) -> nearest -> export, as a user runs them. */
class EndToEndCliTest {
    @TempDir
    Path dir;

    @Test
    void generateTrainEvalNearestExport() throws Exception {
        Path data = dir.resolve("data");
        assertEquals(0, HeteroEmbedCliTest.run("generate", "-o", data.toString(), "--edges", "8000").exit());
        Path model = dir.resolve("model.zip");
        HeteroEmbedCliTest.Run train = HeteroEmbedCliTest.run("train", data.resolve("graph.yaml").toString(), "--holdout", "0.1",
                "--dimension", "16", "--walks-per-node", "6", "--walk-length", "20", "--epochs", "2", "-o", model.toString());
        assertEquals(0, train.exit(), train.err());
        assertTrue(Files.isRegularFile(JobRunner.heldOutFile(model)) && Files.isRegularFile(JobRunner.trainingGraphFile(model)));

        Path plots = dir.resolve("plots"), json = dir.resolve("eval.json");
        HeteroEmbedCliTest.Run eval = HeteroEmbedCliTest.run("eval", model.toString(), "--type", "user",
                "--json", json.toString(), "--plots", plots.toString());
        assertEquals(0, eval.exit(), eval.err());
        assertTrue(eval.out().contains("AUC") && eval.out().contains("NMI"), eval.out());
        // one report per type, the first with link prediction: written section by section, complete at the end
        var reports = new org.nd4j.shade.jackson.databind.ObjectMapper().readTree(json.toFile());
        assertEquals(1, reports.size(), reports.toString());
        for (String section : new String[]{"linkPrediction", "nodeClassification", "clustering"}) {
            assertTrue(reports.get(0).has(section), section + " missing: " + reports);
        }
        assertTrue(reports.get(0).get("linkPrediction").get("overall").has("auc"), reports.toString());
        assertTrue(eval.out().indexOf("Link prediction") < eval.out().indexOf("Node classification")
                && eval.out().indexOf("Node classification") < eval.out().indexOf("Clustering"), eval.out());
        assertNotNull(ImageIO.read(plots.resolve("projection-user.png").toFile()));
        assertNotNull(ImageIO.read(plots.resolve("loss.png").toFile()));
        assertTrue(eval.err().contains("node classification of 'user': 5 ratios x 5 splits..."), eval.err());

        // plot on its own also colours by the labels of MODEL.train.heg, as eval does
        Path alone = dir.resolve("plot-alone");
        HeteroEmbedCliTest.Run plot = HeteroEmbedCliTest.run("plot", model.toString(), "--plots", alone.toString(),
                "--type", "user");
        assertEquals(0, plot.exit(), plot.err());
        assertTrue(plot.out().contains("labelled in 8 colours"), plot.out());
        assertTrue(plot.err().contains("labels: " + JobRunner.trainingGraphFile(model)), plot.err());

        // trimmed: one ratio, two splits; and a type typo refused before any work
        HeteroEmbedCliTest.Run quick = HeteroEmbedCliTest.run("eval", model.toString(), "--type", "user", "--ratios", "0.5",
                "--repeats", "2");
        assertEquals(0, quick.exit(), quick.err());
        assertTrue(quick.out().contains("  50%          2  "), quick.out());
        assertTrue(!quick.out().contains("  10%  "), quick.out());
        HeteroEmbedCliTest.Run typo = HeteroEmbedCliTest.run("eval", model.toString(), "--type", "usr");
        assertEquals(2, typo.exit(), typo.err());
        assertTrue(typo.err().contains("--type: unknown node type 'usr'") && !typo.err().contains("link prediction:"),
                typo.err());

        HeteroEmbedCliTest.Run nearest = HeteroEmbedCliTest.run("nearest", model.toString(), "--type", "user", "--id", "u0", "-k", "3");
        assertEquals(0, nearest.exit(), nearest.err());
        Path vectors = dir.resolve("vectors.txt");
        assertEquals(0, HeteroEmbedCliTest.run("export", model.toString(), "-o", vectors.toString(), "--format", "word2vec").exit());
        assertTrue(Files.size(vectors) > 0);
    }

    @Test
    void evalArgumentErrors() throws Exception {
        assertEquals(3, HeteroEmbedCliTest.run("eval", dir.resolve("missing.zip").toString()).exit(), "missing model: bad input");
        HeteroEmbedCliTest.Run noModel = HeteroEmbedCliTest.run("eval");
        assertEquals(2, noModel.exit(), "MODEL is required");
        assertTrue(noModel.err().contains("MODEL"), noModel.err());
        HeteroEmbedCliTest.Run badSimilarity = HeteroEmbedCliTest.run("eval", "m.zip", "--similarity", "euclid");
        assertEquals(2, badSimilarity.exit());
        assertTrue(badSimilarity.err().contains("--similarity"), badSimilarity.err());
        assertEquals(2, HeteroEmbedCliTest.run("eval", "m.zip", "--negatives", "0").exit());
        assertEquals(2, HeteroEmbedCliTest.run("eval", "m.zip", "--ratios", "0.5,1.2").exit());
        assertEquals(2, HeteroEmbedCliTest.run("eval", "m.zip", "--repeats", "0").exit());
        // --json is checked before the model is read: never the model itself, never under a file
        Path model = dir.resolve("m.zip");
        HeteroEmbedCliTest.Run jsonIsModel = HeteroEmbedCliTest.run("eval", model.toString(), "--json", model.toString());
        assertEquals(2, jsonIsModel.exit(), jsonIsModel.err());
        assertTrue(jsonIsModel.err().contains("--json " + model + " is this command's input"), jsonIsModel.err());
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        HeteroEmbedCliTest.Run jsonUnderFile = HeteroEmbedCliTest.run("eval", model.toString(), "--json", file.resolve("eval.json").toString());
        assertEquals(3, jsonUnderFile.exit(), jsonUnderFile.err());
        assertTrue(jsonUnderFile.err().contains("is a file, not a directory"), jsonUnderFile.err());
        assertEquals(2, HeteroEmbedCliTest.run("train", "-o", dir.resolve("x.zip").toString(), "--holdout", "1.5").exit());
    }
}
