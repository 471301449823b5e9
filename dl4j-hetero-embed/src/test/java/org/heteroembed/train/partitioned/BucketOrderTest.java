package org.heteroembed.train.partitioned;

import org.heteroembed.train.partitioned.BucketOrder.Bucket;
import org.heteroembed.train.partitioned.BucketOrder.Ordering;
import org.heteroembed.train.partitioned.BucketOrder.Step;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BucketOrderTest {

    /**
     * Replays a plan against an independent model of the buffer: every bucket exactly once, only evicting resident
     * partitions, never more than c resident, each bucket trained with both partitions resident, and each step's
     * reported residents equal to the replay's.
     */
    private static void assertExecutable(BucketOrder plan) {
        int p = plan.partitions();
        int c = plan.capacity();
        boolean[][] seen = new boolean[p][p];
        TreeSet<Integer> resident = new TreeSet<>();
        for (Step s : plan.steps()) {
            if (s.evict() >= 0) {
                assertTrue(resident.remove(s.evict()), () -> "evicts a resident partition: " + s);
            }
            assertTrue(resident.add(s.load()), () -> "loads a partition not resident: " + s);
            assertTrue(resident.size() <= c, () -> "at most " + c + " resident: " + s);
            assertEquals(new ArrayList<>(resident), s.resident(), "reported residents");
            for (Bucket b : s.buckets()) {
                assertTrue(resident.contains(b.in()) && resident.contains(b.out()), () -> b + " with its partitions: " + s);
                assertFalse(seen[b.in()][b.out()], () -> b + " trained twice");
                seen[b.in()][b.out()] = true;
            }
        }
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                int in = i, out = j;
                assertTrue(seen[i][j], () -> "bucket (" + in + ", " + out + ") trained in " + plan);
            }
        }
    }

    @Test
    void everyOrderingTrainsEveryBucketOnceWithItsPartitionsResident() {
        for (Ordering o : Ordering.values()) {
            for (int p = 1; p <= 17; p++) {
                for (int c = p == 1 ? 1 : 2; c <= p + 1; c++) {
                    for (long seed = 0; seed < 4; seed++) {
                        BucketOrder plan = BucketOrder.plan(o, p, c, seed, (int) seed);
                        assertEquals(Math.min(c, p), plan.capacity());
                        assertExecutable(plan);
                    }
                }
            }
        }
    }

    @Test
    void largeRandomCasesAreExecutableToo() {
        for (Ordering o : Ordering.values()) {
            assertExecutable(BucketOrder.plan(o, 64, 5, 42, 3));
            assertExecutable(BucketOrder.plan(o, 100, 2, 7, 0));
        }
    }

    /** Every BETA load trains something: the greedy assignment never wastes a read. */
    @Test
    void everyBetaStepTrainsAtLeastOneBucket() {
        for (int p = 1; p <= 20; p++) {
            for (int c = p == 1 ? 1 : 2; c <= p; c++) {
                BucketOrder plan = BucketOrder.plan(Ordering.BETA, p, c, 11, 0);
                for (Step s : plan.steps()) {
                    assertFalse(s.buckets().isEmpty(), () -> plan + " " + s);
                }
            }
        }
    }

    /** At least c loads, then each swap brings one partition that meets at most c - 1 resident ones. */
    private static long lowerBound(int p, int c) {
        long pairsLeft = (long) p * (p - 1) / 2 - (long) c * (c - 1) / 2;
        return c + (pairsLeft + c - 2) / (c - 1);
    }

    /**
     * Loads of Marius's BETA (Mohoney et al., OSDI 2021: c - 1 partitions fixed while the others pass through the
     * last slot, then replaced), counted from its buffer-state construction (getBetaOrderingHelper in
     * marius-team/marius src/cpp/src/data/ordering.cpp): d = P - c on disk, x = c - 1 fixed, n = ceil(d / x) rounds
     * of d + min(x, d) swaps each, d shrinking by x a round.
     */
    private static long betaLoads(int p, int c) {
        long d = p - c;
        long x = c - 1;
        long n = (d + x - 1) / x;
        return c + d + n * d - x * n * (n - 1) / 2;
    }

    @Test
    void betaMatchesItsFormulaAndTheLowerBoundAtTwoResident() {
        for (int p = 2; p <= 60; p++) {
            for (int c = 2; c <= p; c++) {
                int loads = BucketOrder.plan(Ordering.BETA, p, c, p * 31L + c, 0).loads();
                assertEquals(betaLoads(p, c), loads, "P=" + p + " c=" + c);
                assertTrue(loads >= lowerBound(p, c), "P=" + p + " c=" + c);
            }
            assertEquals(lowerBound(p, 2), BucketOrder.plan(Ordering.BETA, p, 2, 5, 1).loads(), "optimal at c=2, P=" + p);
        }
        // Figures worked by hand from the construction: P=4, c=2: 2 + 3 + 2 swaps; P=16, c=4: 4 + 12+3 + 9+3 + 6+3
        // + 3+3 swaps; P=8, c=8: everything fits, one load each.
        assertEquals(7, BucketOrder.plan(Ordering.BETA, 4, 2, 0, 0).loads());
        assertEquals(46, BucketOrder.plan(Ordering.BETA, 16, 4, 0, 0).loads());
        assertEquals(8, BucketOrder.plan(Ordering.BETA, 8, 8, 0, 0).loads());
    }

    @Test
    void betaNeverLoadsMoreThanTheBaselines() {
        for (int p = 2; p <= 24; p++) {
            for (int c = 2; c <= p; c++) {
                for (long seed = 0; seed < 5; seed++) {
                    int beta = BucketOrder.plan(Ordering.BETA, p, c, seed, 0).loads();
                    int insideOut = BucketOrder.plan(Ordering.INSIDE_OUT, p, c, seed, 0).loads();
                    int rowMajor = BucketOrder.plan(Ordering.ROW_MAJOR, p, c, seed, 0).loads();
                    String at = "P=" + p + " c=" + c + " seed=" + seed;
                    assertTrue(beta <= insideOut, at + ": BETA " + beta + " vs inside-out " + insideOut);
                    assertTrue(beta <= rowMajor, at + ": BETA " + beta + " vs row-major " + rowMajor);
                }
            }
        }
        // and by a wide margin where it matters: P=16 with a quarter resident
        Map<Ordering, Integer> loads = BucketOrder.loadsPerOrdering(16, 4, 1);
        assertEquals(46, loads.get(Ordering.BETA));
        assertTrue(loads.get(Ordering.INSIDE_OUT) > 60, loads.toString());
        assertTrue(loads.get(Ordering.ROW_MAJOR) > 60, loads.toString());
    }

    @Test
    void allPartitionsResidentLoadsEachOnce() {
        for (Ordering o : Ordering.values()) {
            BucketOrder plan = BucketOrder.plan(o, 6, 100, 3, 2);
            assertEquals(6, plan.capacity(), "more than P resident is clamped to P");
            assertEquals(6, plan.loads());
        }
    }

    @Test
    void onePartitionIsOneLoadAndOneBucket() {
        for (Ordering o : Ordering.values()) {
            BucketOrder plan = BucketOrder.plan(o, 1, 1, 9, 0);
            assertEquals(1, plan.loads());
            Step s = plan.steps().get(0);
            assertEquals(0, s.load());
            assertEquals(-1, s.evict());
            assertEquals(List.of(new Bucket(0, 0)), s.buckets());
            assertEquals(OptionalInt.empty(), plan.nextLoad(0));
        }
    }

    @Test
    void orderIsDeterministicPerSeedAndEpochAndChangesAcrossEpochs() {
        for (Ordering o : new Ordering[]{Ordering.BETA, Ordering.INSIDE_OUT}) {
            BucketOrder a = BucketOrder.plan(o, 12, 3, 77, 4);
            assertEquals(a.steps(), BucketOrder.plan(o, 12, 3, 77, 4).steps(), o + ": same seed and epoch, same plan");
            assertNotEquals(a.steps(), BucketOrder.plan(o, 12, 3, 77, 5).steps(), o + ": another epoch, another order");
            assertNotEquals(a.steps(), BucketOrder.plan(o, 12, 3, 78, 4).steps(), o + ": another seed, another order");
        }
        assertEquals(BucketOrder.plan(Ordering.ROW_MAJOR, 12, 3, 1, 0).steps(),
                BucketOrder.plan(Ordering.ROW_MAJOR, 12, 3, 2, 5).steps(), "row-major is not randomised");
    }

    @Test
    void prefetchNamesTheNextStepsLoadAndBytesFollowTheLoads() {
        BucketOrder plan = BucketOrder.plan(Ordering.BETA, 9, 3, 5, 1);
        List<Step> steps = plan.steps();
        long[] sizes = new long[9];
        long expected = 0;
        for (int p = 0; p < 9; p++) {
            sizes[p] = 1000L * (p + 1) * (p + 1);
        }
        for (int k = 0; k < steps.size(); k++) {
            expected += sizes[steps.get(k).load()];
            OptionalInt next = plan.nextLoad(k);
            if (k + 1 < steps.size()) {
                assertEquals(OptionalInt.of(steps.get(k + 1).load()), next);
            } else {
                assertEquals(OptionalInt.empty(), next);
            }
        }
        assertEquals(expected, plan.bytesLoaded(sizes));
        long[] uniform = new long[9];
        java.util.Arrays.fill(uniform, 10);
        assertEquals(10L * plan.loads(), plan.bytesLoaded(uniform));
        assertThrows(IllegalArgumentException.class, () -> plan.bytesLoaded(new long[8]));
        assertThrows(IndexOutOfBoundsException.class, () -> plan.nextLoad(steps.size()));
    }

    @Test
    void argumentsThatCannotTrainAreRefusedInTheUsersTerms() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BucketOrder.plan(Ordering.BETA, 0, 2, 0, 0));
        assertTrue(e.getMessage().contains("--partitions"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BucketOrder.plan(Ordering.BETA, 8, 1, 0, 0));
        assertTrue(e.getMessage().contains("--memory") && e.getMessage().contains("--partitions 8"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BucketOrder.plan(Ordering.BETA, 1, 0, 0, 0));
        assertTrue(e.getMessage().contains("--memory"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> BucketOrder.plan(Ordering.BETA, BucketOrder.MAX_PARTITIONS + 1, 2, 0, 0));
        assertTrue(e.getMessage().contains("--partitions"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BucketOrder.plan(Ordering.BETA, 4, 2, 0, -1));
        assertThrows(NullPointerException.class, () -> BucketOrder.plan(null, 4, 2, 0, 0));
    }
}
