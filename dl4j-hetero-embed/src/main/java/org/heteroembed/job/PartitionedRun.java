package org.heteroembed.job;

import org.bytedeco.javacpp.Pointer;
import org.heteroembed.config.ByteSize;
import org.heteroembed.graph.HeldOutLinks;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.io.AtomicFiles;
import org.heteroembed.graph.partition.LabelPropagationPartitioner;
import org.heteroembed.graph.partition.NodePartition;
import org.heteroembed.graph.partition.PartitionLayout;
import org.heteroembed.inference.RunRecord;
import org.heteroembed.nn.HeteroEmbeddingModels;
import org.heteroembed.sampling.SkipGramPairGenerator;
import org.heteroembed.tables.PartitionedModelDirectory;
import org.heteroembed.tables.PartitionedModelDirectory.Manifest;
import org.heteroembed.train.fast.TrainingProgress;
import org.heteroembed.train.partitioned.PartitionStore;
import org.heteroembed.train.partitioned.RowInitializer;
import org.heteroembed.train.partitioned.PartitionedTrainer;
import org.heteroembed.walk.WalkGenerator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The {@link JobRunner}'s path for partitioned tables ({@code tables.partitions > 0}): the model is a directory
 * ({@link PartitionedModelDirectory}) that is also the checkpoint; the tables never exist whole in memory. Resume
 * continues from the manifest's bucket and segment.
 */
final class PartitionedRun {
    private final EmbeddingJob job;
    private final HeteroGraph graph;
    private final HeldOutLinks heldOut;
    private final String identity;
    private final RunRecord record;
    private final Path output;
    private final boolean resume;
    private final RunListener listener;
    private final BooleanSupplier stop;
    private final BooleanSupplier outOfTime;
    /** The engine that trains the tables elsewhere (Spark), or null: this process trains them. */
    private final PartitionedEngine cluster;
    /** Where the loss stopped being finite, or null. */
    private volatile TrainingProgress diverged;

    PartitionedRun(EmbeddingJob job, HeteroGraph graph, HeldOutLinks heldOut, String identity, RunRecord record,
                   Path output, boolean resume, RunListener listener, BooleanSupplier stop, BooleanSupplier outOfTime,
                   PartitionedEngine cluster) {
        this.job = job;
        this.graph = graph;
        this.heldOut = heldOut;
        this.identity = identity;
        this.record = record;
        this.output = output;
        this.resume = resume;
        this.listener = listener;
        this.stop = stop;
        this.outOfTime = outOfTime;
        this.cluster = cluster;
    }

