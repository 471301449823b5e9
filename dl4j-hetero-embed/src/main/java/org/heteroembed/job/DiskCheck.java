package org.heteroembed.job;

import org.heteroembed.config.ByteSize;
import org.heteroembed.graph.partition.PartitionLayout;
import org.heteroembed.tables.PartitionFile;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Refuses, before a partitioned run writes anything, a run whose files cannot fit on disk, rather than failing with
 * "No space left on device" an hour in. A partitioned run's disk at its peak:
 * <ul>
 *     <li>the tables (every partition file), unless a resumed run already has them;</li>
 *     <li>one more partition file: a partition written back goes to a new file before the old one is deleted;</li>
 *     <li>with periodic checkpoints, up to the tables once more: partitions written since the last checkpoint sit beside
 *     the checkpointed ones until the next ({@link org.heteroembed.train.partitioned.PartitionStore}'s
 *     copy-on-write generations);</li>
 *     <li>the spill: the {@code --spill-limit} given, or (by default, half the free disk) at least its 64 MiB floor.</li>
 * </ul>
 * These are upper bounds the run can reach, not averages: refusing on them keeps the promise that a run that starts
 * can finish.
 */
final class DiskCheck {
    /** The smallest spill limit a run picks by itself ({@code PartitionedRun}'s half of the free disk, at least this). */
    static final long MIN_SPILL = 64L << 20;

    private DiskCheck() {
    }

    /** One partition file's bytes: header, input rows and output rows. */
    static long fileBytes(PartitionLayout layout, int part, int dim) {
        return PartitionFile.HEADER_BYTES + 2L * layout.rows(part) * dim * Float.BYTES;
    }

    /**
     * Checks the disks of the output and the spill directory.
     *
     * @param fresh       a new run (its tables are still to be written; {@code output}'s old partition files are deleted
     *                    first), or a resumed one (its tables are on disk)
     * @param checkpoints periodic checkpoints are on
     * @param spillLimit  the spill limit the user gave, or -1 (the run takes half the free disk)
     * @throws RunTooLargeException naming what the run needs, what the disk has and the ways out
     */
    static void check(Path output, Path spill, PartitionLayout layout, int dim, boolean fresh, boolean checkpoints,
                      long spillLimit) throws IOException {
        long tables = 0, largest = 0;
        for (int p = 0; p < layout.parts(); p++) {
            long f = fileBytes(layout, p, dim);
            tables += f;
            largest = Math.max(largest, f);
        }
        FileStore outStore = store(output), spillStore = store(spill);
        long reclaimed = fresh ? oldPartitionBytes(output) : 0;
        Optional<String> refusal = refusal(output, outStore.getUsableSpace() + reclaimed, outStore.equals(spillStore),
                spillStore.getUsableSpace(), tables, largest, fresh, checkpoints, spillLimit);
        if (refusal.isPresent()) {
            throw new RunTooLargeException(refusal.get());
        }
    }

    /**
     * The refusal for the given free space, or empty when the run fits: pure arithmetic (tested without filling a
     * disk).
     *
     * @param outputFree bytes free on the output's disk (plus the old partition files a fresh run deletes)
     * @param sameDisk   the spill directory is on the output's disk
     * @param spillFree  bytes free on the spill directory's disk
     */
    static Optional<String> refusal(Path output, long outputFree, boolean sameDisk, long spillFree, long tables,
                                    long largest, boolean fresh, boolean checkpoints, long spillLimit) {
        List<String> parts = new ArrayList<>();
        long need = 0;
        if (fresh) {
            need += tables;
            parts.add("tables " + ByteSize.format(tables));
        }
        need += largest;
        parts.add("a partition being rewritten " + ByteSize.format(largest));
        if (checkpoints) {
            need += tables;
            parts.add("periodic checkpoints keep up to the tables once more " + ByteSize.format(tables));
        }
        long spill = spillLimit >= 0 ? spillLimit : MIN_SPILL;
        String spillPart = (spillLimit >= 0 ? "--spill-limit " : "the smallest spill ") + ByteSize.format(spill);
        if (sameDisk) {
            need += spill;
            parts.add(spillPart);
        }
        List<String> ways = new ArrayList<>();
        ways.add("free disk space or give another -o");
        if (checkpoints) {
            ways.add("--checkpoint-minutes 0 (a checkpoint only at the end)");
        }
        if (spillLimit >= 0) {
            ways.add("a smaller --spill-limit");
        }
        ways.add("or a smaller --dimension");
        if (need > outputFree) {
            return Optional.of(String.format("%s needs %s of disk (%s) and its disk has %s free: %s", output,
                    ByteSize.format(need), String.join(", ", parts), ByteSize.format(outputFree), String.join(", ", ways)));
        }
        if (!sameDisk && spill > spillFree) {
            return Optional.of(String.format("the spill directory needs %s (%s) and its disk has %s free: free disk "
                    + "space, give another --spill-directory or a smaller --spill-limit", ByteSize.format(spill), spillPart,
                    ByteSize.format(spillFree)));
        }
        return Optional.empty();
    }

    /** The file store holding {@code path}, or its nearest existing ancestor's. */
    private static FileStore store(Path path) throws IOException {
        Path existing = path.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new IOException(path + ": no existing directory on its path");
        }
        return Files.getFileStore(existing);
    }

    /** Bytes of partition files in {@code dir} (an earlier run's, which a fresh run deletes before writing its own). */
    private static long oldPartitionBytes(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long sum = 0;
        try (var files = Files.newDirectoryStream(dir, "part-*.bin*")) {
            for (Path f : files) {
                sum += Files.size(f);
            }
        }
        return sum;
    }
}
