package org.heteroembed.train.partitioned;

import org.heteroembed.walk.SplitMix64;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.random.RandomGenerator;

/**
 * The order in which one epoch trains all {@code P * P} buckets when at most {@code c} partitions are resident at
 * once: a plan of {@link Step}s, each loading exactly one partition (evicting one first when the buffer is full) and
 * then training the buckets that the partitions now resident allow. A resident partition has both its input and
 * output rows in memory; bucket {@code (i, j)} needs partitions {@code i} (input rows) and {@code j} (output rows).
 *
 * <p>One load per step, rather than loading a whole buffer at once, lets the trainer start on the first partition's
 * own bucket at once and read the next step's partition ({@link #nextLoad}) in the background while the current
 * step trains. Prefetching holds one more partition than {@code c} while it runs (the next step's victim may still be
 * needed by the current step's buckets), so a trainer that prefetches plans with a {@code c} one below what its
 * memory holds.
 *
 * <p>Orderings ({@link Ordering}): Marius's BETA (the default: fewest loads), PyTorch-BigGraph's inside-out order
 * (the baseline) and plain row-major (for comparison). Each is randomised per epoch from the seed, as Marius and PBG
 * do (a fixed order would always train the same buckets first and last), and is deterministic for a seed and an
 * epoch. Immutable.
 */
public final class BucketOrder {
    /**
     * The largest {@code --partitions} planned: a plan lists all {@code P * P} buckets (a million at 1024, about
     * 40 MB), and partitions that small are far below any useful disk read anyway.
     */
    public static final int MAX_PARTITIONS = 1024;
    /** Stream of {@link SplitMix64#seedFor} for the per-epoch order, independent of walks' and partitions'. */
    private static final long ORDER_STREAM = 0x6f72646572L; // "order"

    /** How the buckets of an epoch are ordered. */
    public enum Ordering {
        /**
         * Marius's buffer-aware edge traversal (Mohoney et al., "Marius: Learning Massive Graph Embeddings on a
         * Single Machine", OSDI 2021): c - 1 partitions stay while every other one passes through the last slot,
         * then the c - 1 are replaced; about {@code P^2 / (2 (c - 1))} loads.
         */
        BETA,
        /**
         * PyTorch-BigGraph's inside-out order: L-shaped layers {@code min(i, j) = P-1, P-2, ..., 0}, shuffled within
         * a layer, transposed buckets adjacent ({@code torchbiggraph/bucket_scheduling.py}). PBG holds only the two
         * partitions of one bucket; here the buffer keeps {@code c} and evicts the one used farthest ahead (Belady),
         * the best any buffer can do for this sequence, so the comparison with BETA is fair to the baseline.
         */
        INSIDE_OUT,
        /** Buckets {@code (0,0), (0,1), ..., (P-1,P-1)}, not randomised, with the same farthest-ahead eviction. */
        ROW_MAJOR
    }

    /** The buckets whose context rows lie in partition {@code in} and whose center rows lie in {@code out}. */
    public record Bucket(int in, int out) {
    }

    /**
     * Load partition {@code load} (after evicting {@code evict}, or {@code -1} when the buffer has room), then train
     * {@code buckets} (possibly none: a baseline order may need two loads before its next bucket) with the partitions
     * {@code resident} (ascending) in memory.
     */
    public record Step(int load, int evict, List<Bucket> buckets, List<Integer> resident) {
        public Step {
            buckets = List.copyOf(buckets);
            resident = List.copyOf(resident);
        }
    }

    private final Ordering ordering;
    private final int partitions;
    private final int capacity;
    private final List<Step> steps;

    private BucketOrder(Ordering ordering, int partitions, int capacity, List<Step> steps) {
        this.ordering = ordering;
        this.partitions = partitions;
        this.capacity = capacity;
        this.steps = Collections.unmodifiableList(steps);
    }

