package org.heteroembed.graph;

import org.heteroembed.graph.generate.PlantedGraph;
import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Held-out edge files: what {@code generate} and {@code train --holdout} write and {@code eval} and
 * {@code search} read back, byte for byte the format earlier versions wrote, with errors naming the line.
 */
class HeldOutLinksFileTest {
    private static PlantedGraph planted;

    @TempDir
    Path dir;

    @BeforeAll
    static void generate() {
        planted = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(3_000, 3));
    }

    @Test
    void writeThenReadGivesTheSameEdges() throws Exception {
        HeldOutLinks links = planted.heldOut();
        assertTrue(links.size() > 0);
        Path file = dir.resolve("heldout.tsv");
        links.write(file, planted.graph());
        assertEquals(HeldOutLinks.HEADER, Files.readAllLines(file).get(0));
        assertEquals(links, HeldOutLinks.read(file, planted.graph()));
    }

    @Test
    void theFileFormatIsTheOneEarlierVersionsWrote() throws Exception {
        HeteroGraph g = planted.graph();
        int clicks = g.schema().relation(PlantedGraph.USER_ARTICLE);
        int u3 = g.node("user", "u3"), u5 = g.node("user", "u5"), a7 = g.node("article", "a7"), a2 = g.node("article", "a2");
        HeldOutLinks links = HeldOutLinks.of(clicks, new int[]{u3, u5}, new int[]{a7, a2});
        Path file = dir.resolve("written.tsv");
        links.write(file, g);
        assertEquals("src_type\tsrc_id\tdst_type\tdst_id\nuser\tu3\tarticle\ta7\nuser\tu5\tarticle\ta2\n", Files.readString(file));

        // Read leniently: no header, comments, blank lines, spaces, the other direction of an undirected
        // relation, and a node the graph does not have (skipped, counted in the log).
        Path lenient = Files.writeString(dir.resolve("lenient.tsv"),
                "# held out by hand\n\nuser u3  article a7\narticle\ta2\tuser\tu5\nuser\tu999999\tarticle\ta1\n");
        assertEquals(links, HeldOutLinks.read(lenient, g));
    }

    @Test
    void badLinesNameTheFileAndLine() throws Exception {
        Path shortLine = Files.writeString(dir.resolve("a.tsv"), HeldOutLinks.HEADER + "\nuser\tu0\tarticle\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HeldOutLinks.read(shortLine, planted.graph()));
        assertTrue(e.getMessage().contains("a.tsv:2"), e.getMessage());
        Path badType = Files.writeString(dir.resolve("b.tsv"), "user\tu0\tvenue\tv1\n");
        e = assertThrows(IllegalArgumentException.class, () -> HeldOutLinks.read(badType, planted.graph()));
        assertTrue(e.getMessage().contains("b.tsv:1") && e.getMessage().contains("venue"), e.getMessage());
        Path unconnected = Files.writeString(dir.resolve("c.tsv"), "user\tu0\ttopic\tt1\n");
        e = assertThrows(IllegalArgumentException.class, () -> HeldOutLinks.read(unconnected, planted.graph()));
        assertTrue(e.getMessage().contains("c.tsv:1") && e.getMessage().contains("no relation"), e.getMessage());
        Path none = Files.writeString(dir.resolve("d.tsv"), HeldOutLinks.HEADER + "\nuser\tu999999\tarticle\ta1\n");
        e = assertThrows(IllegalArgumentException.class, () -> HeldOutLinks.read(none, planted.graph()));
        assertTrue(e.getMessage().contains("d.tsv") && e.getMessage().contains("no held-out edge"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HeldOutLinks.read(dir.resolve("missing.tsv"), planted.graph()));
        assertTrue(e.getMessage().contains("missing.tsv"), e.getMessage());
    }

    @Test
    void validateNamesTheEdgeThatDoesNotFit() {
        HeteroGraph g = planted.graph();
        int clicks = g.schema().relation(PlantedGraph.USER_ARTICLE);
        HeldOutLinks reversed = HeldOutLinks.of(clicks, new int[]{g.node("article", "a0")}, new int[]{g.node("user", "u0")});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> reversed.validate(g));
        assertTrue(e.getMessage().contains("held-out edge 0") && e.getMessage().contains("user-article"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> reversed.write(dir.resolve("never.tsv"), g));
        assertTrue(!Files.exists(dir.resolve("never.tsv")));
        HeldOutLinks unknownRelation = new HeldOutLinks(new int[]{7}, new int[]{0}, new int[]{1});
        assertThrows(IllegalArgumentException.class, () -> unknownRelation.validate(g));
    }
}
