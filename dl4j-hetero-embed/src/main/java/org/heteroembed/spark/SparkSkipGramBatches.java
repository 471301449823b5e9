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

import java.util.ArrayList;
import org.apache.spark.util.LongAccumulator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Walks to negative-sampled skip-gram {@link MultiDataSet}s on the executors, in the layout of
 * {@code SkipGramMultiDataSetIterator}, for DL4J's Spark training masters. Pairs come from the same
 * {@link SkipGramPairGenerator} as on one machine; negatives follow the corpus counts (broadcast once).
 */
public final class SparkSkipGramBatches {
    /** Pair generators built in this JVM, by (broadcast id, config): building the negative tables is O(nodes). */
    private static final ConcurrentHashMap<String, SkipGramPairGenerator> GENERATORS = new ConcurrentHashMap<>();

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
        String json = config.toJson();
        long countsId = counts.id();
        return walks.mapPartitions(blocks -> {
            HeteroGraph g = graph.graph();
            SkipGramPairGenerator pairs = GENERATORS.computeIfAbsent(countsId + "/" + json,
                    key -> new SkipGramPairGenerator(g, SkipGramConfig.fromJson(json), new NodeFrequencies(counts.value())));
            int k = pairs.config().negatives();
            SkipGramBatchBuilder builder = new SkipGramBatchBuilder(g.typeOffsets(), batchSize, k, DataType.INT);
            SplitMix64 rng = new SplitMix64(0);
            List<MultiDataSet> out = new ArrayList<>();
            while (blocks.hasNext()) {
                PairChunk c = pairs.pairs(blocks.next().toChunk(), rng);
                if (pairCount != null) {
                    pairCount.add(c.size());
                }
                for (int i = 0; i < c.size(); i++) {
                    builder.add(c.center(i), c.context(i), c.negatives(), i * k);
                    if (builder.isFull()) {
                        out.add(builder.build());
                    }
                }
            }
            if (!builder.isEmpty()) {
                out.add(builder.build());
            }
            return out.iterator();
        });
    }
}
