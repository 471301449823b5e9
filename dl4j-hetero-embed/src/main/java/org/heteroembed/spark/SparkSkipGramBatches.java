package org.heteroembed.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.heteroembed.datavec.SkipGramBatchBuilder;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.sampling.NodeFrequencies;
import org.heteroembed.sampling.PairChunk;
import org.heteroembed.sampling.SkipGramConfig;
import org.heteroembed.sampling.SkipGramPairGenerator;
import org.heteroembed.walk.SplitMix64;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.apache.spark.util.LongAccumulator;

import java.util.Iterator;

/**
 * Walks to negative-sampled skip-gram {@link MultiDataSet}s on the executors, in the layout of
 * {@code SkipGramMultiDataSetIterator}, for DL4J's Spark training masters. Pairs come from the same
 * {@link SkipGramPairGenerator} as on one machine; negatives follow the corpus counts (broadcast once).
 */
public final class SparkSkipGramBatches {
    private static String lastKey;
    private static SkipGramPairGenerator lastGenerator;

    private SparkSkipGramBatches() {
    }

    /**
     * Batches of {@code batchSize} pairs (the last of each partition may be smaller). {@code counts} are the
     * corpus node counts ({@link SparkWalks#countNodes}).
     */
    public static JavaRDD<MultiDataSet> batches(JavaRDD<WalkBlock> walks, GraphSource graph, SkipGramConfig config,
                                                Broadcast<long[]> counts, int batchSize) {
        return batches(walks, graph, config, counts, batchSize, null);
    }

    /** As {@link #batches(JavaRDD, GraphSource, SkipGramConfig, Broadcast, int)}, counting the pairs made in {@code pairCount}. */
    public static JavaRDD<MultiDataSet> batches(JavaRDD<WalkBlock> walks, GraphSource graph, SkipGramConfig config,
                                                Broadcast<long[]> counts, int batchSize, LongAccumulator pairCount) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        String key = config.toString(); // every setting and the seed
        long countsId = counts.id();
        return walks.mapPartitions(blocks -> {
            HeteroGraph g = graph.graph();
            SkipGramPairGenerator pairs = generator(countsId + "/" + key,
                    () -> new SkipGramPairGenerator(g, config, new NodeFrequencies(counts.value())));
            return new Batches(blocks, pairs, new SkipGramBatchBuilder(g.typeOffsets(), batchSize,
                    pairs.config().negatives(), DataType.INT), pairCount);
        });
    }

    /**
     * The pair generator for a (counts, config) key, built once per JVM. Only the latest is kept: epochs run one
     * after another with a new seed each, and each generator holds O(nodes) negative-sampling tables.
     */
    private static synchronized SkipGramPairGenerator generator(String key, java.util.function.Supplier<SkipGramPairGenerator> make) {
        if (!key.equals(lastKey)) {
            lastGenerator = make.get();
            lastKey = key;
        }
        return lastGenerator;
    }

    /** A partition's batches, made as Spark consumes them: one block of walks' pairs in memory at a time. */
    private static final class Batches implements Iterator<MultiDataSet> {
        private final Iterator<WalkBlock> blocks;
        private final SkipGramPairGenerator pairs;
        private final SkipGramBatchBuilder builder;
        private final LongAccumulator pairCount;
        private final SplitMix64 rng = new SplitMix64(0);
        private final int k;
        private PairChunk chunk;
        private int next;
        private MultiDataSet pending;

        Batches(Iterator<WalkBlock> blocks, SkipGramPairGenerator pairs, SkipGramBatchBuilder builder, LongAccumulator pairCount) {
            this.blocks = blocks;
            this.pairs = pairs;
            this.builder = builder;
            this.pairCount = pairCount;
            this.k = pairs.config().negatives();
        }

        @Override
        public boolean hasNext() {
            if (pending == null) {
                pending = fill();
            }
            return pending != null;
        }

        @Override
        public MultiDataSet next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException("no more skip-gram batches in this partition");
            }
            MultiDataSet batch = pending;
            pending = null;
            return batch;
        }

        /** The next batch (the last may be smaller), or null when the partition's walks are used up. */
        private MultiDataSet fill() {
            while (!builder.isFull()) {
                if (chunk == null || next == chunk.size()) {
                    if (!blocks.hasNext()) {
                        break;
                    }
                    chunk = pairs.pairs(blocks.next().toChunk(), rng);
                    next = 0;
                    if (pairCount != null) {
                        pairCount.add(chunk.size());
                    }
                    continue;
                }
                builder.add(chunk.center(next), chunk.context(next), chunk.negatives(), next * k);
                next++;
            }
            return builder.isEmpty() ? null : builder.build();
        }
    }
}
