package org.heteroembed.cli;

import org.heteroembed.inference.HeteroEmbeddings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The DBLP-layout spec in examples/dblp loads and trains with metapath APVPA. */
class DblpLayoutTest {
    @TempDir
    Path dir;

    @Test
    void specLoadsAndTrainsWithApvpa() throws Exception {
        HeteroEmbedCliTest.Run stats = HeteroEmbedCliTest.run("graph", "stats", "dblp/graph.yaml");
        assertEquals(0, stats.exit(), stats.err());
        assertTrue(stats.out().contains("author") && stats.out().contains("venue"), stats.out());
        // author_label.txt has the distributed three columns: id, label, name (read with labelColumn, nameColumn)
        org.heteroembed.graph.HeteroGraph g = new org.heteroembed.graph.io.GraphLoader().load(Path.of("dblp/graph.yaml"), null);
        int author = g.schema().nodeType("author");
        assertEquals(4, g.labels(author).numClasses());
        assertEquals("Ada Sample0", g.names(author).get(g.localId(g.node("author", "a0"))));
        Path model = dir.resolve("dblp.zip");
        HeteroEmbedCliTest.Run train = HeteroEmbedCliTest.run("train", "dblp/graph.yaml", "--metapath",
                "author-paper-venue-paper-author", "--walks-per-node", "10", "--walk-length", "20", "--dimension", "8",
                "-o", model.toString());
        assertEquals(0, train.exit(), train.err());
        HeteroEmbeddings e = HeteroEmbeddings.load(model);
        assertEquals(24, e.numNodes("author"));
        assertEquals(8, e.numNodes("venue"));
    }
}
