package org.heteroembed.train.partitioned;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The distributed schedule: every bucket once, disjoint writes within a round, input rows in place, output rows passed on. */
class ClusterScheduleTest {

    @Test
    void epochsRotateTheRoundsSoThatNoOutputClassMovesBetweenEpochs() {
        for (int e = 1; e <= 5; e++) {
            for (int epoch = 0; epoch < 6; epoch++) {
                java.util.Set<Integer> seen = new java.util.HashSet<>();
                for (int s = 0; s < e; s++) {
                    seen.add(ClusterSchedule.roundAt(s, epoch, e));
                }
                assertEquals(e, seen.size(), "every round once per epoch (E = " + e + ", epoch " + epoch + ")");
                assertEquals(ClusterSchedule.roundAt(e - 1, epoch, e), ClusterSchedule.roundAt(0, epoch + 1, e),
                        "epoch " + (epoch + 1) + " starts with the round epoch " + epoch + " ended with (E = " + e + ")");
            }
            assertEquals(0, ClusterSchedule.roundAt(0, 0, e), "the first epoch starts with the diagonal");
        }
    }

    @Test
    void everyBucketOnceAndNoTwoTasksOfARoundWriteTheSameRows() {
        for (int[] pe : new int[][]{{1, 1}, {2, 1}, {2, 2}, {4, 2}, {8, 2}, {6, 3}, {16, 4}, {12, 12}}) {
            int p = pe[0], e = pe[1];
            ClusterSchedule plan = ClusterSchedule.plan(p, e, 7, 0);
            assertEquals(e, plan.rounds().size());
            Set<BucketOrder.Bucket> seen = new HashSet<>();
            for (ClusterSchedule.Round round : plan.rounds()) {
                assertEquals(e, round.tasks().size());
                Set<Integer> inputs = new HashSet<>(), outputs = new HashSet<>();
                for (ClusterSchedule.Task task : round.tasks()) {
                    assertEquals((p / e) * (p / e), task.buckets().size(), "P=" + p + " E=" + e);
                    Set<Integer> taskInputs = new HashSet<>(), taskOutputs = new HashSet<>();
                    for (BucketOrder.Bucket b : task.buckets()) {
                        assertTrue(seen.add(b), "bucket trained twice: " + b);
                        assertEquals(task.inputClass(), b.in() % e);
                        assertEquals(task.outputClass(), b.out() % e);
                        taskInputs.add(b.in());
                        taskOutputs.add(b.out());
                    }
                    // rows a task writes: input rows of its i's, output rows of its j's; none shared within the round
                    for (int i : taskInputs) {
                        assertTrue(inputs.add(i), "input partition " + i + " written by two tasks of round " + round.index());
                    }
                    for (int j : taskOutputs) {
                        assertTrue(outputs.add(j), "output partition " + j + " written by two tasks of round " + round.index());
                    }
                }
            }
            assertEquals(p * p, seen.size(), "all buckets, P=" + p + " E=" + e);
        }
    }

    @Test
    void inputRowsStayAndOutputRowsPassToTheNextExecutor() {
        int p = 12, e = 4;
        ClusterSchedule plan = ClusterSchedule.plan(p, e, 3, 1);
        List<ClusterSchedule.Round> rounds = plan.rounds();
        for (int s = 0; s < e; s++) {
            for (int x = 0; x < e; x++) {
                ClusterSchedule.Task t = rounds.get(s).tasks().get(x);
                assertEquals(x, t.executor());
                assertEquals(x, t.inputClass(), "input rows never move");
                if (s > 0) { // executor x now holds what executor x + 1 held: one hand-over per executor per round
                    assertEquals(rounds.get(s - 1).tasks().get((x + 1) % e).outputClass(), t.outputClass());
                }
            }
        }
        // the first round trains the diagonal classes (where a locality partitioning puts most pairs)
        for (ClusterSchedule.Task t : rounds.get(0).tasks()) {
            assertEquals(t.inputClass(), t.outputClass());
        }
        // E (E - 1) hand-overs of 1/E of the output table: E - 1 tables per epoch; one table for two executors
        assertEquals(e * (e - 1), plan.outputMoves());
        assertEquals(2, ClusterSchedule.plan(8, 2, 3, 0).outputMoves());
        assertEquals(0, ClusterSchedule.plan(8, 1, 3, 0).outputMoves());
    }

    @Test
    void roundAndExecutorOfABucketNameTheTaskThatTrainsIt() {
        for (int[] pe : new int[][]{{4, 2}, {12, 3}, {16, 4}, {5, 5}}) {
            int p = pe[0], e = pe[1];
            for (ClusterSchedule.Round round : ClusterSchedule.plan(p, e, 9, 2).rounds()) {
                for (ClusterSchedule.Task task : round.tasks()) {
                    for (BucketOrder.Bucket b : task.buckets()) {
                        assertEquals(round.index(), ClusterSchedule.roundOf(b.in(), b.out(), e), b + " P=" + p + " E=" + e);
                        assertEquals(task.executor(), ClusterSchedule.executorOf(b.in(), e), b + " P=" + p + " E=" + e);
                    }
                }
            }
        }
    }

    @Test
    void deterministicPerSeedAndEpochAndShuffledAcrossEpochs() {
        assertEquals(ClusterSchedule.plan(16, 2, 5, 3).rounds(), ClusterSchedule.plan(16, 2, 5, 3).rounds());
        assertNotEquals(ClusterSchedule.plan(16, 2, 5, 3).rounds(), ClusterSchedule.plan(16, 2, 5, 4).rounds());
        assertNotEquals(ClusterSchedule.plan(16, 2, 5, 3).rounds(), ClusterSchedule.plan(16, 2, 6, 3).rounds());
    }

    @Test
    void partitionsThatDoNotDivideAmongTheExecutorsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClusterSchedule.plan(6, 4, 1, 0));
        assertTrue(e.getMessage().contains("--partitions must be a multiple of the executors (4)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClusterSchedule.plan(2, 4, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> ClusterSchedule.plan(4, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> ClusterSchedule.plan(4, 2, 1, -1));
    }
}
