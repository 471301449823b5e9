package org.heteroembed.inference;

import org.heteroembed.inference.ApproximateNearest.IndexInfo;
import org.heteroembed.inference.HeteroEmbeddings.Measure;
import org.heteroembed.inference.HeteroEmbeddings.Neighbour;
import org.heteroembed.inference.HeteroEmbeddings.Node;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Approximate search ({@link ApproximateNearest}, HNSW indexes per type) against exact search on planted vectors: recall,
 * scores, left-out nodes, and the index files (round trip, stale and foreign files rebuilt).
 */
class HnswIndexTest {
    static final int USERS = 2500, ITEMS = 600, DIM = 24;
    /** Small settings for the tests of files, whose answers need no recall (builds 4x faster than the defaults). */
    static final HnswParameters QUICK = new HnswParameters(8, 40, 50);
    static NodeIdTables ids;
    static float[][] planted;
    /** The planted vectors in memory, and their approximate search with the defaults (each index built once). */
    static HeteroEmbeddings memory;
    static ApproximateNearest ann;

    @TempDir
    Path dir;

    /**
     * Users around 40 planted centres (noise as large as the centres' spread, so neighbourhoods are not trivially the
     * clusters), items uniform; norms vary from 0.2 to 3 so that the dot product ranks differently from the cosine.
     */
    @BeforeAll
    static void plant() {
        String[] users = new String[USERS], items = new String[ITEMS];
        for (int i = 0; i < USERS; i++) {
            users[i] = "u" + i;
        }
        for (int i = 0; i < ITEMS; i++) {
            items[i] = "i" + i;
        }
        ids = new NodeIdTables(new String[]{"user", "item"}, new String[][]{users, items});
        planted = vectors(new Random(7));
        memory = embeddings(planted, null);
        ann = memory.approximate();
    }

    private static float[][] vectors(Random rnd) {
        float[][] centres = new float[40][DIM];
        for (float[] c : centres) {
            for (int j = 0; j < DIM; j++) {
                c[j] = (float) rnd.nextGaussian();
            }
        }
        float[][] v = new float[USERS + ITEMS][DIM];
        for (int i = 0; i < v.length; i++) {
            float[] c = i < USERS ? centres[rnd.nextInt(centres.length)] : new float[DIM];
            double norm = 0.2 + 2.8 * rnd.nextDouble();
            for (int j = 0; j < DIM; j++) {
                v[i][j] = (float) ((c[j] + rnd.nextGaussian()) * norm);
            }
        }
        return v;
    }

    private static HeteroEmbeddings embeddings(float[][] vectors, Path source) {
        return HeteroEmbeddings.of(ids, Nd4j.create(vectors).castTo(DataType.FLOAT).dup('c'), source);
    }

    private static double recall(List<Neighbour> exact, List<Neighbour> approximate) {
        Set<String> truth = new HashSet<>();
        exact.forEach(n -> truth.add(n.type() + ":" + n.id()));
        return approximate.stream().filter(n -> truth.contains(n.type() + ":" + n.id())).count() / (double) exact.size();
    }

    @Test
    void recallAtTenAgainstExactSearchWithTheDefaults() {
        HeteroEmbeddings e = memory;
        List<String> queries = new ArrayList<>();
        for (int i = 0; i < USERS; i += 10) {
            queries.add("u" + i);
        }
        double cosine = 0, dot = 0;
        List<List<Neighbour>> exact = e.nearest("user", queries, 10, "user");
        List<List<Neighbour>> approximate = ann.nearest("user", queries, 10, "user");
        for (int q = 0; q < queries.size(); q++) {
            List<Neighbour> a = approximate.get(q);
            assertEquals(10, a.size());
            for (int i = 0; i < a.size(); i++) {
                assertFalse(a.get(i).id().equals(queries.get(q)), "the query is left out");
                assertTrue(i == 0 || a.get(i).similarity() <= a.get(i - 1).similarity(), "best first");
                assertEquals(e.cosine("user", queries.get(q), "user", a.get(i).id()), a.get(i).similarity(), 1e-5,
                        "the similarity is the cosine");
            }
            cosine += recall(exact.get(q), a);
            float[] v = e.vector("user", queries.get(q));
            List<Neighbour> exactDot = e.nearest(v, 10, "item", Measure.DOT);
            List<Neighbour> approximateDot = ann.nearest(v, 10, "item", Measure.DOT);
            for (Neighbour n : approximateDot) {
                float[] item = e.vector("item", n.id());
                double product = 0;
                for (int j = 0; j < DIM; j++) {
                    product += (double) v[j] * item[j];
                }
                assertEquals(product, n.similarity(), 1e-4, "the similarity is the raw dot product");
            }
            dot += recall(exactDot, approximateDot);
        }
        cosine /= queries.size();
        dot /= queries.size();
        assertTrue(cosine >= 0.95, "cosine recall@10 " + cosine);
        assertTrue(dot >= 0.95, "dot recall@10 " + dot);
        // the dot product ranks by length too: its lists are not the cosine's
        float[] v = e.vector("user", "u0");
        assertFalse(e.nearest(v, 10, "item", Measure.DOT).equals(e.nearest(v, 10, "item", Measure.COSINE)));
    }