    /**
     * Checks, before the graph is loaded, that {@code output} can hold a partitioned model: a new path, an empty
     * directory, or a directory a partitioned run wrote.
     *
     * @throws IllegalArgumentException naming the output and what to give instead
     */
    static void checkOutput(Path output) throws IOException {
        if (output == null) {
            throw TablesConfig.PARTITIONS.invalid("writes the model as a directory: give an output directory (-o DIR)");
        }
        if (Files.exists(output) && !Files.isDirectory(output)) {
            throw new IllegalArgumentException(output + " is a file, and a model with partitioned tables is a directory: "
                    + "give a directory path (-o DIR)");
        }
        if (Files.isDirectory(output) && !PartitionedModelDirectory.holdsRun(output)) {
            try (var entries = Files.list(output)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException(output + " is a directory that holds no partitioned model: "
                            + "refusing to write a model into it (--overwrite does not replace it); give a new or "
                            + "empty directory (-o DIR)");
                }
            }
        }
    }

    TrainedModel run() throws IOException, InterruptedException {
        checkOutput(output);
        if (cluster != null) {
            return runOnCluster();
        }
        TrainingConfig t = job.training();
        int dim = job.model().dimension();
        int parts = job.tables().partitions();
        Manifest saved = resume && PartitionedModelDirectory.isModelDirectory(output)
                ? PartitionedModelDirectory.readManifest(output) : null;
        if (saved != null && !saved.identity().equals(identity)) {
            throw new IllegalArgumentException(output + " was trained with another job; resume with the same settings: "
                    + String.join("; ", JobRunner.differences(saved.identity(), identity)));
        }
        if (saved != null && !saved.finished() && saved.progress().equals(TrainingProgress.START) && saved.segmentsDone() == 0) {
            listener.stage(output + " has no checkpoint yet: starting its training again");
            saved = null; // its starting rows were not kept: nothing to resume
        } else if (resume && saved == null && PartitionedModelDirectory.holdsRun(output)) {
            listener.stage(output + " has no checkpoint yet (its run stopped before the first one): training from "
                    + "the start");
        }
        if (saved != null && saved.finished()) {
            listener.stage(output + ": its training is already done");
            return model(saved.progress(), TrainedModel.Status.ALREADY_DONE, 0, 0, List.of(),
                    new TrainedModel.TableIo(0, 0, 0, 0));
        }
        PartitionLayout layout = saved != null
                ? PartitionLayout.of(PartitionedModelDirectory.readOwners(output), graph.typeOffsets())
                : PartitionLayout.of(partition(parts), graph.typeOffsets());
        int slots = slots(layout, dim);

        // Larger chunks with more buckets: a chunk's windows are cut into up to P^2 segments, each with a header in the
        // spill and a reseeded negative stream; 64 walks (the in-memory engine's chunk, kept for P <= 4 so that one
        // partition reproduces it) would leave a few pairs per segment at P = 16.
        int chunk = (int) Math.min(4096, Math.max(job.walks().chunkSize(), 4L * parts * parts));
        WarmStart warm = t.initFrom() == null ? null : WarmStart.open(job, graph);
        if (warm != null) {
            listener.stage(String.format("warm start from %s: %,d nodes start from its vectors%s, %,d are new",
                    t.initFrom(), warm.result().kept(), t.oldRowRate() == 1 ? "" : t.oldRowRate() == 0 ? " (frozen)"
                            : String.format(" (at %s of the rate)", t.oldRowRate()), warm.result().fresh()));
        }
        WalkGenerator walks = new WalkGenerator(graph, job.walks().toBuilder().chunkSize(chunk).build(),
                warm == null ? null : warm.result().walkStarts(graph, t.walksFrom()));
        listener.stage(String.format("counting node frequencies over %,d walks", walks.numWalks()));
        SkipGramPairGenerator pairs = SkipGramPairGenerator.forWalks(walks, job.skipGram());
        long plannedTokens = Math.max(1, pairs.corpusTokens() * t.epochs());

        Path spill = job.tables().spillDirectory() != null ? Path.of(job.tables().spillDirectory())
                : output.resolveSibling(output.getFileName() + ".spill");
        DiskCheck.check(output, spill, layout, dim, saved == null, t.checkpointMinutes() > 0,
                saved != null ? saved.spillLimit() : job.tables().spillLimitBytes());
        long runId = saved != null ? saved.runId() : new SecureRandom().nextLong();
        if (saved == null) {
            prepareDirectory(layout.partition());
        }
        PartitionStore tables = saved != null
                ? PartitionStore.open(output, runId, layout, dim, saved.partitions())
                : PartitionStore.create(output, runId, layout, dim, RowInitializer.word2vec(job.training().seed()));
        if (saved == null && warm != null) { // before the first manifest: a run stopped here starts over
            PartitionedWarmStart.copy(warm, tables, layout, dim, spill.resolve("warm-start"));
        }
        PartitionedTrainer.Position start = saved != null
                ? new PartitionedTrainer.Position(saved.progress(), saved.sliceStart(), saved.segmentsDone())
                : PartitionedTrainer.Position.START;
        long spillLimit = saved != null ? saved.spillLimit() : spillLimit(spill);
        if (saved == null) {
            writeManifest(tables, runId, start, spillLimit, false);
        } else {
            listener.stage(String.format("resuming %s at epoch %d, bucket %d (%,d tokens trained)", output,
                    start.progress().epoch() + 1, start.progress().chunk() + 1, start.progress().tokens()));
        }

        List<LossCurve.Point> curve = new ArrayList<>(JobRunner.resumedCurve(output, start.progress(), listener));
        LossRecorder losses = new LossRecorder(curve, plannedTokens);
        EngineContext schedule = new EngineContext(job, graph, walks, pairs, null, start.progress(), stop, null);
        long everyNanos = (long) (t.checkpointMinutes() * 60e9);
        listener.training(plannedTokens, start.progress());
        PartitionedTrainer trainer = tables.trainer(walks, pairs, t.threadCount(), slots, t.epochs(), t.maxPairs(), spill,
                spillLimit, warm == null ? null : PartitionedWarmStart.rates(warm.result().rowRates(), layout));
        long t0 = System.nanoTime();
        PartitionedTrainer.Result r;
        try {
            r = train(trainer, start, tables, runId, spillLimit, schedule, losses, everyNanos);
        } catch (UncheckedIOException e) { // from a training thread: one line naming the file, as any I/O error
            throw e.getCause();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        deleteIfEmpty(spill);
        TrainingProgress end = r.position().progress();
        // No manifest for a failed run: the directory keeps its last checkpoint (the partitions written since are
        // generations no manifest names, which the next run deletes).
        if (diverged != null) {
            throw TrainingFailedException.diverged(diverged, t.learningRate(), output);
        }
        if (r.completed() && end.pairs() == 0) {
            throw TrainingFailedException.nothingTrained(output);
        }
        losses.finish(end);
        writeManifest(tables, runId, r.position(), spillLimit, r.completed());
        tables.committed();
        losses.curve().write(JobRunner.lossFile(output));
        listener.saved(output, end, true);
        TrainedModel.Status status = r.completed() ? TrainedModel.Status.COMPLETED
                : outOfTime.getAsBoolean() ? TrainedModel.Status.OUT_OF_TIME : TrainedModel.Status.STOPPED;
        return model(end, status, end.tokens() - start.progress().tokens(), seconds, losses.curve().points(),
                new TrainedModel.TableIo(r.loads(), r.bytesRead(), r.bytesWritten(), r.spillBytes()));
    }

    /**
     * The tables trained by another engine (Spark's executors): this process prepares the directory, relays progress
     * and writes the manifest; it never holds a row. Such runs start over (they do not resume).
     */
    private TrainedModel runOnCluster() throws IOException, InterruptedException {
        if (resume) {
            throw new IllegalArgumentException("a partitioned run on Spark does not resume from a checkpoint: train "
                    + output + " again with --overwrite");
        }
        if (job.training().initFrom() != null) {
            throw TrainingConfig.INIT_FROM.invalid("is not supported on Spark yet: warm-start with train (in memory or "
                    + "with --partitions)");
        }
        cluster.check(job);
        // A hash partition is its seed: neither this process nor the request holds an int per node. Label propagation
        // runs here, over the graph.
        NodePartition partition = job.tables().partitioner() == TablesConfig.Partitioner.HASH ? null
                : partition(job.tables().partitions());
        long runId = new SecureRandom().nextLong();
        prepareDirectory(partition);
        LossRecorder[] losses = new LossRecorder[1];
        long t0 = System.nanoTime();
        PartitionedEngine.Result r = cluster.trainPartitioned(new PartitionedEngine.Request(job, graph, partition, output, runId),
                new PartitionedEngine.Listener() {
                    @Override
                    public void stage(String message) {
                        listener.stage(message);
                    }

                    @Override
                    public void begin(long plannedTokens) {
                        losses[0] = new LossRecorder(List.of(), plannedTokens);
                        listener.training(plannedTokens, TrainingProgress.START);
                    }

                    @Override
                    public void progress(TrainingProgress p, double loss) {
                        if (loss == Double.POSITIVE_INFINITY) {
                            if (diverged == null) {
                                diverged = p;
                            }
                            return;
                        }
                        losses[0].add(loss, p);
                        listener.progress(p, loss);
                    }

                    @Override
                    public void show(TrainingProgress p) {
                        listener.progress(p, Double.NaN);
                    }

                    @Override
                    public boolean stopRequested() {
                        return stop.getAsBoolean() || diverged != null;
                    }
                });
        double seconds = (System.nanoTime() - t0) / 1e9;
        TrainingProgress end = r.end();
        if (diverged != null) {
            throw TrainingFailedException.diverged(diverged, job.training().learningRate(), output);
        }
        if (r.completed() && end.pairs() == 0) {
            throw TrainingFailedException.nothingTrained(output);
        }
        LossRecorder recorder = losses[0] != null ? losses[0] : new LossRecorder(List.of(), 1);
        recorder.finish(end);
        writeManifest(r.partitions(), runId, new PartitionedTrainer.Position(end, 0, 0), 0, r.completed());
        recorder.curve().write(JobRunner.lossFile(output));
        listener.saved(output, end, true);
        TrainedModel.Status status = r.completed() ? TrainedModel.Status.COMPLETED
                : outOfTime.getAsBoolean() ? TrainedModel.Status.OUT_OF_TIME : TrainedModel.Status.STOPPED;
        return model(end, status, end.tokens(), seconds, recorder.curve().points(), r.io());
    }

    /** Trains from {@code start}, writing a manifest (a checkpoint) every {@code everyNanos}. */
    private PartitionedTrainer.Result train(PartitionedTrainer trainer, PartitionedTrainer.Position start,
                                            PartitionStore tables, long runId, long spillLimit, EngineContext schedule,
                                            LossRecorder losses, long everyNanos)
            throws IOException, InterruptedException {
        long[] lastCheckpoint = {System.nanoTime()};
        return trainer.train(start, new PartitionedTrainer.Listener() {
            @Override
            public double learningRate(long tokens, long pairCount) {
                return schedule.learningRate(tokens, pairCount);
            }

            @Override
            public boolean stopRequested() {
                return stop.getAsBoolean() || diverged != null;
            }

            @Override
            public void progress(TrainingProgress p, double loss) {
                if (loss == Double.POSITIVE_INFINITY) { // a row stopped being finite (WindowStep)
                    if (diverged == null) {
                        diverged = p;
                    }
                    return;
                }
                losses.add(loss, p);
                listener.progress(p, loss);
            }

            @Override
            public void stage(String message) {
                listener.stage(message);
            }

            @Override
            public boolean checkpointDue() {
                return diverged == null && everyNanos > 0 && System.nanoTime() - lastCheckpoint[0] > everyNanos;
            }

            @Override
            public void checkpoint(PartitionedTrainer.Position position) throws IOException {
                writeManifest(tables, runId, position, spillLimit, false);
                losses.curve().write(JobRunner.lossFile(output));
                listener.saved(output, position.progress(), false);
                lastCheckpoint[0] = System.nanoTime();
            }
        });
    }

    private TrainedModel model(TrainingProgress p, TrainedModel.Status status, long tokens, double seconds,
                               List<LossCurve.Point> curve, TrainedModel.TableIo io) {
        return new TrainedModel(job, graph, null, null, p, status, tokens, seconds, new LossCurve(curve), heldOut, output,
                io);
    }

    /** The job's spill limit, or half the free space of the spill directory's disk. */
    private long spillLimit(Path spill) throws IOException {
        long limit = job.tables().spillLimitBytes();
        if (limit >= 0) {
            return Math.max(1, limit);
        }
        Path existing = spill.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        long free = existing == null ? Long.MAX_VALUE : Files.getFileStore(existing).getUsableSpace();
        return Math.max(64L << 20, free / 2);
    }

    /** The spill directory once its epochs' files are gone (each epoch deletes its own). */
    private static void deleteIfEmpty(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    return;
                }
            }
            Files.delete(dir);
        }
    }

    /** The job's partition of the graph's nodes (seeded by the job). */
    private NodePartition partition(int parts) {
        return switch (job.tables().partitioner()) {
            case HASH -> NodePartition.hash(graph.numNodes(), parts, job.training().seed());
            case LABEL_PROPAGATION -> LabelPropagationPartitioner.builder().parts(parts).seed(job.training().seed())
                    .build().partition(graph);
        };
    }

    /**
     * Partitions resident at once: the memory budget over one slot (the largest partition's input and output rows).
     *
     * @throws org.heteroembed.config.SettingException when the budget holds fewer than two partitions (one for P=1),
     *                                                 naming the smallest budget that does
     */
    private int slots(PartitionLayout layout, int dim) {
        long slotBytes = 2L * layout.maxRows() * dim * Float.BYTES;
        int needed = layout.parts() == 1 ? 1 : 2;
        // Slots are JavaCPP allocations: limited by its maxBytes (counted in totalBytes), and by the resident-size
        // limit and the machine like any off-heap memory (MemoryBudget).
        long available = MemoryBudget.current().offHeap();
        if (Pointer.maxBytes() > 0) {
            available = Math.min(available, Math.max(0, Pointer.maxBytes() - Pointer.totalBytes()));
        }
        long budget = job.tables().memoryBytes();
        if (budget < 0) {
            budget = available / 2;
        } else if (budget > available) {
            throw TablesConfig.MEMORY.invalid(String.format("is more than this JVM can allocate off-heap now (%s): lower "
                    + "it, or raise the JVM's limits (HETERO_EMBED_JAVA_OPTS=\"-Xmx.. -Dorg.bytedeco.javacpp.maxbytes=.. "
                    + "-Dorg.bytedeco.javacpp.maxphysicalbytes=..\"), got %s", ByteSize.format(available),
                    ByteSize.format(budget)));
        }
        if (budget < needed * slotBytes) {
            throw TablesConfig.MEMORY.invalid(String.format("must hold at least the rows of %s: %s (the largest "
                            + "partition has %,d rows x 2 tables x %d floats x 4 bytes = %s), got %s%s: give --memory %s "
                            + "or more, or more --partitions",
                    needed == 1 ? "the one partition" : "two partitions", ByteSize.format(needed * slotBytes),
                    layout.maxRows(), dim, ByteSize.format(slotBytes), ByteSize.format(budget),
                    job.tables().memory() == null ? " (half of the off-heap memory left)" : "",
                    flagValue(needed * slotBytes)));
        }
        return (int) Math.min(layout.parts(), budget / slotBytes);
    }

    /** A size a user can pass to --memory, at least {@code bytes}: 41.6k, 2.4g (rounded up to a tenth of the unit). */
    static String flagValue(long bytes) {
        String[] units = {"", "k", "m", "g", "t"};
        int u = 0;
        while (u < units.length - 1 && bytes >= 1L << (10 * (u + 1))) {
            u++;
        }
        if (u == 0) {
            return Long.toString(bytes);
        }
        long tenths = -Math.floorDiv(-bytes * 10, 1L << (10 * u)); // ceil(bytes / unit * 10)
        return (tenths % 10 == 0 ? Long.toString(tenths / 10) : (tenths / 10) + "." + (tenths % 10)) + units[u];
    }

    /**
     * A fresh run: the directory with the job, the ids, the partition (null: the job's hash partition, streamed) and
     * the network configuration. The job goes
     * first and the manifest last ({@link #run}): a directory with a job and no manifest is a run stopped before its
     * first checkpoint, which a resume or an overwrite may start over ({@link PartitionedModelDirectory#holdsRun}).
     */
    private void prepareDirectory(NodePartition partition) throws IOException {
        Files.createDirectories(output);
        Files.deleteIfExists(output.resolve(PartitionedModelDirectory.MANIFEST)); // not a model until the new one
        // An overwritten run's partition files go now, not after the new ones are written: the disk holds one set of
        // tables, not two (DiskCheck counted them as free).
        try (var old = Files.newDirectoryStream(output, "{part-*.bin*,.part-*.tmp,walk-counts-*.bin}")) {
            for (Path f : old) {
                Files.delete(f);
            }
        }
        AtomicFiles.writeText(output.resolve(PartitionedModelDirectory.JOB), w -> w.write(job.toJson()));
        // whether it finished is the manifest's to say (HeteroModelFile.runRecord)
        AtomicFiles.writeText(output.resolve(RunRecord.ENTRY), w -> w.write(record.toJson()));
        PartitionedModelDirectory.writeIds(output, graph);
        if (partition != null) {
            PartitionedModelDirectory.writeOwners(output, partition);
        } else { // streamed: see runOnCluster
            int parts = job.tables().partitions();
            long seed = job.training().seed();
            PartitionedModelDirectory.writeOwners(output, graph.numNodes(), parts, NodePartition.HASH,
                    v -> NodePartition.hashPart(v, parts, seed));
        }
        String network = JobRunner.network(job, graph).toJson();
        AtomicFiles.writeText(output.resolve(PartitionedModelDirectory.NETWORK), w -> w.write(network));
    }

    private void writeManifest(PartitionStore tables, long runId, PartitionedTrainer.Position position, long spillLimit,
                               boolean finished) throws IOException {
        writeManifest(tables.states(), runId, position, spillLimit, finished);
    }

    private void writeManifest(List<PartitionedModelDirectory.PartitionState> states, long runId,
                               PartitionedTrainer.Position position, long spillLimit, boolean finished) throws IOException {
        List<String> types = HeteroEmbeddingModels.nodeTypes(graph);
        int[] counts = new int[types.size()];
        for (int t = 0; t < counts.length; t++) {
            counts[t] = graph.numNodes(t);
        }
        try {
            PartitionedModelDirectory.writeManifest(output, new Manifest(runId, job.model().dimension(), types, counts,
                    job.tables().partitions(), org.heteroembed.config.ValueType.name(job.tables().partitioner()),
                    states, position.progress(), position.sliceStart(), position.segmentsDone(), spillLimit,
                    identity, finished));
        } catch (IOException e) { // e.g. "No space left on device", which names no file
            throw new IOException("could not write the checkpoint " + output.resolve(PartitionedModelDirectory.MANIFEST)
                    + ": " + e.getMessage() + "; the previous one is intact: continue with --resume once the cause "
                    + "is fixed", e);
        }
    }
}
