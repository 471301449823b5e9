package org.heteroembed.cli;

import org.heteroembed.inference.HeteroEmbeddings;
import org.heteroembed.job.JobRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.heteroembed.cli.HeteroEmbedCliTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code convert} between a model file and a partitioned model directory, and the model commands (info, nearest,
 * export, eval, plot) on the directory, which answer as they do on the file.
 */
class PartitionedModelCommandsTest {
    @TempDir
    static Path dir;
    static Path model;
    static Path partitioned;

    @BeforeAll
    static void trainAndPartition() throws IOException {
        Path gen = dir.resolve("gen");
        assertEquals(0, run("generate", "--edges", "3000", "-o", gen.toString()).exit());
        model = dir.resolve("model.zip");
        HeteroEmbedCliTest.Run t = run("train", gen.resolve("graph.yaml").toString(), "-o", model.toString(), "--holdout", "0.1",
                "--metapath", "user-article-topic-article-user", "--walks-per-node", "3", "--walk-length", "10",
                "--dimension", "16", "--epochs", "1");
        assertEquals(0, t.exit(), t.err());
        partitioned = dir.resolve("model-dir");
        HeteroEmbedCliTest.Run c = run("convert", model.toString(), "-o", partitioned.toString(), "--partitions", "3");
        assertEquals(0, c.exit(), c.err());
        assertTrue(c.out().contains("in 3 partitions"), c.out());
        // eval finds the training graph and held-out edges beside the model, by the same sibling names
        Files.copy(JobRunner.trainingGraphFile(model), JobRunner.trainingGraphFile(partitioned));
        Files.copy(JobRunner.heldOutFile(model), JobRunner.heldOutFile(partitioned));
        Files.copy(JobRunner.lossFile(model), JobRunner.lossFile(partitioned));
    }

    @Test
    void convertBackGivesTheSameVectorsAndKeepsItsOverwritePolicy() throws IOException {
        Path back = dir.resolve("back.zip");
        HeteroEmbedCliTest.Run r = run("convert", partitioned.toString(), "-o", back.toString());
        assertEquals(0, r.exit(), r.err());
        HeteroEmbeddings a = HeteroEmbeddings.load(model), b = HeteroEmbeddings.load(back);
        for (String type : a.types()) {
            assertArrayEquals(a.vectors(type).dup().data().asFloat(), b.vectors(type).dup().data().asFloat(), 0f, type);
        }

        HeteroEmbedCliTest.Run exists = run("convert", partitioned.toString(), "-o", back.toString());
        assertEquals(2, exists.exit());
        assertTrue(exists.err().contains(back + " exists: --overwrite replaces it"), exists.err());
        assertEquals(0, run("convert", partitioned.toString(), "-o", back.toString(), "--overwrite").exit());

        Path again = dir.resolve("again");
        assertEquals(0, run("convert", model.toString(), "-o", again.toString(), "--partitions", "2").exit());
        assertEquals(0, run("convert", model.toString(), "-o", again.toString(), "--partitions", "4", "--overwrite").exit());
        assertTrue(run("info", again.toString()).out().contains("4 partition(s)"));
        Files.createDirectories(dir.resolve("plain"));
        HeteroEmbedCliTest.Run plain = run("convert", model.toString(), "-o", dir.resolve("plain").toString(), "--partitions", "2", "--overwrite");
        assertEquals(2, plain.exit());
        assertTrue(plain.err().contains("not a model directory: not replaced"), plain.err());

        HeteroEmbedCliTest.Run noParts = run("convert", model.toString(), "-o", dir.resolve("x").toString());
        assertEquals(2, noParts.exit());
        assertTrue(noParts.err().contains("--partitions"), noParts.err());
        HeteroEmbedCliTest.Run extraParts = run("convert", partitioned.toString(), "-o", dir.resolve("x.zip").toString(), "--partitions", "2");
        assertEquals(2, extraParts.exit());
        assertTrue(extraParts.err().contains("partitioned already"), extraParts.err());
        assertEquals(3, run("convert", dir.resolve("missing.zip").toString(), "-o", dir.resolve("y").toString(), "--partitions", "2").exit());
        assertTrue(run("convert", "--help").out().contains("--partitions"));
    }

    @Test
    void infoShowsTheManifestAndTheJob() {
        HeteroEmbedCliTest.Run info = run("info", partitioned.toString());
        assertEquals(0, info.exit(), info.err());
        assertTrue(info.out().contains("partitioned model directory: dimension 16, 3 partition(s) (hash)"), info.out());
        assertTrue(info.out().contains("training finished"), info.out());
        assertTrue(info.out().contains("job (train --config takes it):"), info.out());
        String nodesLine = run("info", model.toString()).out().lines().findFirst().orElseThrow();
        assertTrue(info.out().lines().findFirst().orElseThrow().endsWith(nodesLine.substring(nodesLine.indexOf(':'))), info.out());
    }

    @Test
    void nearestExportAndEvalAnswerAsOnTheModelFile() throws IOException {
        for (String similarity : new String[]{"cosine", "dot"}) {
            HeteroEmbedCliTest.Run onFile = run("nearest", model.toString(), "--type", "user", "--id", "u1", "--id", "u5",
                    "--target-type", "article", "--similarity", similarity);
            HeteroEmbedCliTest.Run onDir = run("nearest", partitioned.toString(), "--type", "user", "--id", "u1", "--id", "u5",
                    "--target-type", "article", "--similarity", similarity);
            assertEquals(0, onDir.exit(), onDir.err());
            assertEquals(onFile.out(), onDir.out());
        }

        Path fromFile = dir.resolve("file.txt"), fromDir = dir.resolve("dir.txt");
        assertEquals(0, run("export", model.toString(), "-o", fromFile.toString(), "--type", "user").exit());
        assertEquals(0, run("export", partitioned.toString(), "-o", fromDir.toString(), "--type", "user").exit());
        assertEquals(-1, Files.mismatch(fromFile, fromDir));
        assertTrue(Files.readAllLines(fromDir).stream().skip(1).allMatch(l -> l.startsWith("user:")));

        HeteroEmbedCliTest.Run evalFile = run("eval", model.toString(), "--type", "user");
        HeteroEmbedCliTest.Run evalDir = run("eval", partitioned.toString(), "--type", "user");
        assertEquals(0, evalDir.exit(), evalDir.err());
        assertTrue(evalDir.out().contains("AUC") && evalDir.out().contains("NMI"), evalDir.out());
        assertEquals(evalFile.out(), evalDir.out());
    }

    @Test
    void plotDrawsASampleOfTheDirectory() throws IOException {
        Path plots = dir.resolve("plots");
        HeteroEmbedCliTest.Run r = run("plot", partitioned.toString(), "--plots", plots.toString(), "--type", "user",
                "--max-points", "50");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("PCA of 50 of"), r.out());
        assertNotNull(ImageIO.read(plots.resolve("projection-user.png").toFile()));
        assertFalse(r.err().contains("Exception"), r.err());
    }
}
