package org.heteroembed.graph;

import org.heteroembed.graph.store.BigBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GraphSnapshotTest {
    @TempDir
    Path dir;

    static void assertSameGraph(HeteroGraph a, HeteroGraph b) {
        assertEquals(a.schema(), b.schema());
        assertEquals(a.numNodes(), b.numNodes());
        assertEquals(a.numEdges(), b.numEdges());
        assertEquals(a.numAdjacencyEntries(), b.numAdjacencyEntries());
        assertEquals(a.isWeighted(), b.isWeighted());
        for (int t = 0; t < a.numNodeTypes(); t++) {
            assertEquals(a.numNodes(t), b.numNodes(t));
            assertEquals(a.labels(t) == null, b.labels(t) == null);
            assertEquals(a.names(t) == null, b.names(t) == null);
        }
        for (int v = 0; v < a.numNodes(); v++) {
            int t = a.nodeType(v);
            int local = a.localId(v);
            assertEquals(a.nodeId(v), b.nodeId(v));
            assertEquals(v, b.node(t, a.nodeId(v)));
            assertArrayEquals(a.neighbours(v), b.neighbours(v));
            for (long i = a.neighbourStart(v); i < a.neighbourEnd(v); i++) {
                assertEquals(a.weight(i), b.weight(i));
            }
            if (a.labels(t) != null) {
                assertEquals(a.labels(t).labelName(local), b.labels(t).labelName(local));
            }
            if (a.names(t) != null) {
                assertEquals(a.names(t).get(local), b.names(t).get(local));
            }
        }
        // Sampling draws the same neighbours from the same random stream: the alias tables match too.
        SplittableRandom ra = new SplittableRandom(7), rb = new SplittableRandom(7);
        for (int v = 0; v < a.numNodes(); v++) {
            for (int k = 0; k < 5; k++) {
                assertEquals(a.sampleNeighbour(v, ra), b.sampleNeighbour(v, rb));
            }
        }
    }

    private static HeteroGraph labelledGraph(boolean weighted) {
        HeteroGraphBuilder b = HeteroGraph.builder();
        int user = b.nodeType("user"), item = b.nodeType("item");
        int rel = b.relation("buys", user, item, false);
        int follows = b.relation("follows", user, user, true);
        SplittableRandom rng = new SplittableRandom(3);
        for (int e = 0; e < 500; e++) {
            int u = b.node(user, "u" + rng.nextInt(60)), i = b.node(item, "ümlaut-" + rng.nextInt(40));
            b.addEdge(rel, u, i, weighted ? 1 + rng.nextInt(5) : 1f);
            b.addEdge(follows, u, b.node(user, "u" + rng.nextInt(60)), 1f);
        }
        for (int u = 0; u < b.numNodes(user); u += 2) {
            b.setLabel(user, u, "L" + (u % 3));
            b.setName(user, u, "User number " + u);
        }
        return b.build();
    }

    @Test
    void roundTripUnweightedAndWeighted() throws IOException {
        for (boolean weighted : new boolean[]{false, true}) {
            HeteroGraph g = labelledGraph(weighted);
            Path file = dir.resolve("g" + weighted + ".heg");
            GraphSnapshot.save(g, file);
            assertTrue(GraphSnapshot.isSnapshot(file));
            HeteroGraph m = GraphSnapshot.load(file);
            assertSameGraph(g, m);
            assertNull(m.labels(1));
            assertEquals(-1, m.node(0, "nobody"));
        }
    }

    @Test
    void roundTripRandomGraphs() throws IOException {
        for (long seed = 0; seed < 20; seed++) {
            HeteroGraph g = new RandomGraphs(seed, seed % 2 == 0, DuplicatePolicy.KEEP, SelfLoopPolicy.KEEP).builder.build();
            Path file = dir.resolve("r" + seed + ".heg");
            GraphSnapshot.save(g, file);
            assertSameGraph(g, GraphSnapshot.load(file));
        }
    }

    @Test
    void rejectsMissingForeignAndTruncatedFiles() throws IOException {
        IOException missing = assertThrows(IOException.class, () -> GraphSnapshot.load(dir.resolve("none.heg")));
        assertTrue(missing.getMessage().contains("none.heg"), missing.getMessage());

        Path text = dir.resolve("edges.tsv");
        Files.writeString(text, "user\tu1\titem\ti1\n");
        IOException foreign = assertThrows(IOException.class, () -> GraphSnapshot.load(text));
        assertTrue(foreign.getMessage().contains("not a hetero-embed graph snapshot"), foreign.getMessage());

        Path full = dir.resolve("full.heg");
        GraphSnapshot.save(labelledGraph(true), full);
        byte[] bytes = Files.readAllBytes(full);
        Path cut = dir.resolve("cut.heg");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        IOException truncated = assertThrows(IOException.class, () -> GraphSnapshot.load(cut));
        assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());
    }

    @Test
    void garbledBytesAreRefusedOnLoadNamingTheSection() throws IOException {
        HeteroGraph g = new RandomGraphs(5, true, DuplicatePolicy.KEEP, SelfLoopPolicy.KEEP).builder.build();
        Path file = dir.resolve("g.heg");
        GraphSnapshot.save(g, file);
        byte[] bytes = Files.readAllBytes(file);
        int from = bytes.length / 2, n = Math.min(2_000, bytes.length / 4);
        java.util.Random random = new java.util.Random(1);
        for (int i = from; i < from + n; i++) {
            bytes[i] = (byte) (bytes[i] ^ (1 + random.nextInt(255)));
        }
        Path garbled = dir.resolve("garbled.heg");
        Files.write(garbled, bytes);
        IOException e = assertThrows(IOException.class, () -> GraphSnapshot.load(garbled));
        assertTrue(e.getMessage().startsWith(garbled + ": corrupt snapshot: section "), e.getMessage());
        assertTrue(e.getMessage().contains("fails its checksum: the file changed after it was written"), e.getMessage());

        // a snapshot written before the checksums (its sections end the file) still loads
        byte[] plain = Files.readAllBytes(file);
        int trailer = 8 + 8 * countSections(plain) + 8;
        Path old = dir.resolve("old.heg");
        Files.write(old, java.util.Arrays.copyOf(plain, plain.length - trailer));
        assertSameGraph(g, GraphSnapshot.load(old));
    }

    /** The section count a snapshot's checksum table starts with. */
    private static int countSections(byte[] file) {
        for (int count = 1; count < 1000; count++) {
            int at = file.length - 8 - 8 * count - 8;
            if (at >= 0 && java.nio.ByteBuffer.wrap(file, at, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt() == count) {
                return count;
            }
        }
        throw new AssertionError("no checksum table");
    }

    @Test
    void failedSaveLeavesNothingBehind() throws IOException {
        Path target = dir.resolve("sub").resolve("g.heg");
        Files.createDirectories(target.getParent());
        Files.createDirectory(target); // a directory where the file should go: the rename must fail
        assertThrows(IOException.class, () -> GraphSnapshot.save(labelledGraph(false), target));
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertEquals(1, files.count(), "only the pre-existing directory remains, no temporary file");
        }
    }

    @Test
    void chunkedArraysSpanChunkBoundaries() {
        // An array one chunk and a bit long: indices on both sides of the boundary land in different chunks.
        org.heteroembed.graph.store.BigIntArray a = org.heteroembed.graph.store.BigIntArray.allocate((1L << BigBuffer.CHUNK_SHIFT) + 10);
        a.set((1L << BigBuffer.CHUNK_SHIFT) - 1, 7);
        a.set(1L << BigBuffer.CHUNK_SHIFT, 8);
        a.set((1L << BigBuffer.CHUNK_SHIFT) + 9, 9);
        assertEquals(7, a.get((1L << BigBuffer.CHUNK_SHIFT) - 1));
        assertEquals(8, a.get(1L << BigBuffer.CHUNK_SHIFT));
        assertEquals(9, a.get((1L << BigBuffer.CHUNK_SHIFT) + 9));
        assertEquals(0, a.get(5));
    }
}
