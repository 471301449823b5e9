package org.heteroembed.inference;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
import org.heteroembed.job.EmbeddingJob;
import org.heteroembed.job.JobRunner;
import org.heteroembed.tables.PartitionedModelDirectory;
import org.heteroembed.train.fast.TrainingProgress;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A partitioned model directory made from a trained model file answers exactly as the file does (lookups, cosine,
 * nearest, export), converts back to the same model file, and refuses damaged, foreign and too large inputs.
 */
class PartitionedModelTest {
    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    private static HeteroGraph graph;
    private static Path model;

    @BeforeAll
    static void trainedModelFile() throws Exception {
        graph = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(3_000, 5)).graph();
        EmbeddingJob job = EmbeddingJob.parse("""
                walks: {metapaths: [user-article-topic-article-user], walksPerNode: 2, walkLength: 10}
                skipGram: {window: 2, negatives: 2}
                model: {dimension: 12}
                training: {threads: 1, seed: 3, checkpointMinutes: 0}
                """, true, "tiny");
        model = shared.resolve("model.zip");
        JobRunner.builder(job).graph(graph).output(model).build().run();
    }

    /** Same shape and the same floats, bit for bit (INDArray.equals allows a tolerance). */
    private static void assertExactlyEqual(INDArray expected, INDArray actual) {
        assertArrayEquals(expected.shape(), actual.shape());
        assertArrayEquals(expected.dup('c').data().asFloat(), actual.dup('c').data().asFloat(), 0f);
    }

    private Path directory(int parts) throws IOException {
        Path d = dir.resolve("model-p" + parts);
        ModelConversion.toDirectory(model, d, parts, 11);
        return d;
    }

    @Test
    void modelFileToDirectoryAndBackKeepsTablesIdsJobAndProgress() throws IOException {
        Path d = directory(3);
        assertTrue(PartitionedModelDirectory.isModelDirectory(d));
        PartitionedModelDirectory.Manifest m = PartitionedModelDirectory.readManifest(d);
        assertTrue(m.finished());
        assertEquals(3, m.parts());
        assertEquals(graph.numNodes(), m.numNodes());
        Path back = dir.resolve("back.zip");
        ModelConversion.toModelFile(d, back);

        ComputationGraph a = HeteroModelFile.network(model), b = HeteroModelFile.network(back);
        assertEquals(a.getConfiguration(), b.getConfiguration());
        assertExactlyEqual(a.params(), b.params());
        NodeIdTables ia = HeteroModelFile.ids(model), ib = HeteroModelFile.ids(back);
        assertEquals(ia.types(), ib.types());
        for (int t = 0; t < ia.types().size(); t++) {
            assertEquals(ia.count(t), ib.count(t));
            for (int i = 0; i < ia.count(t); i++) {
                assertEquals(ia.id(t, i), ib.id(t, i));
            }
        }
        assertEquals(HeteroModelFile.job(model), HeteroModelFile.job(back));
        assertEquals(HeteroModelFile.runSettings(model), HeteroModelFile.runSettings(back));
        TrainingProgress pa = HeteroModelFile.progress(model), pb = HeteroModelFile.progress(back);
        assertEquals(pa.tokens(), pb.tokens());
        assertEquals(pa.epoch(), pb.epoch());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void directoryAnswersExactlyAsTheModelFile(int parts) throws IOException {
        HeteroEmbeddings file = HeteroEmbeddings.load(model), part = HeteroEmbeddings.load(directory(parts));
        assertFalse(file.partitioned());
        assertTrue(part.partitioned());
        assertEquals(file.types(), part.types());
        assertEquals(file.dimension(), part.dimension());
        for (String type : file.types()) {
            assertEquals(file.numNodes(type), part.numNodes(type));
            assertExactlyEqual(file.vectors(type), part.vectors(type));
            List<String> some = new ArrayList<>();
            for (int i = 0; i < file.numNodes(type); i += 7) {
                String id = file.id(type, i);
                assertEquals(id, part.id(type, i));
                assertArrayEquals(file.vector(type, id), part.vector(type, id), 0f, type + " " + id);
                some.add(id);
            }
            assertExactlyEqual(file.vectors(type, some), part.vectors(type, some));
            int n = file.numNodes(type);
            assertExactlyEqual(file.vectors(type, new int[]{n - 1, 0}), part.vectors(type, new int[]{n - 1, 0}));
            assertExactlyEqual(file.vectors(type, 1, n), part.vectors(type, 1, n));
        }
        String user = file.id("user", 3), article = file.id("article", 5);
        assertEquals(file.cosine("user", user, "article", article), part.cosine("user", user, "article", article));
        List<String> users = List.of(file.id("user", 0), user, file.id("user", file.numNodes("user") - 1));
        for (String target : new String[]{null, "user", "article", "topic"}) {
            assertEquals(file.nearest("user", users, 7, target), part.nearest("user", users, 7, target), "target " + target);
        }
        assertEquals(file.nearest("topic", file.id("topic", 0), 3, null), part.nearest("topic", part.id("topic", 0), 3, null));
    }

    @Test
    void exportOfTheDirectoryEqualsExportOfTheModelFileByteForByte() throws IOException {
        HeteroEmbeddings file = HeteroEmbeddings.load(model), part = HeteroEmbeddings.load(directory(3));
        EmbeddingExport.word2vec(file, dir.resolve("file.txt"));
        EmbeddingExport.word2vec(part, dir.resolve("part.txt"));
        assertEquals(-1, Files.mismatch(dir.resolve("file.txt"), dir.resolve("part.txt")));
        assertEquals(graph.numNodes() + 1, Files.readAllLines(dir.resolve("part.txt")).size());

        String token = org.heteroembed.graph.io.NodeTokens.token("user", file.id("user", 2));
        EmbeddingExport.projectorTsv(file, dir.resolve("fv.tsv"), dir.resolve("fm.tsv"), Map.of(token, "x"), List.of("topic", "user"));
        EmbeddingExport.projectorTsv(part, dir.resolve("pv.tsv"), dir.resolve("pm.tsv"), Map.of(token, "x"), List.of("topic", "user"));
        assertEquals(-1, Files.mismatch(dir.resolve("fv.tsv"), dir.resolve("pv.tsv")));
        assertEquals(-1, Files.mismatch(dir.resolve("fm.tsv"), dir.resolve("pm.tsv")));
        List<String> meta = Files.readAllLines(dir.resolve("pm.tsv"));
        assertEquals(file.numNodes("user") + file.numNodes("topic") + 1, meta.size());
        assertTrue(meta.get(1).startsWith("user\t"), "types in the model's order: " + meta.get(1));
    }

    @Test
    void truncatedPartitionFileIsRefusedNamingIt() throws IOException {
        Path d = directory(3);
        Path file = PartitionedModelDirectory.partitionFile(d, 1, ModelConversion.GENERATION);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 4);
        }
        IOException e = assertThrows(IOException.class, () -> HeteroEmbeddings.load(d));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void partitionFileOfAnotherRunIsRefusedNamingIt() throws IOException {
        Path d = directory(3);
        Path other = dir.resolve("other");
        ModelConversion.toDirectory(model, other, 3, 11); // same tables and partition, another run id
        Path file = PartitionedModelDirectory.partitionFile(d, 2, ModelConversion.GENERATION);
        Files.copy(PartitionedModelDirectory.partitionFile(other, 2, ModelConversion.GENERATION), file,
                StandardCopyOption.REPLACE_EXISTING);
        IOException e = assertThrows(IOException.class, () -> HeteroEmbeddings.load(d));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("another run"), e.getMessage());
        IOException convert = assertThrows(IOException.class, () -> ModelConversion.toModelFile(d, dir.resolve("x.zip")));
        assertTrue(convert.getMessage().contains(file.toString()), convert.getMessage());
    }

    @Test
    void damagedRowsAreCaughtByTheConversionsChecksum() throws IOException {
        Path d = directory(1);
        Path file = PartitionedModelDirectory.partitionFile(d, 0, ModelConversion.GENERATION);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[]{1, 2, 3, 4}), ch.size() - 100);
        }
        IOException e = assertThrows(IOException.class, () -> ModelConversion.toModelFile(d, dir.resolve("x.zip")));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test
    void conversionRefusesTablesThatDoNotFitAndWritesNothing() throws IOException {
        Path d = directory(3);
        Path out = dir.resolve("big.zip");
        long tables = 2L * graph.numNodes() * 12 * Float.BYTES;
        IOException e = assertThrows(IOException.class, () -> ModelConversion.toModelFile(d, out, tables - 1));
        assertTrue(e.getMessage().contains("the JVM can allocate") && e.getMessage().contains(d.toString()), e.getMessage());
        assertFalse(Files.exists(out));
        ModelConversion.toModelFile(d, out, tables + 2L * graph.numNodes() * 12 * Float.BYTES); // tables + one partition
        assertTrue(Files.isRegularFile(out));
    }

    @Test
    void aDirectoryWithoutManifestOrWithAMissingPartitionIsRefused() throws IOException {
        Files.createDirectories(dir.resolve("empty"));
        IOException none = assertThrows(IOException.class, () -> HeteroEmbeddings.load(dir.resolve("empty")));
        assertTrue(none.getMessage().contains("not a partitioned model directory"), none.getMessage());
        Path d = directory(3);
        Path file = PartitionedModelDirectory.partitionFile(d, 0, ModelConversion.GENERATION);
        Files.delete(file);
        IOException missing = assertThrows(IOException.class, () -> HeteroEmbeddings.load(d));
        assertTrue(missing.getMessage().contains(file.toString()), missing.getMessage());
    }
}
