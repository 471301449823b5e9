package org.heteroembed.train.partitioned;

import org.heteroembed.train.partitioned.BucketOrder.Bucket;
import org.heteroembed.train.partitioned.BucketOrder.Step;

import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Marius's BETA ordering (Mohoney et al., OSDI 2021; the buffer states of {@code getBetaOrderingHelper} in
 * marius-team/marius {@code src/cpp/src/data/ordering.cpp}), written from that algorithm:
 * <ol>
 *   <li>load a random c partitions;</li>
 *   <li>repeat while partitions remain on disk: in a random order, pass every partition on disk through the buffer's
 *       last slot (each swap evicts the slot's partition back to disk), so the other c - 1 resident partitions meet
 *       every partition; those c - 1 are then done, and are replaced by up to c - 1 random partitions from disk.</li>
 * </ol>
 * Buckets are assigned greedily, as Marius's original assignment does: after each load, every bucket not yet trained
 * whose two partitions are resident (all of them involve the partition just loaded), shuffled.
 *
 * <p>With {@code d = P - c} partitions on disk, {@code x = c - 1} and {@code n = ceil(d / x)} rounds, this makes
 * {@code d + n d - x n (n - 1) / 2} swaps, about {@code P^2 / (2 (c - 1))}; any order needs at least
 * {@code ceil((P (P - 1) / 2 - c (c - 1) / 2) / (c - 1))}, since each swap brings one partition that can meet at most
 * c - 1 resident ones, and BETA meets that bound at c = 2 (tested).
 */
final class BetaSchedule {
    private BetaSchedule() {
    }

    static List<Step> steps(int partitions, int capacity, RandomGenerator rng) {
        int c = capacity;
        int[] order = new int[partitions];
        Arrays.setAll(order, i -> i);
        Shuffles.shuffle(order, 0, partitions, rng);
        int[] buffer = Arrays.copyOf(order, c);
        int[] disk = Arrays.copyOfRange(order, c, partitions);
        Residency r = new Residency(partitions, c);
        for (int p : buffer) {
            load(r, p, -1, rng);
        }
        int from = 0; // disk[from, end) are still to meet the buffer
        while (from < disk.length) {
            Shuffles.shuffle(buffer, 0, c, rng);
            Shuffles.shuffle(disk, from, disk.length, rng);
            for (int i = from; i < disk.length; i++) {
                int admit = disk[i];
                disk[i] = buffer[c - 1];
                buffer[c - 1] = admit;
                load(r, admit, disk[i], rng);
            }
            Shuffles.shuffle(disk, from, disk.length, rng);
            int replaced = Math.min(c - 1, disk.length - from);
            for (int i = 0; i < replaced; i++) {
                load(r, disk[from + i], buffer[i], rng);
                buffer[i] = disk[from + i];
            }
            from += replaced;
        }
        return r.steps();
    }

    private static void load(Residency r, int p, int victim, RandomGenerator rng) {
        r.load(p, victim);
        List<Bucket> now = r.untrainedWith(p);
        Shuffles.shuffle(now, rng);
        now.forEach(r::train);
    }
}
