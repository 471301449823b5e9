package org.heteroembed.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One policy for every command that writes: an output is never an input, an existing output is replaced only with
 * --overwrite, and an output that cannot be written is found before the work.
 */
class OutputPolicyCliTest {
    @Test
    void outputsAreNeitherInputsNorReplacedWithoutAsking(@TempDir Path dir) throws IOException {
        Path edges = Files.writeString(dir.resolve("edges.tsv"), "user\tu1\tarticle\ta1\nuser\tu2\tarticle\ta1\n");
        String before = Files.readString(edges);
        HeteroEmbedCliTest.Run self = HeteroEmbedCliTest.run("graph", "snapshot", edges.toString(), "-o", edges.toString(),
                "--overwrite");
        assertEquals(2, self.exit(), self.err());
        assertTrue(self.err().contains("-o " + edges + " is this command's input"), self.err());
        assertEquals(before, Files.readString(edges), "the edge list is untouched");

        Path gen = dir.resolve("gen");
        assertEquals(0, HeteroEmbedCliTest.run("generate", "--edges", "500", "-o", gen.toString()).exit());
        HeteroEmbedCliTest.Run again = HeteroEmbedCliTest.run("generate", "--edges", "500", "-o", gen.toString());
        assertEquals(2, again.exit(), again.err());
        assertTrue(again.err().contains(gen + " exists: --overwrite replaces it"), again.err());
        assertEquals(0, HeteroEmbedCliTest.run("generate", "--edges", "500", "-o", gen.toString(), "--overwrite").exit());

        Path corpus = Files.writeString(dir.resolve("walks.txt"), "mine");
        HeteroEmbedCliTest.Run walks = HeteroEmbedCliTest.run("walks", edges.toString(), "-o", corpus.toString());
        assertEquals(2, walks.exit(), walks.err());
        assertEquals("mine", Files.readString(corpus));

        HeteroEmbedCliTest.Run under = HeteroEmbedCliTest.run("train", edges.toString(), "-o",
                edges.resolve("model.zip").toString());
        assertEquals(3, under.exit(), under.err());
        assertTrue(under.err().contains("cannot write " + edges.resolve("model.zip") + ": " + edges
                + " is a file, not a directory"), under.err());
        assertTrue(!under.out().contains("counting node frequencies"), "refused before any work: " + under.out());
    }
}
