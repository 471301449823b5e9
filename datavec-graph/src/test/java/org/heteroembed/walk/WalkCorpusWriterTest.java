package org.heteroembed.walk;

import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.HeteroGraphBuilder;
import org.heteroembed.graph.io.NodeTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WalkCorpusWriterTest {
    @TempDir
    Path dir;

    private static HeteroGraph graph() {
        HeteroGraphBuilder b = HeteroGraph.builder();
        int a = b.nodeType("author"), p = b.nodeType("paper");
        int r = b.relation("writes", a, p, false);
        b.addEdge(r, b.node(a, "Ada Lovelace"), b.node(p, "p%1"), 1f);
        b.addEdge(r, b.node(a, "alan\tturing"), b.node(p, "p%1"), 1f);
        b.addEdge(r, b.node(a, "alan\tturing"), b.node(p, "p2"), 1f);
        return b.build();
    }


    private void check(Path file, boolean gzip) throws IOException, InterruptedException {
        HeteroGraph g = graph();
        WalkGenerator gen = new WalkGenerator(g, WalkConfig.builder().walksPerNode(3).walkLength(5).threads(2).build());
        assertEquals(gen.numWalks(), WalkCorpusWriter.write(gen, file, null));
        List<int[]> walks = WalkGeneratorTest.collect(gen);
        var in = Files.newInputStream(file);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(gzip ? new GZIPInputStream(in) : in, StandardCharsets.UTF_8))) {
            List<String> lines = r.lines().toList();
            assertEquals(walks.size(), lines.size());
            for (int i = 0; i < lines.size(); i++) {
                String[] tokens = lines.get(i).split(" ");
                int[] nodes = new int[tokens.length];
                for (int k = 0; k < tokens.length; k++) {
                    String[] node = NodeTokens.parse(tokens[k]);
                    nodes[k] = g.node(node[0], node[1]);
                }
                assertArrayEquals(walks.get(i), nodes, "line " + (i + 1) + ": " + lines.get(i));
            }
        }
    }

    @Test
    void corpusLinesAreTheWalksWithEscapedIds() throws IOException, InterruptedException {
        check(dir.resolve("walks.txt"), false);
        check(dir.resolve("walks.txt.gz"), true);
        assertEquals("author:Ada%20Lovelace", NodeTokens.token("author", "Ada Lovelace"));
        assertEquals("p%251", NodeTokens.escape("p%1"));
        assertArrayEquals(new String[]{"a b", "x%\t:y"}, NodeTokens.parse(NodeTokens.token("a b", "x%\t:y")));
    }

    @Test
    void failedWriteLeavesNoFile() throws IOException {
        Path target = dir.resolve("blocked");
        Files.createDirectory(target);
        Files.writeString(target.resolve("keep"), "x");
        WalkGenerator gen = new WalkGenerator(graph(), WalkConfig.builder().walksPerNode(1).walkLength(3).build());
        assertThrows(IOException.class, () -> WalkCorpusWriter.write(gen, target, null));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary corpus left behind");
        }
        assertFalse(Files.isRegularFile(target));
    }
}
