package org.heteroembed.eval;

import org.heteroembed.graph.generate.PlantedGraph;
import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Held-out edge files: what {@code train --holdout} writes, {@code eval} reads back, with errors naming the line. */
class HeldOutLinksFileTest {
    @TempDir
    Path dir;

    @Test
    void writeThenReadGivesTheSameEdges() throws Exception {
        PlantedGraph planted = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(3_000, 3));
        HeldOutLinks links = HeldOutLinks.of(planted);
        Path file = dir.resolve("heldout.tsv");
        links.write(file, planted.graph());
        assertTrue(Files.readAllLines(file).get(0).equals(HeldOutLinks.HEADER));
        assertEquals(links, HeldOutLinks.read(file, planted.graph()));
    }

    @Test
    void badLinesNameTheFileAndLine() throws Exception {
        PlantedGraph planted = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(3_000, 3));
        Path shortLine = Files.writeString(dir.resolve("a.tsv"), HeldOutLinks.HEADER + "\nuser\tu0\tarticle\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HeldOutLinks.read(shortLine, planted.graph()));
        assertTrue(e.getMessage().contains("a.tsv:2"), e.getMessage());
        Path badType = Files.writeString(dir.resolve("b.tsv"), "user\tu0\tvenue\tv1\n");
        e = assertThrows(IllegalArgumentException.class, () -> HeldOutLinks.read(badType, planted.graph()));
        assertTrue(e.getMessage().contains("b.tsv:1") && e.getMessage().contains("venue"), e.getMessage());
        Path unconnected = Files.writeString(dir.resolve("c.tsv"), "user\tu0\ttopic\tt1\n");
        e = assertThrows(IllegalArgumentException.class, () -> HeldOutLinks.read(unconnected, planted.graph()));
        assertTrue(e.getMessage().contains("no relation"), e.getMessage());
    }
}
