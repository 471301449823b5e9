package org.heteroembed.graph.io;

import org.heteroembed.graph.DuplicatePolicy;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.SelfLoopPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EdgeListLoaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private HeteroGraph load(Path file, EdgeListFormat format) throws IOException {
        return new GraphLoader().loadEdgeList(file, format);
    }

    @Test
    void typedEdgeListWithHeaderCommentsBlankLinesAndWeights() throws IOException {
        Path f = write("e.tsv", """
                src_type\tsrc_id\tdst_type\tdst_id\tweight
                # a comment
                user\tu1\tarticle\ta1\t2.5

                user\tu2\tarticle\ta1\t1
                article\ta2\tuser\tu1\t3
                article\ta1\ttopic\tt1\t1
                """);
        GraphLoader loader = new GraphLoader();
        HeteroGraph g = loader.loadEdgeList(f, EdgeListFormat.typed().header(true).build());
        assertEquals(3, g.numNodeTypes());
        assertEquals(4, g.numEdges());
        assertTrue(g.isWeighted());
        // The reversed article-user line joined the user-article relation: two relations in all.
        assertEquals(2, g.schema().numRelations());
        int u1 = g.node("user", "u1");
        assertEquals(2, g.degree(u1));
        int a1 = g.node("article", "a1");
        assertEquals(2, g.degree(a1, g.schema().nodeType("user")));
        assertEquals(1, g.degree(a1, g.schema().nodeType("topic")));
        assertEquals(4, loader.report().edges());
        assertEquals(4, loader.report().lines(), "data lines: header, comment and blank lines are not counted");
    }

    @Test
    void csvPairsWithFixedTypesRelationAndDirection() throws IOException {
        Path f = write("paper_author.csv", "p1,a1\np1,a2\np2,a1\n");
        HeteroGraph g = load(f, EdgeListFormat.pairs("paper", "author").delimiter(',').relation("writes").directed(true).build());
        assertEquals("writes", g.schema().relation(0).name());
        assertTrue(g.schema().relation(0).directed());
        assertEquals(2, g.degree(g.node("paper", "p1")));
        assertEquals(0, g.degree(g.node("author", "a1")), "directed: authors have no out-edges");
        assertFalse(g.isWeighted());
    }

    @Test
    void relationColumnAndGzip() throws IOException {
        Path f = dir.resolve("e.tsv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write("a\t1\tb\t2\t1\tr1\na\t1\tb\t3\t1\tr2\n".getBytes(StandardCharsets.UTF_8));
        }
        HeteroGraph g = load(f, EdgeListFormat.typed().build());
        assertEquals(2, g.schema().numRelations());
        assertEquals(2, g.degree(g.node("a", "1"), g.schema().nodeType("b")));
    }

    @Test
    void quotedFieldsAreDataVecCsv() throws IOException {
        Path f = write("q.csv", "user,\"Smith, J.\",item,i1\n");
        HeteroGraph g = load(f, EdgeListFormat.typed().delimiter(',').build());
        assertEquals(0, g.node("user", "Smith, J."));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "too few columns       | user~u1~article                 | e.tsv:2: expected 5 columns (as on the first data line), found 3",
            "column count changes  | user~u1~article~a1~1~x~extra | e.tsv:2: expected 5 columns (as on the first data line), found 7",
            "empty source id       | user~~article~a1~1             | e.tsv:2: empty source node id",
            "empty destination id  | user~u1~article~~1             | e.tsv:2: empty destination node id",
            "empty node type       | ~u1~article~a1~1               | e.tsv:2: empty source node type",
            "non-numeric weight    | user~u1~article~a1~abc          | e.tsv:2: weight 'abc' is not a number",
            "NaN weight            | user~u1~article~a1~NaN          | e.tsv:2: weight 'NaN' is not finite",
            "infinite weight       | user~u1~article~a1~Infinity     | e.tsv:2: weight 'Infinity' is not finite",
            "negative weight       | user~u1~article~a1~-2           | e.tsv:2: weight -2 must be positive",
            "zero weight           | user~u1~article~a1~0            | e.tsv:2: weight 0 must be positive",
    })
    void badLinesNameFileAndLine(String name, String badLine, String expected) throws IOException {
        Path f = write("e.tsv", "user\tu0\tarticle\ta0\t1\n" + badLine.replace('~', '\t') + "\nuser\tu9\tarticle\ta9\t1\n");
        GraphInputException e = assertThrows(GraphInputException.class, () -> load(f, EdgeListFormat.typed().build()));
        assertTrue(e.getMessage().endsWith(expected), name + ": " + e.getMessage());
        assertEquals(2, e.line());

        // --skip-bad-lines: the bad line is skipped and counted, the others load.
        GraphLoader skipping = new GraphLoader(LoadOptions.builder().skipBadLines(true).build());
        HeteroGraph g = skipping.loadEdgeList(f, EdgeListFormat.typed().build());
        assertEquals(2, g.numEdges());
        assertEquals(1, skipping.report().badLines());
        assertTrue(skipping.report().badLineExamples().get(0).endsWith(expected));
    }

    @Test
    void firstLineWithTooFewColumns() throws IOException {
        Path f = write("e.tsv", "user\tu1\tarticle\nuser\tu1\tarticle\ta1\n");
        GraphInputException e = assertThrows(GraphInputException.class, () -> load(f, EdgeListFormat.typed().build()));
        assertTrue(e.getMessage().endsWith("e.tsv:1: expected at least 4 columns, found 3 (delimiter TAB)"), e.getMessage());
    }

    @Test
    void unknownNodeTypeWhenTypesAreDeclared() throws IOException {
        write("e.tsv", "user\tu1\tarticle\ta1\nuser\tu1\tartcle\ta2\n");
        Path spec = write("g.yaml", "nodeTypes: [user, article]\nedges:\n  - file: e.tsv\n");
        GraphInputException e = assertThrows(GraphInputException.class, () -> new GraphLoader().loadSpec(spec));
        assertTrue(e.getMessage().matches(".*e\\.tsv:2: unknown destination node type 'artcle' \\(declared types: user, article\\)"), e.getMessage());
    }

    @Test
    void relationSeenWithOtherTypesIsAnError() throws IOException {
        Path f = write("e.tsv", "a\t1\tb\t2\t1\tr\nb\t1\ta\t2\t1\tr\n");
        GraphInputException e = assertThrows(GraphInputException.class, () -> load(f, EdgeListFormat.typed().build()));
        assertTrue(e.getMessage().contains("e.tsv:2: relation 'r' was first seen as a - b, now as b - a"), e.getMessage());
    }

    @Test
    void unterminatedQuoteIsABadLine() throws IOException {
        Path f = write("q.csv", "user,u1,item,i1\nuser,\"u2,item,i2\nuser,u3,item,i3\n");
        GraphInputException e = assertThrows(GraphInputException.class, () -> load(f, EdgeListFormat.typed().delimiter(',').build()));
        assertEquals(2, e.line(), e.getMessage());
    }

    @Test
    void missingFileAndEmptyGraph() throws IOException {
        GraphInputException missing = assertThrows(GraphInputException.class,
                () -> load(dir.resolve("nope.tsv"), EdgeListFormat.typed().build()));
        assertTrue(missing.getMessage().endsWith("nope.tsv: file not found"), missing.getMessage());

        Path empty = write("empty.tsv", "# only a comment\n\n");
        GraphInputException none = assertThrows(GraphInputException.class, () -> load(empty, EdgeListFormat.typed().build()));
        assertTrue(none.getMessage().contains("empty.tsv: no edges found"), none.getMessage());

        Path onlyLoops = write("loops.tsv", "user\tu1\tuser\tu1\n");
        GraphInputException loops = assertThrows(GraphInputException.class, () -> load(onlyLoops, EdgeListFormat.typed().build()));
        assertTrue(loops.getMessage().contains("1 self-loops dropped"), loops.getMessage());
    }

    @Test
    void selfLoopAndDuplicatePolicies() throws IOException {
        Path f = write("e.tsv", "user\tu1\tuser\tu1\nuser\tu1\tuser\tu2\nuser\tu2\tuser\tu1\nuser\tu1\tuser\tu2\n");
        GraphLoader dropping = new GraphLoader();
        HeteroGraph dropped = dropping.loadEdgeList(f, EdgeListFormat.typed().build());
        assertEquals(3, dropped.numEdges());
        assertEquals(1, dropping.report().selfLoopsDropped());
        assertEquals(3, dropped.degree(dropped.node("user", "u1")), "duplicates kept by default");

        HeteroGraph kept = new GraphLoader(LoadOptions.builder().selfLoops(SelfLoopPolicy.KEEP)
                .duplicates(DuplicatePolicy.SUM).build()).loadEdgeList(f, EdgeListFormat.typed().build());
        int u1 = kept.node("user", "u1"), u2 = kept.node("user", "u2");
        assertEquals(2, kept.numEdges(), "u1-u1 and one summed u1-u2");
        assertArrayEquals(new int[]{u1, u2}, kept.neighbours(u1));
        long i = kept.neighbourStart(u1) + 1;
        assertEquals(3f, kept.weight(i), "three u1-u2 lines summed, in either direction (undirected)");
    }

    @Test
    void invalidFormatsFailBeforeReading() {
        assertThrows(IllegalArgumentException.class, () -> EdgeListFormat.typed().srcIdColumn(0).build());
        assertThrows(IllegalArgumentException.class, () -> EdgeListFormat.pairs("a", "b").weightColumn(1).build());
        assertThrows(IllegalArgumentException.class, () -> EdgeListFormat.typed().delimiter('"').build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EdgeListFormat.parseDelimiter("tabs"));
        assertTrue(e.getMessage().contains("unknown delimiter 'tabs'"));
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstType() throws IOException {
        Path f = write("bom.tsv", "\uFEFFuser\tu1\tarticle\ta1\nuser\tu2\tarticle\ta1\n");
        HeteroGraph g = load(f, EdgeListFormat.typed().build());
        assertEquals(java.util.List.of("user", "article"), g.schema().nodeTypes());
        assertTrue(g.node("user", "u1") >= 0);
        Path h = write("bomh.tsv", "\uFEFFsrc_type\tsrc_id\tdst_type\tdst_id\nuser\tu1\tarticle\ta1\n");
        assertEquals(java.util.List.of("user", "article"),
                load(h, EdgeListFormat.typed().header(true).build()).schema().nodeTypes());
    }

    @Test
    void bytesThatAreNotUtf8AreRejectedNotMerged() throws IOException {
        Path f = dir.resolve("latin1.tsv");
        byte[] ok = "user\tu1\tarticle\ta1\n".getBytes(StandardCharsets.UTF_8);
        byte[] bad1 = {'u', 's', 'e', 'r', '\t', 'u', (byte) 0xff, '2', '\t', 'a', 'r', 't', 'i', 'c', 'l', 'e', '\t', 'a', '1', '\n'};
        byte[] bad2 = {'u', 's', 'e', 'r', '\t', 'u', (byte) 0xfe, '2', '\t', 'a', 'r', 't', 'i', 'c', 'l', 'e', '\t', 'a', '1', '\n'};
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        all.write(ok);
        all.write(bad1);
        all.write(bad2);
        Files.write(f, all.toByteArray());
        GraphInputException e = assertThrows(GraphInputException.class, () -> load(f, EdgeListFormat.typed().build()));
        assertTrue(e.getMessage().endsWith("latin1.tsv:2: field 2 is not valid UTF-8 text (ids and labels must be UTF-8: "
                + "convert the file, e.g. iconv -f latin1 -t utf-8)"), e.getMessage());
    }

    @Test
    void aHugeBadFieldIsCutInTheMessage() throws IOException {
        String huge = "9".repeat(30) + "x".repeat(1_000_000);
        Path f = write("huge.tsv", "user\tu1\tarticle\ta1\t" + huge + "\n");
        GraphInputException e = assertThrows(GraphInputException.class,
                () -> load(f, EdgeListFormat.typed().weightColumn(4).build()));
        assertTrue(e.getMessage().length() < 300, e.getMessage().length() + " characters");
        assertTrue(e.getMessage().endsWith("huge.tsv:1: weight '" + huge.substring(0, 60) + "...' (1,000,030 characters) "
                + "is not a number"), e.getMessage());
    }

    @Test
    void anEmptyGzipFileSaysSo() throws IOException {
        Path f = dir.resolve("empty.tsv.gz");
        Files.write(f, new byte[0]);
        GraphInputException e = assertThrows(GraphInputException.class, () -> load(f, EdgeListFormat.typed().build()));
        assertTrue(e.getMessage().endsWith("empty.tsv.gz: cannot read: the file ends too early (an empty or truncated gzip "
                + "file)"), e.getMessage());
    }
}
