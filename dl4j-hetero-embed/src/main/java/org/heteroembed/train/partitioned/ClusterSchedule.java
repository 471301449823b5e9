package org.heteroembed.train.partitioned;

import org.heteroembed.walk.SplitMix64;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Which buckets each of {@code E} executors trains in each round of an epoch, when the tables are partitioned across
 * the executors (Spark's partitioned mode): no two tasks of a round write the same rows, every bucket is trained once
 * per epoch, and between rounds only output rows move, each executor's to the next one.
 *
 * <p>Bucket {@code (i, j)} writes the input rows of partition {@code i} and the output rows of partition {@code j}.
 * The P partitions (P a multiple of E) fall into E classes, {@code i mod E}. Executor {@code e} owns the input rows of
 * class {@code e} for the whole epoch; in round {@code s} (0 to E - 1) it holds the output rows of class
 * {@code (e + s) mod E} and trains every bucket between the two classes, {@code (P/E)^2} buckets. Within a round the
 * input classes of the tasks are distinct and so are their output classes, so the tasks write disjoint rows and need
 * no locks (PyTorch-BigGraph's lock server is this schedule's constraint, decided ahead). Between rounds executor
 * {@code e} hands its output class to executor {@code e - 1}: per epoch every output row moves E - 1 times and input
 * rows never, so the bytes moved per epoch are {@code (E - 1)} output tables, whatever the number of tasks or
 * partitions (one output table for two executors). Every executor must see every output row once per epoch, so with
 * input rows kept in place no schedule moves less.
 *
 * <p>Round {@code s} pairs input class {@code e} with output class {@code (e + s) mod E}; round 0 is the diagonal
 * classes, where a locality partitioning (label propagation) puts most pairs. Epochs run the rounds rotated
 * ({@link #roundAt}): epoch {@code k} starts with the round epoch {@code k - 1} ended with, so no output class moves
 * between epochs and the bytes moved per epoch are {@code (E - 1)} output tables, not {@code E}. The order of a
 * task's buckets is randomised per epoch from the seed, as the single-machine orders are. Immutable; deterministic for
 * a seed and an epoch.
 */
public final class ClusterSchedule {
    /** Stream of {@link SplitMix64#seedFor} for the bucket order within tasks. */
    private static final long STREAM = 0x636c7573746572L; // "cluster"

    /**
     * One executor's work in one round.
     *
     * @param executor    the executor slot, {@code 0..E-1}
     * @param inputClass  the partitions whose input rows it owns: those {@code i} with {@code i mod E == inputClass}
     * @param outputClass the partitions whose output rows it holds in this round
     * @param buckets     the buckets it trains, in order
     */
    public record Task(int executor, int inputClass, int outputClass, List<BucketOrder.Bucket> buckets) {
        public Task {
            buckets = List.copyOf(buckets);
        }
    }

    /** The tasks of one round, one per executor, run together. */
    public record Round(int index, List<Task> tasks) {
        public Round {
            tasks = List.copyOf(tasks);
        }
    }

    private final int partitions;
    private final int executors;
    private final List<Round> rounds;

    private ClusterSchedule(int partitions, int executors, List<Round> rounds) {
        this.partitions = partitions;
        this.executors = executors;
        this.rounds = Collections.unmodifiableList(rounds);
    }

    /**
     * The schedule of one epoch.
     *
     * @param partitions P: a multiple of {@code executors}, at most {@link BucketOrder#MAX_PARTITIONS}
     * @param executors  E: the executors training at once, at least 1
     * @throws IllegalArgumentException naming {@code --partitions} or {@code --executors} when they do not fit
     */
    public static ClusterSchedule plan(int partitions, int executors, long seed, int epoch) {
        if (executors < 1) {
            throw new IllegalArgumentException("--executors must be >= 1, got " + executors);
        }
        if (partitions < executors || partitions > BucketOrder.MAX_PARTITIONS || partitions % executors != 0) {
            throw new IllegalArgumentException("--partitions must be a multiple of the executors (" + executors
                    + ") up to " + BucketOrder.MAX_PARTITIONS + ", got " + partitions + ": each executor owns "
                    + "the same number of partitions");
        }
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        RandomGenerator rng = new SplitMix64(SplitMix64.seedFor(seed, STREAM, epoch));
        List<Round> rounds = new ArrayList<>(executors);
        for (int s = 0; s < executors; s++) {
            List<Task> tasks = new ArrayList<>(executors);
            for (int e = 0; e < executors; e++) {
                int out = (e + s) % executors;
                List<BucketOrder.Bucket> buckets = new ArrayList<>();
                for (int i = e; i < partitions; i += executors) {
                    for (int j = out; j < partitions; j += executors) {
                        buckets.add(new BucketOrder.Bucket(i, j));
                    }
                }
                Collections.shuffle(buckets, new java.util.Random(rng.nextLong()));
                tasks.add(new Task(e, e, out, buckets));
            }
            rounds.add(new Round(s, tasks));
        }
        return new ClusterSchedule(partitions, executors, rounds);
    }

    /**
     * The round trained at step {@code step} of epoch {@code epoch}: {@code (step + epoch (E - 1)) mod E}, so that
     * the first round of an epoch is the last of the one before (its output classes stay where they are).
     */
    public static int roundAt(int step, int epoch, int executors) {
        return (int) ((step + (long) epoch * (executors - 1)) % executors);
    }

    /** P, the partitions of each table. */
    public int partitions() {
        return partitions;
    }

    /** E, the executors training at once (one task each per round). */
    public int executors() {
        return executors;
    }

    /** The rounds of the epoch, in order. */
    public List<Round> rounds() {
        return rounds;
    }

    /**
     * The round that trains bucket {@code (in, out)}: {@code ((out mod E) - (in mod E)) mod E}. Its executor is
     * {@code in mod E}. The same for every epoch (only the order within a task changes), so the windows of an epoch
     * can be grouped by task before the rounds start.
     */
    public static int roundOf(int in, int out, int executors) {
        return Math.floorMod(out % executors - in % executors, executors);
    }

    /** The executor that trains bucket {@code (in, out)}: the owner of input class {@code in mod E}. */
    public static int executorOf(int in, int executors) {
        return in % executors;
    }

    /**
     * Output-class hand-overs per epoch: between consecutive rounds every executor receives another output class,
     * {@code E * (E - 1)} in all, each {@code 1/E} of the output table.
     */
    public int outputMoves() {
        int moves = 0;
        for (int r = 1; r < rounds.size(); r++) {
            for (int e = 0; e < executors; e++) {
                if (rounds.get(r).tasks().get(e).outputClass() != rounds.get(r - 1).tasks().get(e).outputClass()) {
                    moves++;
                }
            }
        }
        return moves;
    }
}
