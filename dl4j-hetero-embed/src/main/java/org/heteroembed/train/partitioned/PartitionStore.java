package org.heteroembed.train.partitioned;

import org.heteroembed.graph.partition.PartitionLayout;
import org.heteroembed.tables.PartitionFile;
import org.heteroembed.tables.PartitionedModelDirectory;
import org.heteroembed.tables.PartitionedModelDirectory.PartitionState;
import org.heteroembed.sampling.SkipGramPairGenerator;
import org.heteroembed.train.fast.FloatRows;
import org.heteroembed.walk.WalkGenerator;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A run's partition files in a model directory, with copy-on-write generations: a partition written back after
 * training goes to a new generation file, and the generation the last manifest (checkpoint) names stays on disk until
 * the next manifest replaces it. So a crash at any moment leaves the last checkpoint whole, at the cost of the disk of
 * the partitions written since (the starting rows are not kept: before the first checkpoint a partition written back
 * replaces its previous file). Counts the bytes read and written. Not thread-safe (the cache's I/O thread and the
 * trainer never use it at the same time).
 */
public final class PartitionStore {
    private final Path dir;
    private final long runId;
    private final PartitionLayout layout;
    private final int dim;
    private final long[] generation;
    private final long[] committed;
    private final long[] checksum;
    private long bytesRead, bytesWritten;

    private PartitionStore(Path dir, long runId, PartitionLayout layout, int dim, long[] generation, long[] checksum,
                           boolean checkpointed) {
        this.dir = dir;
        this.runId = runId;
        this.layout = layout;
        this.dim = dim;
        this.generation = generation;
        this.committed = generation.clone();
        if (!checkpointed) {
            // The starting rows are no checkpoint worth keeping (a resume from them is a fresh start): written-back
            // partitions replace them instead of doubling the disk until the first checkpoint.
            java.util.Arrays.fill(committed, -1);
        }
        this.checksum = checksum;
    }

    /**
     * Writes generation 0 of every partition, each row from {@code init}, through a slot of the largest partition's
     * size.
     */
    public static PartitionStore create(Path dir, long runId, PartitionLayout layout, int dim, RowInitializer init)
            throws IOException {
        try (RowSlot scratch = new RowSlot(layout.maxRows(), dim)) {
            return create(dir, runId, layout, dim, init, scratch);
        }
    }

    private static PartitionStore create(Path dir, long runId, PartitionLayout layout, int dim, RowInitializer init,
                                         RowSlot scratch) throws IOException {
        int parts = layout.parts();
        PartitionStore s = new PartitionStore(dir, runId, layout, dim, new long[parts], new long[parts], false);
        float[] in = new float[dim], out = new float[dim];
        for (int p = 0; p < parts; p++) {
            scratch.part = p;
            scratch.rows = layout.rows(p);
            FloatRows ins = scratch.inRows(), outs = scratch.outRows();
            for (int r = 0; r < scratch.rows; r++) {
                init.init(layout.node(p, r), in, out);
                ins.write(r, in);
                outs.write(r, out);
            }
            try {
                s.write(scratch, 0);
            } catch (IOException e) {
                throw new IOException(e.getMessage() + "; " + dir + " has no checkpoint yet: train again (--resume or "
                        + "--overwrite starts over) once the cause is fixed", e);
            }
        }
        scratch.part = -1;
        s.deleteOtherFiles();
        return s;
    }

    /** The store a manifest describes (a resume), after removing files the manifest does not name. */
    public static PartitionStore open(Path dir, long runId, PartitionLayout layout, int dim, List<PartitionState> states)
            throws IOException {
        int parts = layout.parts();
        if (states.size() != parts) {
            throw new IOException(dir + ": the manifest names " + states.size() + " partitions, the job has " + parts);
        }
        long[] gen = new long[parts], sum = new long[parts];
        for (PartitionState st : states) {
            if (st.rows() != layout.rows(st.part())) {
                throw new IOException(dir + ": partition " + st.part() + " has " + st.rows() + " rows in the manifest, "
                        + layout.rows(st.part()) + " in the layout");
            }
            gen[st.part()] = st.generation();
            sum[st.part()] = st.checksum();
        }
        PartitionStore s = new PartitionStore(dir, runId, layout, dim, gen, sum, true);
        for (int p = 0; p < parts; p++) {
            s.checkHeader(p);
        }
        s.deleteOtherFiles();
        return s;
    }

    /**
     * Checks that the file the manifest names for a partition is there and is that file: this run's, the partition's
     * shape and generation, the size its header gives, the checksum the manifest recorded (its rows are checked when
     * it is loaded). Cheap, so a resume refuses a damaged checkpoint before training rather than midway.
     */
    private void checkHeader(int part) throws IOException {
        Path file = PartitionedModelDirectory.partitionFile(dir, part, generation[part]);
        try {
            if (!Files.isRegularFile(file)) {
                throw new IOException(file + " is missing: the manifest names it as partition " + part + " (generation "
                        + generation[part] + ")");
            }
            PartitionFile.Header h = PartitionFile.readHeader(file);
            PartitionFile.requireExpected(file, h, expected(part));
            PartitionFile.requireChecksum(file, h, expected(part));
        } catch (IOException e) {
            throw damaged(part, e);
        }
    }

    private PartitionFile.Header expected(int part) {
        return new PartitionFile.Header(runId, part, layout.parts(), layout.rows(part), dim, generation[part],
                checksum[part]);
    }

