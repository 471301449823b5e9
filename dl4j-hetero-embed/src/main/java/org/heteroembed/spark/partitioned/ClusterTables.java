package org.heteroembed.spark.partitioned;

import org.bytedeco.javacpp.FloatPointer;
import org.heteroembed.tables.PartitionFile;
import org.heteroembed.tables.PartitionFile.Table;
import org.heteroembed.tables.PartitionedModelDirectory;
import org.heteroembed.train.fast.FloatRows;
import org.heteroembed.train.partitioned.RowInitializer;

import java.io.IOException;
import java.nio.file.Files;

/**
 * The executor side of a partitioned run's first and last steps: writing a partition's starting rows (generation 0 of
 * both tables), and writing a partition's final tables as the single-machine format's file, so the finished directory
 * is the model directory {@code train} writes (format 1: both tables in one file), read by every tool.
 */
final class ClusterTables {
    private ClusterTables() {
    }

    /**
     * Writes generation 0 of partition {@code part}'s two tables and keeps them in this executor's cache (the first
     * round's task of its class runs here: the driver asks for it); returns their checksums (input, output).
     */
    static long[] initialize(ClusterRun run, int part, RowInitializer init) throws IOException {
        int rows = run.layout().rows(part), d = run.dim;
        FloatPointer in = ClusterTask.allocate(rows, d), out = ClusterTask.allocate(rows, d);
        try {
            FloatRows ins = FloatRows.at(in.address(), rows, d), outs = FloatRows.at(out.address(), rows, d);
            float[] a = new float[d], b = new float[d];
            for (int r = 0; r < rows; r++) {
                init.init(run.layout().node(part, r), a, b);
                ins.write(r, a);
                outs.write(r, b);
            }
            long inSum = PartitionFile.writeHalf(PartitionedModelDirectory.halfFile(run.directory(), part, Table.INPUT, 0),
                    run.runId, part, run.parts(), Table.INPUT, 0, rows, d, in.address()).checksum();
            long outSum = PartitionFile.writeHalf(PartitionedModelDirectory.halfFile(run.directory(), part, Table.OUTPUT, 0),
                    run.runId, part, run.parts(), Table.OUTPUT, 0, rows, d, out.address()).checksum();
            long capacity = run.cacheBytes * ClusterTask.taskSlots(run.executors);
            HalfCache.offer(new HalfCache.Key(run.runId, part, Table.INPUT, 0), in, capacity);
            in = null;
            HalfCache.offer(new HalfCache.Key(run.runId, part, Table.OUTPUT, 0), out, capacity);
            out = null;
            return new long[]{inSum, outSum};
        } finally {
            if (in != null) {
                in.deallocate();
            }
            if (out != null) {
                out.deallocate();
            }
        }
    }

    /**
     * Writes partition {@code part}'s tables at the named generations as the format-1 file of generation
     * {@code generation}; returns its checksum. The tables come from this executor's cache when they are there.
     */
    static long finish(ClusterRun run, int part, long inGeneration, long inChecksum, long outGeneration,
                       long outChecksum, long generation) throws IOException {
        TaskReport ignored = new TaskReport();
        int rows = run.layout().rows(part), d = run.dim;
        FloatPointer in = ClusterTask.load(run, part, Table.INPUT, inGeneration, inChecksum, ignored);
        try {
            FloatPointer out = ClusterTask.load(run, part, Table.OUTPUT, outGeneration, outChecksum, ignored);
            try {
                return PartitionFile.write(PartitionedModelDirectory.partitionFile(run.directory(), part, generation),
                        run.runId, part, run.parts(), generation, rows, d, in.address(), out.address()).checksum();
            } finally {
                out.deallocate();
            }
        } finally {
            in.deallocate();
        }
    }

    /** Deletes a half's file if present (the driver, once no task can read that generation again). */
    static void delete(ClusterRun run, int part, Table table, long generation) throws IOException {
        Files.deleteIfExists(PartitionedModelDirectory.halfFile(run.directory(), part, table, generation));
    }
}
