package org.heteroembed.spark.partitioned;

import org.apache.spark.api.java.JavaRDD;
import org.heteroembed.graph.io.AtomicFiles;
import org.heteroembed.spark.WalkBlock;
import scala.Tuple2;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The corpus node counts (word2vec's, for subsampling and the negatives) of a partitioned Spark run, summed on the
 * executors and written beside the tables in ranges of {@value #RANGE} nodes, so that every executor reads them and
 * the driver receives only the total: it never holds a count per node.
 */
final class CountFiles {
    /** Nodes per file (32 MiB of counts). */
    static final int RANGE = 1 << 22;
    private static final long MAGIC = 0x4845434e54303031L; // "HECNT001"

    private CountFiles() {
    }

    static Path file(Path dir, int range) {
        return dir.resolve(String.format("walk-counts-%05d.bin", range));
    }

    /** Counts the walks' nodes on the executors and writes the range files; returns the corpus tokens. */
    static long write(JavaRDD<WalkBlock> walks, Path dir, int numNodes) {
        int ranges = Math.max(1, (numNodes + RANGE - 1) / RANGE);
        String d = dir.toAbsolutePath().toString();
        List<Long> totals = walks.mapPartitionsToPair(it -> {
                    long[] c = new long[numNodes];
                    while (it.hasNext()) {
                        WalkBlock b = it.next();
                        for (int i = 0; i < b.tokens(); i++) {
                            c[b.nodes()[i]]++;
                        }
                    }
                    return IntStream.range(0, ranges).mapToObj(r -> new Tuple2<>(r,
                            Arrays.copyOfRange(c, r * RANGE, (int) Math.min(numNodes, (long) (r + 1) * RANGE)))).iterator();
                })
                .reduceByKey((a, b) -> {
                    for (int i = 0; i < a.length; i++) {
                        a[i] += b[i];
                    }
                    return a;
                }, ranges)
                .map(t -> {
                    long sum = 0;
                    for (long x : t._2()) {
                        sum += x;
                    }
                    writeRange(file(Path.of(d), t._1()), t._2());
                    return sum;
                }).collect();
        return totals.stream().mapToLong(Long::longValue).sum();
    }

    private static void writeRange(Path file, long[] counts) throws IOException {
        AtomicFiles.write(file, tmp -> {
            try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
                out.writeLong(MAGIC);
                out.writeInt(counts.length);
                for (long c : counts) {
                    out.writeLong(c);
                }
            }
        });
    }

    /** Every node's count, from the range files. */
    static long[] read(Path dir, int numNodes) throws IOException {
        long[] counts = new long[numNodes];
        int ranges = Math.max(1, (numNodes + RANGE - 1) / RANGE);
        for (int r = 0; r < ranges; r++) {
            Path file = file(dir, r);
            int from = r * RANGE, expected = (int) Math.min(numNodes, (long) (r + 1) * RANGE) - from;
            try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
                if (in.readLong() != MAGIC || in.readInt() != expected) {
                    throw new IOException(file + " is not the counts of nodes " + from + " to " + (from + expected - 1));
                }
                for (int i = 0; i < expected; i++) {
                    counts[from + i] = in.readLong();
                }
            } catch (java.io.EOFException e) {
                throw new IOException(file + " is truncated", e);
            }
        }
        return counts;
    }

    /** Deletes the range files. */
    static void delete(Path dir) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "walk-counts-*.bin")) {
            for (Path f : files) {
                Files.delete(f);
            }
        }
    }
}