    /**
     * A partition file that cannot be read, with what it means for the run: the checkpointed generation is the
     * checkpoint itself (it cannot be resumed); a later one was written by this run, and the checkpoint is intact.
     */
    private IOException damaged(int part, IOException e) {
        String what = generation[part] == committed[part]
                ? "the checkpoint in " + dir + " cannot be resumed: train it again with --overwrite"
                : "it was written after the last checkpoint, which --resume continues from";
        return new IOException(e.getMessage() + "; " + what, e);
    }

    /** Loads a partition's rows into a slot, checking the file is this run's current generation and intact. */
    void load(int part, RowSlot slot) throws IOException {
        PartitionFile.Header expected = expected(part);
        try {
            PartitionFile.read(PartitionedModelDirectory.partitionFile(dir, part, generation[part]), expected, slot.in(),
                    slot.out());
        } catch (IOException e) {
            throw damaged(part, e);
        }
        slot.part = part;
        slot.rows = expected.rows();
        slot.dirty = false;
        bytesRead += expected.fileBytes();
    }

    /** Writes a slot's partition as a new generation (and forgets an uncommitted previous one). */
    void store(RowSlot slot) throws IOException {
        int p = slot.part;
        long previous = generation[p];
        try {
            write(slot, previous + 1);
        } catch (IOException e) {
            throw new IOException(e.getMessage() + "; " + dir + " keeps its last checkpoint: continue with --resume once "
                    + "the cause is fixed", e);
        }
        if (previous != committed[p]) {
            Files.deleteIfExists(PartitionedModelDirectory.partitionFile(dir, p, previous));
        }
        slot.dirty = false;
    }

    private void write(RowSlot slot, long gen) throws IOException {
        int p = slot.part;
        PartitionFile.Header h = PartitionFile.write(PartitionedModelDirectory.partitionFile(dir, p, gen), runId, p,
                layout.parts(), gen, slot.rows, dim, slot.in(), slot.out());
        generation[p] = gen;
        checksum[p] = h.checksum();
        bytesWritten += h.fileBytes();
    }

    /** Changes the rows of a loaded partition ({@link #update}). */
    @FunctionalInterface
    public interface RowChange {
        void change(FloatRows in, FloatRows out) throws IOException;
    }

    /**
     * Rewrites partition {@code part}'s rows through {@code change} as a new generation (e.g. a warm start copying an
     * old model's rows in), through a slot of that partition's size.
     */
    public void update(int part, RowChange change) throws IOException {
        try (RowSlot slot = new RowSlot(layout.rows(part), dim)) {
            load(part, slot);
            change.change(slot.inRows(), slot.outRows());
            store(slot);
        }
    }

    /** The current generation of every partition, for a manifest. */
    public List<PartitionState> states() {
        List<PartitionState> out = new ArrayList<>();
        for (int p = 0; p < generation.length; p++) {
            out.add(new PartitionState(p, layout.rows(p), generation[p], checksum[p]));
        }
        return out;
    }

    /** After a manifest naming {@link #states()} was written: the generations it replaced are deleted. */
    public void committed() throws IOException {
        for (int p = 0; p < generation.length; p++) {
            if (committed[p] != generation[p]) {
                if (committed[p] >= 0) {
                    Files.deleteIfExists(PartitionedModelDirectory.partitionFile(dir, p, committed[p]));
                }
                committed[p] = generation[p];
            }
        }
    }

    /** Deletes partition files (and temporaries) of generations other than the current ones. */
    private void deleteOtherFiles() throws IOException {
        Set<Path> keep = new HashSet<>();
        for (int p = 0; p < generation.length; p++) {
            keep.add(PartitionedModelDirectory.partitionFile(dir, p, generation[p]).getFileName());
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "part-*.bin*")) {
            for (Path f : files) {
                if (!keep.contains(f.getFileName())) {
                    Files.delete(f);
                }
            }
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".part-*.tmp")) {
            for (Path f : files) {
                Files.delete(f);
            }
        }
    }

    /**
     * A trainer of this store's tables.
     *
     * @param slots    partitions resident at once (the memory budget)
     * @param maxPairs a pair budget instead of epochs (0: epochs)
     * @param spillDir   where each epoch's windows are spilled by bucket
     * @param spillLimit bytes of spilled windows at most: an epoch whose windows need more is trained in slices
     */
    public PartitionedTrainer trainer(WalkGenerator walks, SkipGramPairGenerator pairs, int threads, int slots, int epochs,
                                      long maxPairs, Path spillDir, long spillLimit) {
        return trainer(walks, pairs, threads, slots, epochs, maxPairs, spillDir, spillLimit, null);
    }

    /**
     * As above, with per-row rates ({@code rowRates[partition][localRow]}, a warm start's old rows below 1; null: all
     * rows at the full rate).
     */
    public PartitionedTrainer trainer(WalkGenerator walks, SkipGramPairGenerator pairs, int threads, int slots, int epochs,
                                      long maxPairs, Path spillDir, long spillLimit, float[][] rowRates) {
        return new PartitionedTrainer(this, walks, pairs, threads, slots, epochs, maxPairs, spillDir, spillLimit, rowRates);
    }

    long bytesRead() {
        return bytesRead;
    }

    long bytesWritten() {
        return bytesWritten;
    }

    PartitionLayout layout() {
        return layout;
    }

    int dim() {
        return dim;
    }
}
