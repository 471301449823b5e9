package org.heteroembed.job;

import org.heteroembed.graph.partition.PartitionLayout;
import org.heteroembed.train.fast.FloatRows;
import org.heteroembed.train.partitioned.PartitionStore;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A warm start of a run with partitioned tables, out of core: one pass over the old model (a file, or a directory
 * partition by partition) appends each kept node's rows to a spill file of its new partition, then each new partition
 * is loaded once, patched from its spill and written as a new generation. Neither the old nor the new tables are ever
 * whole in memory; the disk holds the kept rows once more while it runs.
 */
final class PartitionedWarmStart {
    private PartitionedWarmStart() {
    }

    /** Copies {@code warm}'s rows into {@code store} (generation 0 of a fresh run), through spill files in {@code tmp}. */
    static void copy(WarmStart warm, PartitionStore store, PartitionLayout layout, int dim, Path tmp) throws IOException {
        Files.createDirectories(tmp);
        int parts = layout.parts();
        DataOutputStream[] spills = new DataOutputStream[parts];
        long[] records = new long[parts];
        try {
            for (int p = 0; p < parts; p++) {
                spills[p] = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file(tmp, p)), 1 << 16));
            }
            warm.copyRows((node, in, out) -> {
                int p = layout.partOf(node);
                DataOutputStream s = spills[p];
                s.writeInt(layout.localRow(node));
                for (int j = 0; j < dim; j++) {
                    s.writeFloat(in[j]);
                }
                for (int j = 0; j < dim; j++) {
                    s.writeFloat(out[j]);
                }
                records[p]++;
            });
        } finally {
            for (DataOutputStream s : spills) {
                if (s != null) {
                    s.close();
                }
            }
        }
        try {
            float[] in = new float[dim], out = new float[dim];
            for (int p = 0; p < parts; p++) {
                if (records[p] == 0) {
                    continue;
                }
                Path f = file(tmp, p);
                long n = records[p];
                store.update(p, (FloatRows inRows, FloatRows outRows) -> {
                    try (DataInputStream r = new DataInputStream(new BufferedInputStream(Files.newInputStream(f), 1 << 16))) {
                        for (long k = 0; k < n; k++) {
                            int row = r.readInt();
                            for (int j = 0; j < dim; j++) {
                                in[j] = r.readFloat();
                            }
                            for (int j = 0; j < dim; j++) {
                                out[j] = r.readFloat();
                            }
                            inRows.write(row, in);
                            outRows.write(row, out);
                        }
                    }
                });
            }
        } finally {
            for (int p = 0; p < parts; p++) {
                Files.deleteIfExists(file(tmp, p));
            }
            Files.deleteIfExists(tmp);
        }
    }

    /** Per partition and local row, the global rates of a warm start ({@code WarmStart.Result#rowRates}), or null. */
    static float[][] rates(float[] global, PartitionLayout layout) {
        if (global == null) {
            return null;
        }
        float[][] rates = new float[layout.parts()][];
        for (int p = 0; p < rates.length; p++) {
            rates[p] = new float[layout.rows(p)];
            for (int r = 0; r < rates[p].length; r++) {
                rates[p][r] = global[layout.node(p, r)];
            }
        }
        return rates;
    }

    private static Path file(Path dir, int part) {
        return dir.resolve(String.format("warm-%05d.rows", part));
    }
}
