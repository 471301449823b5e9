package org.heteroembed.cli;

import org.heteroembed.job.JobRunner;
import org.deeplearning4j.models.embeddings.loader.WordVectorSerializer;
import org.deeplearning4j.models.word2vec.Word2Vec;
import org.heteroembed.inference.HeteroEmbeddings;
import org.heteroembed.job.LossCurve;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.heteroembed.cli.HeteroEmbedCliTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The commands that read a trained model (nearest, export, plot) and train's loss curve, on one small model that
 * {@code train} writes from a generated planted-community graph (user, article, topic, with labels).
 */
class ModelCommandsTest {
    @TempDir
    static Path dir;
    static Path graph;
    static Path model;
    static HeteroEmbedCliTest.Run trained;

    /** Lines of a nearest table: rank, type, id, similarity [label]. */
    private static final Pattern ROW = Pattern.compile("(?m)^\\s*(\\d+)\\s+(\\S+)\\s+(\\S+)\\s+(-?\\d+\\.\\d{4})(?:\\s+(\\S+))?\\s*$");

    @BeforeAll
    static void trainAModel() {
        Path gen = dir.resolve("gen");
        assertEquals(0, run("generate", "--edges", "3000", "-o", gen.toString()).exit());
        graph = gen.resolve("graph.yaml");
        model = dir.resolve("model.zip");
        HeteroEmbedCliTest.Run t = run("train", graph.toString(), "-o", model.toString(), "--metapath", "user-article-topic-article-user",
                "--walks-per-node", "5", "--walk-length", "20", "--dimension", "16", "--epochs", "3");
        assertEquals(0, t.exit(), t.err());
        trained = t;
    }

    @Test
    void trainRecordsADecreasingLossCurveThatAResumeKeeps() throws IOException {
        Path csv = JobRunner.lossFile(model);
        assertEquals(dir.resolve("model.zip.loss.csv"), csv);
        assertTrue(trained.out().contains("loss curve " + csv), trained.out());
        assertEquals(LossCurve.HEADER, Files.readAllLines(csv).get(0));
        List<LossCurve.Point> points = LossCurve.read(csv).points();
        assertTrue(points.size() >= 10, "a point per ~1/1000 of the run, at least one per chunk: " + points.size());
        for (int i = 1; i < points.size(); i++) {
            assertTrue(points.get(i).tokens() > points.get(i - 1).tokens(), "tokens increase");
        }
        assertEquals(1, points.get(0).epoch());
        assertEquals(3, points.get(points.size() - 1).epoch());
        double first = points.get(0).loss(), last = points.get(points.size() - 1).loss();
        // Random initial vectors (output vectors 0): every score 0, loss (1 + 5 negatives) * log 2 = 4.16 per context at the
        // start; the first point averages over the first chunks, where the loss may rise a little before it falls.
        assertEquals(6 * Math.log(2), first, 0.5);
        assertTrue(first > last + 0.5, "the loss falls over training: " + first + " -> " + last);

        // A resume of the finished run trains nothing and keeps the curve.
        HeteroEmbedCliTest.Run resumed = run("train", graph.toString(), "-o", model.toString(), "--metapath", "user-article-topic-article-user",
                "--walks-per-node", "5", "--walk-length", "20", "--dimension", "16", "--epochs", "3", "--resume");
        assertEquals(0, resumed.exit(), resumed.err());
        assertEquals(points, LossCurve.read(csv).points());
    }

    @Test
    void nearestPrintsKRowsWithoutTheQueryItself() {
        HeteroEmbedCliTest.Run r = run("nearest", model.toString(), "--type", "user", "--id", "u0", "-k", "7");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("7 nearest user nodes to user u0 by cosine similarity:"), r.out());
        List<String[]> rows = rows(r.out());
        assertEquals(7, rows.size(), r.out());
        double previous = Double.MAX_VALUE;
        for (int i = 0; i < rows.size(); i++) {
            String[] row = rows.get(i);
            assertEquals(String.valueOf(i + 1), row[0]);
            assertEquals("user", row[1]);
            assertFalse(row[2].equals("u0"), "the query is left out of its own list: " + r.out());
            double s = Double.parseDouble(row[3]);
            assertTrue(s <= previous && s <= 1.0001 && s >= -1.0001, r.out());
            previous = s;
        }

