package org.heteroembed.train.partitioned;

import org.heteroembed.train.partitioned.BucketOrder.Bucket;
import org.heteroembed.train.partitioned.BucketOrder.Step;

import java.util.List;

/**
 * Fits a buffer of c partitions to a fixed bucket sequence: buckets train in the given order, a missing partition
 * is loaded when its bucket comes, and a full buffer evicts the resident partition whose next use is farthest ahead
 * (Belady's rule, optimal for a known sequence), never one the current bucket needs.
 */
final class SequenceSchedule {
    private SequenceSchedule() {
    }

    static List<Step> steps(int partitions, int capacity, List<Bucket> sequence) {
        int[][] uses = usePositions(partitions, sequence);
        int[] cursor = new int[partitions]; // uses[p][cursor[p]] is p's first use at or after the current bucket
        Residency r = new Residency(partitions, capacity);
        for (int k = 0; k < sequence.size(); k++) {
            Bucket b = sequence.get(k);
            for (int p : b.in() == b.out() ? new int[]{b.in()} : new int[]{b.in(), b.out()}) {
                if (!r.isResident(p)) {
                    r.load(p, r.full() ? farthest(r, b, k, uses, cursor) : -1);
                }
            }
            r.train(b);
        }
        return r.steps();
    }

    private static int[][] usePositions(int partitions, List<Bucket> sequence) {
        int[] count = new int[partitions];
        for (Bucket b : sequence) {
            count[b.in()]++;
            if (b.out() != b.in()) {
                count[b.out()]++;
            }
        }
        int[][] uses = new int[partitions][];
        for (int p = 0; p < partitions; p++) {
            uses[p] = new int[count[p]];
            count[p] = 0;
        }
        for (int k = 0; k < sequence.size(); k++) {
            Bucket b = sequence.get(k);
            uses[b.in()][count[b.in()]++] = k;
            if (b.out() != b.in()) {
                uses[b.out()][count[b.out()]++] = k;
            }
        }
        return uses;
    }

    private static int farthest(Residency r, Bucket current, int k, int[][] uses, int[] cursor) {
        int victim = -1;
        int victimNext = -1;
        for (int p = 0; p < uses.length; p++) {
            if (!r.isResident(p) || p == current.in() || p == current.out()) {
                continue;
            }
            while (cursor[p] < uses[p].length && uses[p][cursor[p]] < k) {
                cursor[p]++;
            }
            int next = cursor[p] < uses[p].length ? uses[p][cursor[p]] : Integer.MAX_VALUE;
            if (next > victimNext) {
                victim = p;
                victimNext = next;
            }
        }
        return victim;
    }
}