    @Test
    void leavesOutTheQueryAndTheGivenNodesAsExactSearchDoes() {
        HeteroEmbeddings e = memory;
        // a vector query leaves nothing out: the node whose vector it is comes first
        assertEquals("u5", ann.nearest(e.vector("user", "u5"), 3, "user", Measure.COSINE).get(0).id());
        // k as large as the type: every other node once, never the query
        List<Neighbour> all = ann.nearest("user", "u6", USERS, "user");  // as the exact list's length, USERS - 1
        assertTrue(all.size() >= USERS - 10 && all.size() <= USERS - 1, "about every other user: " + all.size());
        assertFalse(all.stream().anyMatch(n -> n.id().equals("u6")));
        assertEquals(all.size(), all.stream().map(Neighbour::id).distinct().count());
        // arithmetic leaves out every given node; across all types when no target type is given
        List<Node> positive = List.of(new Node("user", "u1"), new Node("item", "i3")), negative = List.of(new Node("user", "u2"));
        List<Neighbour> exact = e.nearest(positive, negative, 10, null);
        List<Neighbour> approximate = ann.nearest(positive, negative, 10, null);
        assertEquals(10, approximate.size());
        for (Neighbour n : approximate) {
            assertFalse(Set.of("user:u1", "item:i3", "user:u2").contains(n.type() + ":" + n.id()), n.toString());
        }
        assertTrue(recall(exact, approximate) >= 0.8, exact + " vs " + approximate);
        assertTrue(approximate.stream().anyMatch(n -> n.type().equals("item"))
                == exact.stream().anyMatch(n -> n.type().equals("item")), "both types searched");
        // exact search by dot for nodes: the vector query's list, less the query itself
        List<Neighbour> byVector = e.nearest(e.vector("user", "u6"), 6, "user", Measure.DOT);
        List<Neighbour> byNode = e.nearest("user", List.of("u6"), 5, "user", Measure.DOT).get(0);
        assertEquals(byVector.stream().filter(n -> !n.id().equals("u6")).limit(5).toList(), byNode);
        assertEquals(e.nearest(e.vector("user", "u6"), 5, "item", Measure.DOT), e.nearest("user", List.of("u6"), 5, "item",
                Measure.DOT).get(0));
        assertThrows(IllegalArgumentException.class, () -> ann.nearest("user", "u1", 0, "user"));
        assertThrows(IllegalArgumentException.class, () -> ann.nearest("user", "nobody", 5, "user"));
        assertThrows(IllegalArgumentException.class, () -> ann.nearest("user", "u1", 5, "venue"));
        assertEquals(List.of(), ann.nearest("user", List.of(), 5, "user"));
    }

