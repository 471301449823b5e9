package org.heteroembed.train.partitioned;

import org.heteroembed.train.partitioned.BucketOrder.Bucket;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/** The bucket sequences of the baseline orderings, before a buffer is fitted to them ({@link SequenceSchedule}). */
final class BucketSequences {
    private BucketSequences() {
    }

    /**
     * PyTorch-BigGraph's inside-out order ({@code create_buckets_ordered_by_layer} with {@code INSIDE_OUT} in
     * {@code torchbiggraph/bucket_scheduling.py}), for as many left as right partitions: layer {@code i} holds the
     * buckets with {@code min(in, out) == i}, as {@code (i, i)} and the transposed pairs {@code (k, i), (i, k)} for
     * {@code k > i}, each pair in random order and the pairs shuffled; layers go from {@code P - 1} down to 0.
     */
    static List<Bucket> insideOut(int partitions, RandomGenerator rng) {
        List<Bucket> out = new ArrayList<>(partitions * partitions);
        for (int layer = partitions - 1; layer >= 0; layer--) {
            List<List<Bucket>> pairs = new ArrayList<>();
            pairs.add(List.of(new Bucket(layer, layer)));
            for (int k = layer + 1; k < partitions; k++) {
                List<Bucket> pair = new ArrayList<>(List.of(new Bucket(k, layer), new Bucket(layer, k)));
                Shuffles.shuffle(pair, rng);
                pairs.add(pair);
            }
            Shuffles.shuffle(pairs, rng);
            pairs.forEach(out::addAll);
        }
        return out;
    }

    /** {@code (0,0), (0,1), ..., (0,P-1), (1,0), ...}. */
    static List<Bucket> rowMajor(int partitions) {
        List<Bucket> out = new ArrayList<>(partitions * partitions);
        for (int i = 0; i < partitions; i++) {
            for (int j = 0; j < partitions; j++) {
                out.add(new Bucket(i, j));
            }
        }
        return out;
    }
}
