package org.heteroembed.spark;

import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.heteroembed.graph.partition.NodePartition;
import org.heteroembed.walk.WalkChunk;
import org.heteroembed.walk.WalkConfig;
import org.heteroembed.walk.WalkGenerator;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Walks made on the executors, so the driver never holds the corpus: one task per partition generates a
 * contiguous range of the {@link WalkGenerator}'s chunks from the graph it maps itself ({@link GraphSource}).
 * The walks are exactly those of a single-machine run with the same config, whatever the partition count.
 */
public final class SparkWalks {
    private SparkWalks() {
    }

    /** One run of {@code config}'s walks in {@code partitions} partitions (not cached: callers persist as they need). */
    public static JavaRDD<WalkBlock> generate(JavaSparkContext sc, GraphSource graph, WalkConfig config, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        List<Integer> ids = IntStream.range(0, partitions).boxed().toList();
        return sc.parallelize(ids, partitions).mapPartitions(it -> {
            if (!it.hasNext()) {
                return java.util.Collections.emptyIterator();
            }
            int p = it.next();
            WalkGenerator walks = new WalkGenerator(graph.graph(), config);
            long chunks = walks.numChunks();
            long from = chunks * p / partitions, to = chunks * (p + 1) / partitions;
            return new Iterator<WalkBlock>() {
                long next = from;

                @Override
                public boolean hasNext() {
                    return next < to;
                }

                @Override
                public WalkBlock next() {
                    return WalkBlock.of(walks.chunk(next++));
                }
            };
        });
    }

    /**
     * The same walks regrouped so that partition {@code p} holds the walks whose start node lies in part {@code p}
     * of {@code partition} (one shuffle of the corpus), packed into blocks of up to {@code blockSize} walks. With a
     * locality partition a task's walks mostly stay among its own part's nodes, so the rows it updates are mostly
     * rows no other task updates.
     */
    public static JavaRDD<WalkBlock> byStartPart(JavaRDD<WalkBlock> walks, NodePartition partition, int blockSize) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("blockSize must be >= 1, got " + blockSize);
        }
        int parts = partition.parts();
        return walks.flatMapToPair(b -> {
                    List<Tuple2<Integer, long[]>> out = new ArrayList<>(b.size());
                    WalkChunk c = b.toChunk();
                    for (int w = 0; w < b.size(); w++) {
                        // the walk's original index rides along: it seeds the walk's windows
                        long[] walk = new long[c.length(w) + 1];
                        walk[0] = b.firstWalk() + w;
                        for (int s = 0; s < c.length(w); s++) {
                            walk[s + 1] = c.node(w, s);
                        }
                        out.add(new Tuple2<>(partition.partOf(c.node(w, 0)), walk));
                    }
                    return out.iterator();
                })
                .partitionBy(new HashPartitioner(parts)) // Integer keys 0..parts-1: key p lands in partition p
                .values()
                .mapPartitions(it -> pack(it, blockSize));
    }

    private static Iterator<WalkBlock> pack(Iterator<long[]> walks, int blockSize) {
        List<WalkBlock> blocks = new ArrayList<>();
        int[] offsets = new int[blockSize + 1];
        int[] nodes = new int[64];
        int count = 0;
        long first = 0;
        while (walks.hasNext()) {
            long[] w = walks.next();
            if (count == 0) {
                first = w[0];
            }
            int len = w.length - 1;
            if (offsets[count] + len > nodes.length) {
                nodes = Arrays.copyOf(nodes, Math.max(nodes.length * 2, offsets[count] + len));
            }
            for (int s = 0; s < len; s++) {
                nodes[offsets[count] + s] = (int) w[s + 1];
            }
            offsets[count + 1] = offsets[count] + len;
            count++;
            if (count == blockSize) {
                blocks.add(new WalkBlock(first, offsets.clone(), Arrays.copyOf(nodes, offsets[count])));
                count = 0;
            }
        }
        if (count > 0) {
            blocks.add(new WalkBlock(first, Arrays.copyOf(offsets, count + 1), Arrays.copyOf(nodes, offsets[count])));
        }
        return blocks.iterator();
    }

    /** Occurrences of every node in the walks (word2vec's counts), summed on the executors. */
    public static long[] countNodes(JavaRDD<WalkBlock> walks, int numNodes) {
        return walks.treeAggregate(new long[numNodes], (acc, b) -> {
            for (int i = 0; i < b.tokens(); i++) {
                acc[b.nodes()[i]]++;
            }
            return acc;
        }, (a, b) -> {
            for (int i = 0; i < a.length; i++) {
                a[i] += b[i];
            }
            return a;
        });
    }
}
