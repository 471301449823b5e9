package org.heteroembed.graph.io;

import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.NodeLabels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Graph spec files: the DBLP one-file-per-relation layout, labels and names, and every kind of bad spec. */
class GraphSpecTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private void dblpFiles() throws IOException {
        write("paper_author.txt", "p1\ta1\np1\ta2\np2\ta2\np3\ta3\n");
        write("paper_conf.txt", "p1\tv1\np2\tv1\np3\tv2\n");
        write("paper_term.txt", "p1\tt1\np2\tt1\np3\tt2\n");
        write("author_label.txt", "a1\t0\na2\t0\na3\t1\na99\t1\n");
        write("id_author.txt", "a1\tAda Lovelace\na2\tAlan Turing\n");
        write("id_conf.txt", "v1\tKDD\nv2\tKDD\n");
    }

    @Test
    void dblpLayoutInYaml() throws IOException {
        dblpFiles();
        Path spec = write("dblp.yaml", """
                nodeTypes: [paper, author, venue, term]
                edges:
                  - {file: paper_author.txt, format: pairs, srcType: paper, dstType: author}
                  - {file: paper_conf.txt,   format: pairs, srcType: paper, dstType: venue}
                  - {file: paper_term.txt,   format: pairs, srcType: paper, dstType: term}
                labels:
                  - {file: author_label.txt, type: author}
                names:
                  - {file: id_author.txt, type: author}
                  - {file: id_conf.txt, type: venue}
                """);
        GraphLoader loader = new GraphLoader();
        HeteroGraph g = loader.loadSpec(spec);
        assertEquals(10, g.numEdges());
        assertEquals(3, g.schema().numRelations());
        assertEquals("paper-author", g.schema().relation(0).name());
        int author = g.schema().nodeType("author");
        int venue = g.schema().nodeType("venue");
        assertEquals(3, g.numNodes(author));
        int p1 = g.node("paper", "p1");
        assertEquals(2, g.degree(p1, author));
        assertEquals(1, g.degree(p1, venue));
        // APVPA works from the typed lookups: a1 -> p1 -> v1 -> {p1, p2}.
        assertEquals(2, g.degree(g.node("venue", "v1"), g.schema().nodeType("paper")));

        NodeLabels labels = g.labels(author);
        assertEquals(2, labels.numClasses());
        assertEquals("1", labels.labelName(g.localId(g.node("author", "a3"))));
        assertEquals(3, labels.numLabelled());
        assertNull(g.labels(venue));
        assertEquals(1, loader.report().attributesForUnknownNodes(), "a99 is in no edge");
        assertEquals("Alan Turing", g.names(author).get(g.localId(g.node("author", "a2"))));
        assertEquals("", g.names(author).get(g.localId(g.node("author", "a3"))), "unnamed nodes get an empty name");
        assertEquals("KDD", g.names(venue).get(1), "names may repeat");
    }

    @Test
    void jsonSpecWithTypedFileAndRoundTrip() throws IOException {
        write("e.csv", "src_type,src_id,dst_type,dst_id\nuser,u1,item,i1\nuser,u2,item,i1\n");
        write("labels.csv", "user,u1,young\nuser,u2,old\nitem,i1,book\n");
        Path spec = write("g.json", """
                {"directed": true, "duplicates": "sum",
                 "edges": [{"file": "e.csv", "format": "typed", "delimiter": "comma", "header": true}],
                 "labels": [{"file": "labels.csv", "delimiter": ","}]}
                """);
        HeteroGraph g = new GraphLoader().loadSpec(spec);
        assertTrue(g.schema().relation(0).directed());
        assertEquals(0, g.degree(g.node("item", "i1")), "directed: items have no out-edges");
        assertEquals("book", g.labels(1).labelName(0));

        GraphSpec read = GraphSpec.read(spec);
        Path copy = dir.resolve("copy.yaml");
        read.write(copy);
        HeteroGraph again = new GraphLoader().loadSpec(copy);
        assertEquals(g.numEdges(), again.numEdges());
        assertEquals(g.schema(), again.schema());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown key          | edges: [{file: e.tsv, colour: red}]                         | unknown key 'colour'",
            "no edges             | nodeTypes: [a]                                              | 'edges' must list at least one edge file",
            "no file              | edges: [{format: typed}]                                    | edges[0]: 'file' is required",
            "bad format           | edges: [{file: e.tsv, format: adjacency}]                   | edges[0] (e.tsv): format 'adjacency' is not one of typed, pairs",
            "pairs without types  | edges: [{file: e.tsv, format: pairs, srcType: a}]           | edges[0] (e.tsv): format 'pairs' needs srcType and dstType",
            "undeclared type      | nodeTypes: [a]~edges: [{file: e.tsv, format: pairs, srcType: a, dstType: b}] | edges[0] (e.tsv): node type 'b' is not in nodeTypes [a]",
            "bad delimiter        | edges: [{file: e.tsv, delimiter: tabs}]                     | edges[0] (e.tsv): unknown delimiter 'tabs'",
            "bad duplicates       | duplicates: merge~edges: [{file: e.tsv}]                    | duplicates: 'merge' is not one of keep, sum, first",
            "bad self-loops       | selfLoops: yes~edges: [{file: e.tsv}]                       | selfLoops: 'yes' is not one of drop, keep",
            "label without file   | edges: [{file: e.tsv}]~labels: [{type: a}]                  | labels[0]: 'file' is required",
            "label bad type       | nodeTypes: [a, b]~edges: [{file: e.tsv}]~labels: [{file: l.tsv, type: c}] | labels[0]: type 'c' is not in nodeTypes [a, b]",
            "yaml syntax          | edges: [{file: e.tsv                                        | invalid spec",
            "label column = id    | edges: [{file: e.tsv}]~labels: [{file: l.tsv, type: a, labelColumn: 0}] | labels[0]: labelColumn 0 is the id column",
            "label column = type  | edges: [{file: e.tsv}]~labels: [{file: l.tsv, labelColumn: 0}] | labels[0]: labelColumn 0 is the type column",
            "negative name column | edges: [{file: e.tsv}]~labels: [{file: l.tsv, type: a, nameColumn: -1}] | labels[0]: nameColumn must be >= 0",
            "one column twice     | edges: [{file: e.tsv}]~labels: [{file: l.tsv, type: a, labelColumn: 2, nameColumn: 2}] | labels[0]: labelColumn and nameColumn are both 2",
            "label column in names| edges: [{file: e.tsv}]~names: [{file: l.tsv, type: a, labelColumn: 1}] | names[0]: labelColumn belongs in a labels entry",
    })
    void badSpecsFailNamingTheEntry(String name, String yaml, String expected) throws IOException {
        write("e.tsv", "a\t1\tb\t2\n");
        Path spec = write("bad.yaml", yaml.replace('~', '\n'));
        GraphInputException e = assertThrows(GraphInputException.class, () -> new GraphLoader().loadSpec(spec));
        assertTrue(e.getMessage().contains("bad.yaml") && e.getMessage().contains(expected), name + ": " + e.getMessage());
    }

    @Test
    void missingFilesNamed() throws IOException {
        GraphInputException noSpec = assertThrows(GraphInputException.class, () -> new GraphLoader().loadSpec(dir.resolve("none.yaml")));
        assertTrue(noSpec.getMessage().contains("none.yaml: graph spec not found"), noSpec.getMessage());

        Path spec = write("g.yaml", "edges: [{file: missing.tsv}]\n");
        GraphInputException noEdges = assertThrows(GraphInputException.class, () -> new GraphLoader().loadSpec(spec));
        assertTrue(noEdges.getMessage().contains("missing.tsv: file not found"), noEdges.getMessage());

        write("e.tsv", "a\t1\tb\t2\n");
        Path spec2 = write("g2.yaml", "edges: [{file: e.tsv}]\nlabels: [{file: nolabels.tsv, type: a}]\n");
        GraphInputException noLabels = assertThrows(GraphInputException.class, () -> new GraphLoader().loadSpec(spec2));
        assertTrue(noLabels.getMessage().contains("nolabels.tsv: file not found"), noLabels.getMessage());
    }

    @Test
    void badLabelLines() throws IOException {
        write("e.tsv", "a\t1\tb\t2\n");
        write("l.tsv", "a\t1\tx\textra\n");
        Path spec = write("g.yaml", "edges: [{file: e.tsv}]\nlabels: [{file: l.tsv}]\n");
        GraphInputException e = assertThrows(GraphInputException.class, () -> new GraphLoader().loadSpec(spec));
        assertTrue(e.getMessage().endsWith("l.tsv:1: expected 3 columns (type, id, label), found 4; for a file with more "
                + "columns, give their 0-based indices in its spec entry: labelColumn (and nameColumn)"), e.getMessage());

        write("l2.tsv", "c\t1\tx\n");
        Path spec2 = write("g2.yaml", "edges: [{file: e.tsv}]\nlabels: [{file: l2.tsv}]\n");
        GraphInputException e2 = assertThrows(GraphInputException.class, () -> new GraphLoader().loadSpec(spec2));
        assertTrue(e2.getMessage().endsWith("l2.tsv:1: unknown node type 'c' (types in the edges: a, b)"), e2.getMessage());
    }

    /** The DBLP four-area author_label.txt as distributed: id, label, name (names with spaces), tab-separated. */
    @Test
    void threeColumnLabelFileWithLabelAndNameColumns() throws IOException {
        dblpFiles();
        write("author_label.txt", "a1\t0\tAda Lovelace\na2\t0\tAlan Turing\na3\t1\tGrace B. Hopper\na99\t1\tNobody Here\n");
        String edges = """
                edges:
                  - {file: paper_author.txt, format: pairs, srcType: paper, dstType: author}
                  - {file: paper_conf.txt,   format: pairs, srcType: paper, dstType: venue}
                """;
        // as today, without the keys: the strict two-column check, now naming the keys that fix it
        Path strict = write("strict.yaml", edges + "labels:\n  - {file: author_label.txt, type: author}\n");
        GraphInputException e = assertThrows(GraphInputException.class, () -> new GraphLoader().loadSpec(strict));
        assertTrue(e.getMessage().endsWith("author_label.txt:1: expected 2 columns (id, label), found 3; for a file with "
                + "more columns, give their 0-based indices in its spec entry: labelColumn (and nameColumn)"), e.getMessage());

        Path spec = write("dblp.yaml", edges + "labels:\n  - {file: author_label.txt, type: author, labelColumn: 1, nameColumn: 2}\n");
        HeteroGraph g = new GraphLoader().loadSpec(spec);
        int author = g.schema().nodeType("author");
        NodeLabels labels = g.labels(author);
        assertEquals(2, labels.numClasses());
        assertEquals("0", labels.labelName(g.localId(g.node("author", "a2"))));
        assertEquals("1", labels.labelName(g.localId(g.node("author", "a3"))));
        assertEquals("Grace B. Hopper", g.names(author).get(g.localId(g.node("author", "a3"))), "the name column is kept");

        // only the label column: the names are skipped; a line with too few columns is named
        write("short.txt", "a1\t0\tAda Lovelace\na2\n");
        Path labelOnly = write("label-only.yaml", edges + "labels:\n  - {file: author_label.txt, type: author, labelColumn: 1}\n");
        assertNull(new GraphLoader().loadSpec(labelOnly).names(author));
        Path tooShort = write("short.yaml", edges + "labels:\n  - {file: short.txt, type: author, labelColumn: 1, nameColumn: 2}\n");
        GraphInputException shortLine = assertThrows(GraphInputException.class, () -> new GraphLoader().loadSpec(tooShort));
        assertTrue(shortLine.getMessage().endsWith("short.txt:2: expected at least 3 columns (id, label at 1, name at 2), found 1"),
                shortLine.getMessage());

        // a names file with more columns: nameColumn says where the name is
        write("id_author.txt", "a1\tx\tAda\n");
        Path names = write("names.yaml", edges + "names:\n  - {file: id_author.txt, type: author, nameColumn: 2}\n");
        HeteroGraph named = new GraphLoader().loadSpec(names);
        assertEquals("Ada", named.names(author).get(named.localId(named.node("author", "a1"))));
    }

    @Test
    void aNodeWithTwoLabelsIsAnErrorNamingBothLines() throws IOException {
        write("e.tsv", "a\t1\tb\t2\na\t3\tb\t2\n");
        write("l.tsv", "# labels\na\t1\tx\na\t3\ty\na\t1\tx\na\t1\tz\n");
        Path spec = write("g.yaml", "edges: [{file: e.tsv}]\nlabels: [{file: l.tsv}]\n");
        GraphInputException e = assertThrows(GraphInputException.class, () -> new GraphLoader().loadSpec(spec));
        // line 4 repeats line 2's label (harmless); line 5 contradicts it
        assertTrue(e.getMessage().endsWith("l.tsv:5: node a:1 has a second label 'z'; line 2 gave it 'x' (a node has one "
                + "label)"), e.getMessage());
    }
}