        // Labels from the graph, another target type, the raw dot product, several queries.
        HeteroEmbedCliTest.Run labelled = run("nearest", model.toString(), "--type", "user", "--id", "u1", "--id", "u2", "-k", "3",
                "--target-type", "article", "--similarity", "dot", "--graph", graph.toString());
        assertEquals(0, labelled.exit(), labelled.err());
        assertTrue(labelled.out().contains("3 nearest article nodes to user u1 (label c1) by dot similarity:"), labelled.out());
        List<String[]> articleRows = rows(labelled.out());
        assertEquals(6, articleRows.size(), labelled.out());
        for (String[] row : articleRows) {
            assertEquals("article", row[1]);
            assertTrue(row[4] != null && row[4].matches("c\\d+|-"), "a label column: " + labelled.out());
        }
    }

    @Test
    void nearestRejectsUnknownTypesAndIdsWithExitTwo() throws IOException {
        HeteroEmbedCliTest.Run type = run("nearest", model.toString(), "--type", "usr", "--id", "u0");
        assertEquals(2, type.exit());
        assertTrue(type.err().contains("unknown node type 'usr'") && type.err().contains("user, article, topic"), type.err());

        HeteroEmbedCliTest.Run target = run("nearest", model.toString(), "--type", "user", "--id", "u0", "--target-type", "paper");
        assertEquals(2, target.exit());
        assertTrue(target.err().contains("--target-type: unknown node type 'paper'"), target.err());

        // A typo: the ids closest to "U5" ignoring case, u5 itself first, then those one edit away (u0..u9, uX5,
        // u5X) in id order, among the users the model has (users whose clicks were all held out are missing).
        HeteroEmbeddings e = HeteroEmbeddings.load(model);
        int users = e.numNodes("user");
        List<String> oneEdit = IntStream.range(0, users).mapToObj(i -> e.id("user", i))
                .filter(u -> u.matches("u\\d|u\\d5|u5\\d") && !u.equals("u5")).sorted().limit(4).toList();
        assertEquals(4, oneEdit.size(), oneEdit.toString());
        e.vector("user", "u5");
        HeteroEmbedCliTest.Run id = run("nearest", model.toString(), "--type", "user", "--id", "U5");
        assertEquals(2, id.exit());
        assertTrue(id.err().contains("--id: no node 'U5' of type 'user' in " + model + " (it has " + String.format("%,d", users)
                + " user ids); similar ids: u5, " + String.join(", ", oneEdit)), id.err());

        HeteroEmbedCliTest.Run far = run("nearest", model.toString(), "--type", "user", "--id", "nobody-at-all");
        assertEquals(2, far.exit());
        assertTrue(far.err().matches("(?s).*it has \\d+ user ids, e\\.g\\. u0, .*"), far.err());

        assertEquals(2, run("nearest", model.toString(), "--type", "user", "--id", "u0", "-k", "0").exit());
        assertEquals(2, run("nearest", model.toString(), "--type", "user", "--id", "u0", "--similarity", "l2").exit());
        assertEquals(2, run("nearest", model.toString(), "--id", "u0").exit(), "--type is required");
        HeteroEmbedCliTest.Run missing = run("nearest", dir.resolve("none.zip").toString(), "--type", "user", "--id", "u0");
        assertEquals(HeteroEmbedCli.EXIT_INPUT_ERROR, missing.exit());
        assertTrue(missing.err().contains("model file not found"), missing.err());
    }

    @Test
    void exportWord2vecReadsBackInDl4j() throws IOException {
        HeteroEmbeddings e = HeteroEmbeddings.load(model);
        int nodes = e.types().stream().mapToInt(e::numNodes).sum();
        Path txt = dir.resolve("out/vectors.txt");
        HeteroEmbedCliTest.Run r = run("export", model.toString(), "-o", txt.toString(), "--format", "word2vec");
        assertEquals(0, r.exit(), r.err());
        Word2Vec read = WordVectorSerializer.readWord2VecModel(txt.toFile());
        assertEquals(nodes, read.getVocab().numWords());
        assertArrayEquals(e.vector("article", "a3"), read.getWordVectorMatrix("article:a3").toFloatVector(), 1e-6f);

        Path users = dir.resolve("out/users.txt");
        assertEquals(0, run("export", model.toString(), "-o", users.toString(), "--type", "user").exit());
        Word2Vec userVectors = WordVectorSerializer.readWord2VecModel(users.toFile());
        assertEquals(e.numNodes("user"), userVectors.getVocab().numWords());
        assertArrayEquals(e.vector("user", "u5"), userVectors.getWordVectorMatrix("user:u5").toFloatVector(), 1e-6f);
        assertFalse(userVectors.hasWord("article:a3"));
        assertEquals(e.numNodes("user") + " 16", Files.readAllLines(users).get(0));
        try (Stream<Path> files = Files.list(dir.resolve("out"))) {
            assertEquals(List.of("users.txt", "vectors.txt"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary files left");
        }
        HeteroEmbedCliTest.Run bad = run("export", model.toString(), "-o", users.toString(), "--format", "csv");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("'csv' is not one of word2vec, word2vec-binary, tsv, npy"), bad.err());

        Path bin = dir.resolve("bin/vectors.bin");
        HeteroEmbedCliTest.Run binary = run("export", model.toString(), "-o", bin.toString(), "--format", "word2vec-binary");
        assertEquals(0, binary.exit(), binary.err());
        assertArrayEquals(e.vector("article", "a3"),
                WordVectorSerializer.readWord2VecModel(bin.toFile()).getWordVectorMatrix("article:a3").toFloatVector(), 0f);
        Path npy = dir.resolve("npy");
        HeteroEmbedCliTest.Run numpy = run("export", model.toString(), "-o", npy.toString(), "--format", "npy");
        assertEquals(0, numpy.exit(), numpy.err());
        assertEquals(nodes + 1, Files.readAllLines(npy.resolve("ids.tsv")).size(), "a header and a line per row");
        assertTrue(Files.size(npy.resolve("vectors.npy")) > (long) nodes * 16 * 4);
        assertEquals(2, run("export", model.toString(), "-o", users.toString(), "--type", "usr").exit());
    }

    @Test
    void exportTsvHasOneLinePerNodeAndLabelsFromTheGraph() throws IOException {
        HeteroEmbeddings e = HeteroEmbeddings.load(model);
        int nodes = e.types().stream().mapToInt(e::numNodes).sum();
        Path out = dir.resolve("projector");
        HeteroEmbedCliTest.Run r = run("export", model.toString(), "-o", out.toString(), "--format", "tsv", "--graph", graph.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> vectors = Files.readAllLines(out.resolve("vectors.tsv")), meta = Files.readAllLines(out.resolve("metadata.tsv"));
        assertEquals(nodes, vectors.size());
        assertEquals(nodes + 1, meta.size());
        assertEquals("type\tid\tlabel", meta.get(0));
        assertEquals("user\tu0\tc0", meta.get(1));
        assertEquals(16, vectors.get(0).split("\t").length);

        Path articles = dir.resolve("articles");
        assertEquals(0, run("export", model.toString(), "-o", articles.toString(), "--format", "tsv", "--type", "article").exit());
        List<String> av = Files.readAllLines(articles.resolve("vectors.tsv")), am = Files.readAllLines(articles.resolve("metadata.tsv"));
        assertEquals(e.numNodes("article"), av.size());
        assertEquals(e.numNodes("article") + 1, am.size());
        assertEquals("type\tid", am.get(0));
        assertTrue(am.stream().skip(1).allMatch(l -> l.startsWith("article\t")));
        // Row for row: the first article's vector is the one the model has.
        String[] cells = av.get(0).split("\t");
        float[] row = new float[cells.length];
        for (int i = 0; i < cells.length; i++) {
            row[i] = Float.parseFloat(cells[i]);
        }
        assertArrayEquals(e.vector("article", am.get(1).split("\t")[1]), row, 0f);
    }

    @Test
    void plotWritesProjectionAndLossPngs() throws IOException {
        Path plots = dir.resolve("plots");
        HeteroEmbedCliTest.Run r = run("plot", model.toString(), "--plots", plots.toString(), "--type", "user", "--graph", graph.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("labelled in 8 colours"), r.out());
        assertPng(plots.resolve("projection-user.png"), 900, 800);
        assertPng(plots.resolve("loss.png"), 900, 560); // MODEL.loss.csv, found next to the model
        assertFalse(Files.exists(plots.resolve("projection-article.png")), "only the --type asked for");

        // Every type by default, a sample of the nodes, another size, an explicit loss CSV.
        Path small = dir.resolve("small");
        HeteroEmbedCliTest.Run s = run("plot", model.toString(), "--plots", small.toString(), "--max-points", "50", "--width", "450",
                "--height", "300", "--loss-csv", JobRunner.lossFile(model).toString());
        assertEquals(0, s.exit(), s.err());
        assertTrue(s.out().matches("(?s).*PCA of 50 of \\d+ user vectors.*"), s.out());
        for (String type : new String[]{"user", "article", "topic"}) {
            assertPng(small.resolve("projection-" + type + ".png"), 450, 300);
        }
        assertPng(small.resolve("loss.png"), 450, 280);

        assertEquals(2, run("plot", model.toString(), "--plots", small.toString(), "--type", "usr").exit());
        HeteroEmbedCliTest.Run noCsv = run("plot", model.toString(), "--plots", small.toString(), "--loss-csv", dir.resolve("no.csv").toString());
        assertEquals(HeteroEmbedCli.EXIT_INPUT_ERROR, noCsv.exit());
        assertTrue(noCsv.err().contains("no.csv: file not found"), noCsv.err());
    }

    static void assertPng(Path png, int width, int height) throws IOException {
        assertTrue(Files.size(png) > 1000, png + " is not empty");
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, png + " decodes as an image");
        assertEquals(width, image.getWidth(), png.toString());
        assertEquals(height, image.getHeight(), png.toString());
    }

    /** The table rows of nearest's output: {rank, type, id, similarity, label or null}. */
    static List<String[]> rows(String out) {
        Matcher m = ROW.matcher(out);
        List<String[]> rows = new java.util.ArrayList<>();
        while (m.find()) {
            rows.add(new String[]{m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)});
        }
        return rows;
    }
}
