package org.heteroembed.sampling;

import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.walk.OrderedPipeline;
import org.heteroembed.walk.WalkGenerator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How often each node occurs in the walk corpus: the "unigram" counts behind negative sampling and
 * subsampling, as word2vec counts words before training.
 */
public final class NodeFrequencies {
    private final long[] counts;
    private final long total;

    public NodeFrequencies(long[] counts) {
        this.counts = counts;
        long t = 0;
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("negative count");
            }
            t += c;
        }
        this.total = t;
    }

    /**
     * Counts node occurrences over one full run of the generator (the same walks training will see, since
     * walks are deterministic), each worker counting into its own array.
     */
    public static NodeFrequencies count(WalkGenerator generator) throws InterruptedException {
        int n = generator.graph().numNodes();
        List<long[]> perWorker = Collections.synchronizedList(new ArrayList<>());
        try (OrderedPipeline<Integer> p = generator.startPerWorker(w -> {
            long[] local = new long[n];
            perWorker.add(local);
            return chunk -> {
                int[] nodes = chunk.nodes();
                for (int i = 0, end = chunk.totalNodes(); i < end; i++) {
                    local[nodes[i]]++;
                }
                return chunk.size();
            };
        })) {
            while (p.next() != null) {
                // counting happens on the workers
            }
        }
        long[] counts = new long[n];
        for (long[] local : perWorker) {
            for (int i = 0; i < n; i++) {
                counts[i] += local[i];
            }
        }
        return new NodeFrequencies(counts);
    }

    /**
     * Degrees as a stand-in for counts: a uniform walk's stationary distribution is proportional to degree,
     * so this is the count of an infinitely long uniform corpus, at no cost. Not right for metapath walks.
     */
    public static NodeFrequencies ofDegrees(HeteroGraph graph) {
        long[] counts = new long[graph.numNodes()];
        for (int v = 0; v < counts.length; v++) {
            counts[v] = graph.degree(v);
        }
        return new NodeFrequencies(counts);
    }

    public long count(int node) {
        return counts[node];
    }

    public long total() {
        return total;
    }

    public int size() {
        return counts.length;
    }
}
