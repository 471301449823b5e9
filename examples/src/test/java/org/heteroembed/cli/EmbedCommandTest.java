package org.heteroembed.cli;

import org.heteroembed.inference.HeteroEmbeddings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.heteroembed.cli.HeteroEmbedCliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code hetero-embed embed}: vectors for new nodes from a TSV of their edges; unknown neighbours reported per node. */
class EmbedCommandTest {
    @TempDir
    Path dir;

    @Test
    void infersNewNodesReportsUnknownNeighboursAndRefusesMalformedLines() throws IOException {
        Path model = dir.resolve("model.zip");
        HeteroEmbedCliTest.Run train = run("train", "-o", model.toString(), "--demo-edges", "3000", "--dimension", "8",
                "--walks-per-node", "2", "--walk-length", "10");
        assertEquals(0, train.exit(), train.err());
        HeteroEmbeddings e = HeteroEmbeddings.load(model);
        String a0 = e.id("article", 0), a1 = e.id("article", 1);
        Path edges = dir.resolve("new.tsv");
        Files.writeString(edges, String.join("\n", "# new users",
                "user\tnew-1\tarticle\t" + a0, "user\tnew-1\tarticle\t" + a1, "user\tnew-1\tarticle\tno-such",
                "user\tnew-2\tarticle\tno-such-either", "", "article\tnew-a\tuser\t" + e.id("user", 2)) + "\n");
        Path out = dir.resolve("new.txt");
        HeteroEmbedCliTest.Run embed = run("embed", model.toString(), "--new-edges", edges.toString(), "-o", out.toString());
        assertEquals(0, embed.exit(), embed.err());
        assertTrue(embed.err().contains("user:new-1: 1 of its 3 neighbours are not in the model (e.g. article:no-such)"),
                embed.err());
        assertTrue(embed.err().contains("user:new-2: none of its 1 neighbours is in the model"), embed.err());
        assertTrue(embed.out().contains("wrote 2 vectors (fold-in)"), embed.out());
        List<String> lines = Files.readAllLines(out);
        assertEquals("2 8", lines.get(0));
        assertTrue(lines.get(1).startsWith("user:new-1 ") && lines.get(2).startsWith("article:new-a "), lines.toString());
        assertEquals(9, lines.get(1).split(" ").length);

        HeteroEmbedCliTest.Run again = run("embed", model.toString(), "--new-edges", edges.toString(), "-o", out.toString());
        assertEquals(2, again.exit(), "an existing OUT needs --overwrite");
        Path bad = dir.resolve("bad.tsv");
        Files.writeString(bad, "user\tnew-1\tarticle\t" + a0 + "\nuser\tnew-3\tarticle\n");
        HeteroEmbedCliTest.Run malformed = run("embed", model.toString(), "--new-edges", bad.toString(), "-o",
                dir.resolve("bad.txt").toString());
        assertEquals(2, malformed.exit());
        assertTrue(malformed.err().contains(bad + ":2: expected TYPE<TAB>ID<TAB>NEIGHBOUR_TYPE<TAB>NEIGHBOUR_ID, got 3 field(s)"),
                malformed.err());
        assertFalse(Files.exists(dir.resolve("bad.txt")));
        Path unknownOnly = dir.resolve("unknown.tsv");
        Files.writeString(unknownOnly, "user\tnew-9\tarticle\tnothing\n");
        HeteroEmbedCliTest.Run nothing = run("embed", model.toString(), "--new-edges", unknownOnly.toString(), "-o",
                dir.resolve("nothing.txt").toString(), "--method", "mean");
        assertEquals(1, nothing.exit());
        assertTrue(nothing.err().contains("nothing written"), nothing.err());
        assertFalse(Files.exists(dir.resolve("nothing.txt")));
    }
}
