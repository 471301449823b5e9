package org.heteroembed.tables;

import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
import org.heteroembed.graph.partition.NodePartition;
import org.heteroembed.graph.partition.PartitionLayout;
import org.heteroembed.job.EmbeddingJob;
import org.heteroembed.job.JobRunner;
import org.heteroembed.job.RunListener;
import org.heteroembed.job.RunTooLargeException;
import org.heteroembed.job.TrainedModel;
import org.heteroembed.tables.PartitionedModelDirectory.Manifest;
import org.heteroembed.tables.PartitionedModelDirectory.PartitionState;
import org.heteroembed.train.fast.TrainingProgress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Faults of partitioned training and what a user then sees: damaged or foreign partition files are refused with one
 * line naming the file; leftovers of a crash (temporaries, generations written after the checkpoint, a directory
 * without its first manifest) are never taken for the checkpoint; a full disk while spilling or while writing a
 * partition stops the run with one line and leaves the last checkpoint whole, and a resume from it ends with the
 * tables of an uninterrupted run (one thread: deterministic, so compared by the rows' checksums).
 */
class PartitionFaultsTest {
    private static final Path DEV_FULL = Path.of("/dev/full");
    private static HeteroGraph graph;
    private static EmbeddingJob job;
    /** The rows' checksums of an uninterrupted run, by partition, and its tokens. */
    private static long[] expected;
    private static long expectedTokens;

    @TempDir
    Path dir;

    @BeforeAll
    static void uninterruptedRun(@TempDir Path tmp) throws Exception {
        graph = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(6_000, 5)).graph();
        EmbeddingJob base = EmbeddingJob.parse("""
                walks: {metapaths: [user-article-topic-article-user], walksPerNode: 4, walkLength: 16}
                skipGram: {window: 3, negatives: 5}
                model: {dimension: 16}
                training: {threads: 1, seed: 3, checkpointMinutes: 0, epochs: 2}
                tables: {partitions: 3}
                """, true, "faults");
        // room for two of the three partitions: the run evicts and writes generations between checkpoints
        PartitionLayout layout = PartitionLayout.of(NodePartition.hash(graph.numNodes(), 3, 3), graph.typeOffsets());
        job = base.with(Map.of("tables.memory", String.valueOf(2 * 2L * layout.maxRows() * 16 * 4 + 100)));
        Path whole = tmp.resolve("whole");
        JobRunner.builder(job).graph(graph).output(whole).build().run();
        Manifest m = PartitionedModelDirectory.readManifest(whole);
        assertTrue(m.finished());
        expected = checksums(m);
        expectedTokens = m.progress().tokens();
    }

    @AfterEach
    void diskIsFine() {
        diskFullWhen(() -> false);
    }

    /** A condition that may read files. */
    @FunctionalInterface
    private interface IoCondition {
        boolean test() throws IOException;
    }

    /**
     * Partition files are written to /dev/full (ENOSPC at the first write, as on a full disk) whenever {@code full}
     * holds as the file is opened.
     */
    private static void diskFullWhen(IoCondition full) {
        PartitionFile.tempOpener = tmp -> full.test() ? FileChannel.open(DEV_FULL, StandardOpenOption.WRITE)
                : FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    @Test
    void aTruncatedPartitionFileIsRefusedOnResumeNamingTheFile() throws Exception {
        Path model = stoppedRun("model");
        Path file = partitionFile(model, 1);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 100);
        }
        IOException e = refusedBeforeTraining(model);
        assertTrue(e.getMessage().startsWith(file + " is truncated or padded"), e.getMessage());
        assertTrue(e.getMessage().endsWith("the checkpoint in " + model + " cannot be resumed: train it again with --overwrite"),
                e.getMessage());
        assertTrue(Files.exists(file), "nothing of the refused checkpoint is deleted");
    }

    @Test
    void thePartitionOfAnotherRunIsRefused() throws Exception {
        Path model = stoppedRun("model"), other = stoppedRun("other");
        Path file = partitionFile(model, 2);
        Files.copy(partitionFile(other, 2), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        IOException e = refusedBeforeTraining(model);
        assertTrue(e.getMessage().startsWith(file + " belongs to another run (run id "), e.getMessage());
    }

    @Test
    void aFileWithAnotherChecksumThanTheManifestsIsRefused() throws Exception {
        Path model = stoppedRun("model");
        Path manifest = model.resolve(PartitionedModelDirectory.MANIFEST);
        PartitionState p0 = PartitionedModelDirectory.readManifest(model).partitions().get(0);
        String sum = "\"" + Long.toHexString(p0.checksum()) + "\"";
        String json = Files.readString(manifest);
        assertTrue(json.contains(sum), json);
        Files.writeString(manifest, json.replace(sum, "\"" + Long.toHexString(p0.checksum() ^ 1) + "\""));
        IOException e = refusedBeforeTraining(model);
        assertTrue(e.getMessage().startsWith(partitionFile(model, 0) + " is stale: its rows' checksum "),
                e.getMessage());
    }

    /** Rows changed under an intact header pass the resume's header check and are refused when the partition loads. */
    @Test
    void damagedRowsAreRefusedWhenThePartitionLoads() throws Exception {
        Path model = stoppedRun("model");
        Path file = partitionFile(model, 1);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(b, PartitionFile.HEADER_BYTES + 40);
            b.flip();
            float v = b.getFloat();
            ch.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(0, v + 1), PartitionFile.HEADER_BYTES + 40);
        }
        List<String> stages = new ArrayList<>();
        IOException e = assertThrows(IOException.class, () -> resume(model, stages));
        assertOneLine(e.getMessage());
        assertTrue(e.getMessage().startsWith(file + " is damaged: the checksum of its rows is "), e.getMessage());
        assertTrue(stages.stream().anyMatch(s -> s.startsWith("resuming ")), "refused while training: " + stages);
    }

    /**
     * What a killed run leaves: a half-written temporary and a generation written after the checkpoint. The resume
     * deletes both and continues from the checkpoint's files.
     */
    @Test
    void crashLeftoversAreNotTakenForTheCheckpoint() throws Exception {
        Path model = stoppedRun("model");
        PartitionState p1 = PartitionedModelDirectory.readManifest(model).partitions().get(1);
        Path later = PartitionedModelDirectory.partitionFile(model, 1, p1.generation() + 1);
        Files.copy(partitionFile(model, 0), later); // a valid-looking file of a later generation
        Path tmp = model.resolve("." + later.getFileName() + ".7731.tmp");
        Files.write(tmp, new byte[5000]);

        TrainedModel m = resume(model);
        assertEquals(TrainedModel.Status.COMPLETED, m.status());
        assertFalse(Files.exists(tmp), "the temporary is deleted");
        assertEqualsUninterrupted(model);
    }

    /** A run killed before its first manifest (while writing the first partitions): --resume starts it over. */
    @Test
    void aDirectoryWithoutItsFirstManifestIsStartedOver() throws Exception {
        Path model = stoppedRun("model");
        Files.delete(model.resolve(PartitionedModelDirectory.MANIFEST));
        assertTrue(PartitionedModelDirectory.holdsRun(model));
        List<String> stages = new ArrayList<>();
        TrainedModel m = resume(model, stages);
        assertEquals(TrainedModel.Status.COMPLETED, m.status());
        assertTrue(stages.contains(model + " has no checkpoint yet (its run stopped before the first one): training from "
                + "the start"), stages.toString());
        assertEqualsUninterrupted(model);
    }

    /**
     * A run that dies between epochs (here: as the second epoch's walks start) after a checkpoint at the first epoch's
     * last bucket resumes at the second epoch, without walking and spilling the finished one again.
     */
    @Test
    void aCheckpointAtTheEndOfAnEpochResumesAtTheNextOne() throws Exception {
        Path model = dir.resolve("model");
        EmbeddingJob checkpointing = job.with(Map.of("training.checkpointMinutes", 1e-9)); // at every bucket
        RuntimeException crash = assertThrows(RuntimeException.class, () -> JobRunner.builder(checkpointing).graph(graph)
                .output(model).listener(new RunListener() {
                    @Override
                    public void stage(String message) {
                        if (message.startsWith("epoch 2: cutting")) {
                            throw new IllegalStateException("crash between epochs");
                        }
                    }
                }).build().run());
        assertEquals("crash between epochs", crash.getMessage());
        TrainingProgress saved = PartitionedModelDirectory.readManifest(model).progress();
        assertEquals(1, saved.epoch(), "checkpointed after the first epoch's last bucket: as the start of the second");
        assertEquals(0, saved.chunk());

        List<String> stages = new ArrayList<>();
        assertEquals(TrainedModel.Status.COMPLETED, resume(model, stages).status());
        assertTrue(stages.stream().anyMatch(m -> m.startsWith("resuming " + model + " at epoch 2, bucket 1 (")), stages.toString());
        assertTrue(stages.stream().noneMatch(m -> m.startsWith("epoch 1: cutting")), stages.toString());
        assertEqualsUninterrupted(model);
    }

    /** Spill files that are /dev/full: every write fails with ENOSPC, as on a full disk. */
    @Test
    void aFullDiskWhileSpillingStopsWithOneLineAndKeepsTheCheckpoint() throws Exception {
        assumeTrue(Files.isWritable(DEV_FULL), "needs /dev/full");
        Path model = stoppedRun("model");
        Path spill = model.resolveSibling("model.spill");
        Files.createDirectories(spill);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                Files.createSymbolicLink(spill.resolve("bucket-" + i + "-" + j + ".bin"), DEV_FULL);
            }
        }
        byte[] checkpoint = Files.readAllBytes(model.resolve(PartitionedModelDirectory.MANIFEST));

        IOException e = assertThrows(IOException.class, () -> resume(model));
        assertOneLine(e.getMessage());
        assertTrue(e.getMessage().startsWith("spilling skip-gram windows to " + spill.resolve("bucket-")), e.getMessage());
        assertTrue(e.getMessage().contains("No space left on device; free disk space or point --spill-directory "
                + "elsewhere, then continue with --resume"), e.getMessage());
        assertArrayEquals(checkpoint, Files.readAllBytes(model.resolve(PartitionedModelDirectory.MANIFEST)));
        try (Stream<Path> left = Files.list(spill)) {
            assertEquals(0, left.count(), "the failed epoch's spill files are removed");
        }

        resumesToTheUninterruptedTables(model);
    }

    /**
     * The disk fills while a partition is written back after a checkpoint: the run stops with one line; the manifest
     * is that checkpoint, its files are whole, no temporary is left, and the resume ends as an uninterrupted run.
     */
    @Test
    void aFullDiskWhileWritingAPartitionStopsWithOneLineAndKeepsTheCheckpoint() throws Exception {
        assumeTrue(Files.isWritable(DEV_FULL), "needs /dev/full");
        Path model = dir.resolve("model");
        Path manifest = model.resolve(PartitionedModelDirectory.MANIFEST);
        diskFullWhen(() -> Files.exists(manifest) && PartitionedModelDirectory.readManifest(model).progress().chunk() > 0);
        EmbeddingJob checkpointing = job.with(Map.of("training.checkpointMinutes", 1e-9)); // at every bucket
        trainingFails(checkpointing, model, "could not write partition file " + model.resolve("part-"),
                "No space left on device; " + model + " keeps its last checkpoint: continue with --resume once the "
                        + "cause is fixed");

        Manifest m = PartitionedModelDirectory.readManifest(model);
        assertFalse(m.finished());
        assertTrue(m.progress().chunk() > 0, "a checkpoint inside the epoch: " + m.progress());
        try (Stream<Path> files = Files.list(model)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary left");
        }
        diskIsFine();
        resumesToTheUninterruptedTables(model);
    }

    /** The disk fills while the first partitions are written: nothing to resume yet, and --resume starts over. */
    @Test
    void aFullDiskBeforeTheFirstCheckpointLeavesARunToStartOver() throws Exception {
        assumeTrue(Files.isWritable(DEV_FULL), "needs /dev/full");
        Path model = dir.resolve("model");
        AtomicInteger opens = new AtomicInteger();
        diskFullWhen(() -> opens.incrementAndGet() == 2);
        trainingFails(job, model, "could not write partition file " + partitionFile(model, 1, 0) + ": ",
                "No space left on device; " + model + " has no checkpoint yet: train again (--resume or --overwrite "
                        + "starts over) once the cause is fixed");
        assertFalse(PartitionedModelDirectory.isModelDirectory(model));

        diskIsFine();
        resumesToTheUninterruptedTables(model);
    }

    @Test
    void aRunWhoseFilesCannotFitOnTheDiskIsRefusedBeforeWritingAnything() {
        Path model = dir.resolve("model");
        // a spill limit no disk has, on the output's disk: the real free-space check refuses it
        EmbeddingJob huge = job.with(Map.of("tables.spillLimit", "4000000t"));
        RunTooLargeException e = assertThrows(RunTooLargeException.class,
                () -> JobRunner.builder(huge).graph(graph).output(model).build().run());
        assertOneLine(e.getMessage());
        assertTrue(e.getMessage().startsWith(model + " needs "), e.getMessage());
        assertTrue(e.getMessage().contains(", --spill-limit ") && e.getMessage().contains("a smaller --spill-limit"),
                e.getMessage());
        assertFalse(Files.exists(model), "nothing written");
    }

    /** A fresh run of {@code j} fails with one line that starts and ends so. */
    private static void trainingFails(EmbeddingJob j, Path model, String start, String end) {
        IOException e = assertThrows(IOException.class, () -> JobRunner.builder(j).graph(graph).output(model).build().run());
        assertOneLine(e.getMessage());
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
        assertTrue(e.getMessage().endsWith(end), e.getMessage());
    }

    /** A run of the job stopped (as by Ctrl-C) a few progress reports into its first epoch. */
    private Path stoppedRun(String name) throws Exception {
        Path out = dir.resolve(name);
        AtomicInteger reports = new AtomicInteger();
        JobRunner[] runner = new JobRunner[1];
        runner[0] = JobRunner.builder(job).graph(graph).output(out).listener(new RunListener() {
            @Override
            public void progress(TrainingProgress p, double loss) {
                if (p.tokens() > 0 && reports.incrementAndGet() == 4) {
                    runner[0].requestStop();
                }
            }
        }).build();
        assertEquals(TrainedModel.Status.STOPPED, runner[0].run().status());
        Manifest m = PartitionedModelDirectory.readManifest(out);
        assertFalse(m.finished());
        assertTrue(m.progress().tokens() > 0 && m.progress().tokens() < expectedTokens, m.progress().toString());
        return out;
    }

    private TrainedModel resume(Path model) throws Exception {
        return resume(model, new ArrayList<>());
    }

    private TrainedModel resume(Path model, List<String> stages) throws Exception {
        return JobRunner.builder(job).graph(graph).output(model).resume(true).listener(new RunListener() {
            @Override
            public void stage(String message) {
                stages.add(message);
            }
        }).build().run();
    }

    /** A resume refused with one line before it trains (the partition files' headers are checked first). */
    private IOException refusedBeforeTraining(Path model) {
        List<String> stages = new ArrayList<>();
        IOException e = assertThrows(IOException.class, () -> resume(model, stages));
        assertOneLine(e.getMessage());
        assertTrue(stages.stream().noneMatch(s -> s.startsWith("resuming ")), "refused before training: " + stages);
        return e;
    }

    private void resumesToTheUninterruptedTables(Path model) throws Exception {
        assertEquals(TrainedModel.Status.COMPLETED, resume(model).status());
        assertEqualsUninterrupted(model);
    }

    private static void assertEqualsUninterrupted(Path model) throws IOException {
        Manifest m = PartitionedModelDirectory.readManifest(model);
        assertTrue(m.finished());
        assertEquals(expectedTokens, m.progress().tokens());
        assertArrayEquals(expected, checksums(m), "resumed rows = uninterrupted rows");
        List<String> named = new ArrayList<>();
        for (PartitionState p : m.partitions()) {
            named.add(PartitionedModelDirectory.partitionFile(model, p.part(), p.generation()).getFileName().toString());
        }
        try (Stream<Path> files = Files.list(model)) {
            List<String> parts = files.map(f -> f.getFileName().toString())
                    .filter(f -> f.startsWith("part-") || f.startsWith(".part-")).sorted().toList();
            assertEquals(named, parts, "only the manifest's partition files are left");
        }
    }

    private static long[] checksums(Manifest m) {
        return m.partitions().stream().mapToLong(PartitionState::checksum).toArray();
    }

    private static Path partitionFile(Path model, int part) throws IOException {
        PartitionState p = PartitionedModelDirectory.readManifest(model).partitions().get(part);
        return PartitionedModelDirectory.partitionFile(model, part, p.generation());
    }

    private static Path partitionFile(Path model, int part, long generation) {
        return PartitionedModelDirectory.partitionFile(model, part, generation);
    }

    private static void assertOneLine(String message) {
        assertFalse(message.isBlank() || message.contains("\n"), message);
    }
}