    /**
     * The plan of one epoch.
     *
     * @param partitions {@code --partitions}: P, at least 1
     * @param resident   partitions that {@code --memory} holds at once: at least 2 when P > 1 (a bucket needs two),
     *                   at least 1 when P == 1; more than P is clamped to P (memory to spare is not an error)
     * @param seed       the run's seed
     * @param epoch      the epoch (0-based): each epoch gets its own order
     * @throws IllegalArgumentException naming {@code --partitions} or {@code --memory} when they cannot train
     */
    public static BucketOrder plan(Ordering ordering, int partitions, int resident, long seed, int epoch) {
        Objects.requireNonNull(ordering, "ordering");
        if (partitions < 1 || partitions > MAX_PARTITIONS) {
            throw new IllegalArgumentException("--partitions must be in [1, " + MAX_PARTITIONS + "], got " + partitions);
        }
        if (resident < 1) {
            throw new IllegalArgumentException("--memory holds no partition at once (" + resident
                    + "): raise --memory to hold at least " + (partitions == 1 ? "the one partition" : "2 partitions")
                    + ", or raise --partitions so that partitions are smaller");
        }
        if (partitions > 1 && resident < 2) {
            throw new IllegalArgumentException("--memory holds only 1 partition at once, but with --partitions "
                    + partitions + " a bucket (i, j) needs partitions i and j together: raise --memory to hold at "
                    + "least 2 partitions, or raise --partitions so that partitions are smaller");
        }
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        int c = Math.min(resident, partitions);
        RandomGenerator rng = new SplitMix64(SplitMix64.seedFor(seed, ORDER_STREAM, epoch));
        List<Step> steps = switch (ordering) {
            case BETA -> BetaSchedule.steps(partitions, c, rng);
            case INSIDE_OUT -> SequenceSchedule.steps(partitions, c, BucketSequences.insideOut(partitions, rng));
            case ROW_MAJOR -> SequenceSchedule.steps(partitions, c, BucketSequences.rowMajor(partitions));
        };
        return new BucketOrder(ordering, partitions, c, steps);
    }

    /**
     * Partition loads per ordering for P partitions and {@code resident} at once (epoch 0 of {@code seed}): the figure
     * a benchmark reports next to the bytes actually read.
     */
    public static Map<Ordering, Integer> loadsPerOrdering(int partitions, int resident, long seed) {
        Map<Ordering, Integer> loads = new EnumMap<>(Ordering.class);
        for (Ordering o : Ordering.values()) {
            loads.put(o, plan(o, partitions, resident, seed, 0).loads());
        }
        return loads;
    }

    public Ordering ordering() {
        return ordering;
    }

    public int partitions() {
        return partitions;
    }

    /** Partitions resident at most at once: the requested number, clamped to P. */
    public int capacity() {
        return capacity;
    }

    public List<Step> steps() {
        return steps;
    }

    /** Partition loads in the epoch (one per step, the first {@code capacity} included). */
    public int loads() {
        return steps.size();
    }

    /**
     * Bytes read from disk in the epoch: the sum over loads of the loaded partition's size (input and output rows).
     * Every loaded partition is written back once too (at its eviction or the epoch's end) when training changed it.
     *
     * @param partitionBytes size of each partition, indexed by partition
     */
    public long bytesLoaded(long[] partitionBytes) {
        if (partitionBytes.length != partitions) {
            throw new IllegalArgumentException("sizes of " + partitionBytes.length + " partitions for --partitions " + partitions);
        }
        long bytes = 0;
        for (Step s : steps) {
            long b = partitionBytes[s.load()];
            if (b < 0) {
                throw new IllegalArgumentException("partition " + s.load() + " has a negative size " + b);
            }
            bytes = Math.addExact(bytes, b);
        }
        return bytes;
    }

    /**
     * The partition the step after {@code step} loads (to read in the background while {@code step} trains), or empty
     * when {@code step} is the epoch's last.
     */
    public OptionalInt nextLoad(int step) {
        Objects.checkIndex(step, steps.size());
        return step + 1 < steps.size() ? OptionalInt.of(steps.get(step + 1).load()) : OptionalInt.empty();
    }

    @Override
    public String toString() {
        return "BucketOrder{" + ordering + ", P=" + partitions + ", c=" + capacity + ", loads=" + loads() + "}";
    }
}
