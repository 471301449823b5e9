package org.heteroembed.train.partitioned;

import org.heteroembed.train.partitioned.BucketOrder.Bucket;
import org.heteroembed.train.partitioned.BucketOrder.Step;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a plan's steps while tracking which partitions are resident and which buckets are trained: the one place
 * that enforces the buffer's invariants (at most {@code capacity} resident, only resident partitions evicted, a
 * bucket trained once and only with both its partitions resident), so every ordering's plan obeys them by
 * construction.
 */
final class Residency {
    private final int partitions;
    private final int capacity;
    private final boolean[] resident;
    private final boolean[] trained; // per bucket, in * P + out
    private int residentCount;
    private final List<Step> steps = new ArrayList<>();
    private int load = -1;
    private int evict = -1;
    private List<Bucket> buckets;

    Residency(int partitions, int capacity) {
        this.partitions = partitions;
        this.capacity = capacity;
        this.resident = new boolean[partitions];
        this.trained = new boolean[partitions * partitions];
    }

    boolean isResident(int p) {
        return resident[p];
    }

    boolean full() {
        return residentCount == capacity;
    }

    /** Starts a step: evicts {@code victim} ({@code -1}: none) and loads {@code p}. */
    void load(int p, int victim) {
        flush();
        if (resident[p]) {
            throw new IllegalStateException("partition " + p + " is already resident");
        }
        if (victim >= 0) {
            if (!resident[victim]) {
                throw new IllegalStateException("evicting partition " + victim + ", which is not resident");
            }
            resident[victim] = false;
            residentCount--;
        } else if (full()) {
            throw new IllegalStateException("loading partition " + p + " into a full buffer of " + capacity);
        }
        resident[p] = true;
        residentCount++;
        load = p;
        evict = victim;
        buckets = new ArrayList<>();
    }

    /** Adds a bucket to the current step. */
    void train(Bucket b) {
        if (buckets == null || !resident[b.in()] || !resident[b.out()]) {
            throw new IllegalStateException("bucket " + b + " trained without both partitions resident");
        }
        int k = b.in() * partitions + b.out();
        if (trained[k]) {
            throw new IllegalStateException("bucket " + b + " trained twice");
        }
        trained[k] = true;
        buckets.add(b);
    }

    /** The buckets not trained yet whose partitions are both resident and one of which is {@code p}. */
    List<Bucket> untrainedWith(int p) {
        List<Bucket> out = new ArrayList<>();
        for (int q = 0; q < partitions; q++) {
            if (resident[q]) {
                if (!trained[q * partitions + p]) {
                    out.add(new Bucket(q, p));
                }
                if (q != p && !trained[p * partitions + q]) {
                    out.add(new Bucket(p, q));
                }
            }
        }
        return out;
    }

    /** The finished plan; every bucket must have been trained. */
    List<Step> steps() {
        flush();
        for (int k = 0; k < trained.length; k++) {
            if (!trained[k]) {
                throw new IllegalStateException("bucket " + new Bucket(k / partitions, k % partitions) + " never trained");
            }
        }
        return steps;
    }

    private void flush() {
        if (buckets != null) {
            List<Integer> now = new ArrayList<>(residentCount);
            for (int q = 0; q < partitions; q++) {
                if (resident[q]) {
                    now.add(q);
                }
            }
            steps.add(new Step(load, evict, buckets, now));
            buckets = null;
        }
    }
}
