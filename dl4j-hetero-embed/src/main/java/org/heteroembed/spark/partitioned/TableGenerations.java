package org.heteroembed.spark.partitioned;

import org.heteroembed.tables.PartitionFile.Table;

import java.io.IOException;
import java.util.List;

/**
 * The driver's record of every partition's two tables during a partitioned run: the generation the next round reads,
 * its checksum, and the executor that wrote it (a task location). Rows never pass through it.
 */
final class TableGenerations {
    final long[] inGeneration, inChecksum, outGeneration, outChecksum;
    private final String[] inWriter, outWriter;

    TableGenerations(int parts) {
        inGeneration = new long[parts];
        inChecksum = new long[parts];
        outGeneration = new long[parts];
        outChecksum = new long[parts];
        inWriter = new String[parts];
        outWriter = new String[parts];
    }

    /** Generation 0 of partition {@code part}, written at {@code location}. */
    void initialized(int part, long inSum, long outSum, String location) {
        inChecksum[part] = inSum;
        outChecksum[part] = outSum;
        inWriter[part] = outWriter[part] = location;
    }

    /** Where partition {@code part}'s input table was last written (the slot that owns it). */
    String inputWriter(int part) {
        return inWriter[part];
    }

    /** Bytes of rows the round's tasks read that another executor wrote: what crossed between executors. */
    long movedBytes(List<TaskReport> reports, LayoutSpec layout, int dim) {
        long moved = 0;
        for (TaskReport r : reports) {
            for (int a = 0; a < r.inParts.length; a++) {
                int i = r.inParts[a], j = r.outParts[a];
                if (inWriter[i] == null || !inWriter[i].equals(r.location)) {
                    moved += (long) layout.rows(i) * dim * Float.BYTES;
                }
                if (outWriter[j] == null || !outWriter[j].equals(r.location)) {
                    moved += (long) layout.rows(j) * dim * Float.BYTES;
                }
            }
        }
        return moved;
    }

    /**
     * Commits a round once all its tasks succeeded: the generations they wrote become the ones to read, and the
     * files of the ones they replaced are deleted (no task reads them again).
     */
    void commit(List<TaskReport> reports, ClusterRun run) throws IOException {
        for (TaskReport r : reports) {
            for (int a = 0; a < r.inParts.length; a++) {
                int i = r.inParts[a], j = r.outParts[a];
                ClusterTables.delete(run, i, Table.INPUT, inGeneration[i]);
                ClusterTables.delete(run, j, Table.OUTPUT, outGeneration[j]);
                inGeneration[i]++;
                outGeneration[j]++;
                inChecksum[i] = r.inChecksums[a];
                outChecksum[j] = r.outChecksums[a];
                inWriter[i] = r.location;
                outWriter[j] = r.location;
            }
        }
    }
}