    @Test
    void aSavedIndexAnswersAsItDidAndIsNotRebuilt() throws IOException {
        Path model = dir.resolve("model.zip");
        ApproximateNearest quick = embeddings(planted, model).approximate(QUICK);
        Path file = dir.resolve("model.zip.hnsw-user.idx");
        assertEquals(file, quick.indexFile("user", Measure.COSINE));
        assertEquals(dir.resolve("model.zip.hnsw-user.dot.idx"), quick.indexFile("user", Measure.DOT));
        IndexInfo built = quick.index("user", Measure.COSINE);
        assertTrue(built.built() && Files.isRegularFile(file), built.toString());
        assertEquals("no index file yet", built.reason());
        assertEquals(Files.size(file), built.bytes());
        assertFalse(quick.index("user", Measure.COSINE).built(), "open already in this process");
        List<String> queries = List.of("u0", "u17", "u2499", "u1234");
        List<List<Neighbour>> before = quick.nearest("user", queries, 10, "user");
        List<Neighbour> dotBefore = quick.nearest(planted[40], 10, "user", Measure.DOT);

        List<String> listened = new ArrayList<>();
        ApproximateNearest again = embeddings(planted, model).approximate(QUICK,
                new ApproximateNearest.BuildListener() {
                    @Override
                    public void building(String type, Measure measure, int rows, String reason) {
                        listened.add("building " + type + " " + measure + " " + rows + ": " + reason);
                    }

                    @Override
                    public void ready(IndexInfo info) {
                        listened.add((info.built() ? "built " : "read ") + info.type() + " " + info.measure());
                    }
                });
        IndexInfo read = again.index("user", Measure.COSINE);
        assertFalse(read.built(), read.toString());
        assertNull(read.reason());
        assertEquals(before, again.nearest("user", queries, 10, "user"), "identical answers from the saved index");
        assertEquals(dotBefore, again.nearest(planted[40], 10, "user", Measure.DOT));
        assertEquals(List.of("read user COSINE", "read user DOT"), listened);
        assertFalse(Files.list(dir).anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
    }

    @Test
    void aStaleForeignOrDamagedIndexIsRebuiltNotUsed() throws IOException {
        Path model = dir.resolve("model.zip");
        ApproximateNearest first = embeddings(planted, model).approximate(QUICK);
        first.index("user", Measure.COSINE);
        Path file = first.indexFile("user", Measure.COSINE);
        long written = Files.getLastModifiedTime(file).toMillis();

        // the model rewritten (retrained): other vectors under the same ids and path
        float[][] retrained = vectors(new Random(8));
        HeteroEmbeddings e2 = embeddings(retrained, model);
        ApproximateNearest second = e2.approximate(QUICK);
        IndexInfo stale = second.index("user", Measure.COSINE);
        assertTrue(stale.built(), stale.toString());
        assertEquals("stale: the model's user vectors changed since it was built", stale.reason());
        List<Neighbour> exact = e2.nearest("user", "u3", 10, "user");
        assertTrue(recall(exact, second.nearest("user", "u3", 10, "user")) >= 0.8, "answers from the new vectors");
        assertTrue(Files.getLastModifiedTime(file).toMillis() >= written);

        // other graph settings: rebuilt; another ef only: the same index
        HnswParameters other = new HnswParameters(6, 30, 50);
        IndexInfo otherM = e2.approximate(other).index("user", Measure.COSINE);
        assertTrue(otherM.built());
        assertEquals("parameters differ: built with M=8, efConstruction=40; asked for M=6, efConstruction=30", otherM.reason());
        assertFalse(embeddings(retrained, model).approximate(other.withEf(300)).index("user", Measure.COSINE).built());

        // a truncated file, and a file that is not an index
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        IndexInfo truncated = embeddings(retrained, model).approximate(other).index("user", Measure.COSINE);
        assertTrue(truncated.built() && truncated.reason().startsWith("unreadable"), truncated.toString());
        Files.writeString(file, "not an index");
        IndexInfo foreign = embeddings(retrained, model).approximate(other).index("user", Measure.COSINE);
        assertTrue(foreign.built() && foreign.reason().equals("not an index file"), foreign.toString());
        assertEquals(Files.size(file), foreign.bytes(), "rewritten whole");
    }

    @Test
    void indexFilesLiveBesideAModelFileOrInsideAModelDirectory() throws IOException {
        assertEquals(Path.of("m/model.zip.hnsw-user.idx"), HnswTypeIndex.file(Path.of("m/model.zip"), "user", Measure.COSINE));
        Files.createDirectories(dir.resolve("model-dir"));
        assertEquals(dir.resolve("model-dir/hnsw-user.dot.idx"), HnswTypeIndex.file(dir.resolve("model-dir"), "user", Measure.DOT));
        // a type name never makes a path or collides with the .dot suffix
        assertEquals("a%2Fb%2Edot%20x", HnswTypeIndex.fileSafe("a/b.dot x"));
        assertNull(embeddings(planted, null).approximate().indexFile("user", Measure.COSINE), "in memory only");
        assertThrows(IllegalArgumentException.class, () -> new HnswParameters(1, 200, 100));
        assertThrows(IllegalArgumentException.class, () -> new HnswParameters(16, 0, 100));
        assertThrows(IllegalArgumentException.class, () -> HnswParameters.DEFAULTS.withEf(0));
    }
}
