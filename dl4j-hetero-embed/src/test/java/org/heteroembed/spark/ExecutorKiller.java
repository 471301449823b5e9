package org.heteroembed.spark;

import org.apache.spark.ExecutorLostFailure;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.scheduler.TaskInfo;
import scala.collection.JavaConverters;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;

/**
 * SIGKILLs one executor JVM of a {@code local-cluster} in the middle of a task of the training under test (the
 * Spark jobs of this killer's job group), and keeps the evidence that the kill landed during training: the stage
 * of that task and the group's stages Spark reported active at that moment, and the tasks of the killed executor
 * that ended with {@link ExecutorLostFailure}.
 *
 * <p>When to kill: only tasks of the training stage are candidates, the stage whose name (Spark's call site,
 * e.g. "treeAggregate at ParameterAveragingTrainingMaster.java:662") starts with {@code kind}. Once
 * {@value #MIN_COMPLETED} of them completed (past the executors' warm-up), a running one is killed when it has
 * run half as long as the shortest of those, so the kill lands mid-task however fast the machine is; while none
 * completed, one is killed after {@code firstTaskMs} (for trainers whose tasks are one long task per partition).
 * Spark's listener events arrive late (tens of ms, more on a busy machine): a task that looks running shortly
 * after its start may have finished already, which is why the rule aims at the middle of tasks rather than at a
 * fixed delay, and why tasks under {@value #SHORT_MS} ms are not killed at all (the test then fails saying so).
 *
 * <p>The training must run from the thread that armed the killer (or a thread it starts): Spark's job group is
 * inherited per thread.
 */
final class ExecutorKiller extends SparkListener implements AutoCloseable {
    /** What was killed, and what ran at that moment. */
    record Kill(String executorId, ProcessHandle process, long taskId, int stageId, long taskRanMs, List<Integer> activeStagesOfGroup) {
    }

    /** Tasks shorter than this could end before the listener even reports their start. */
    private static final long SHORT_MS = 100;
    /** Training tasks that complete before durations are trusted (the first ones include the JIT's warm-up). */
    private static final int MIN_COMPLETED = 4;
    private final JavaSparkContext sc;
    private final String group;
    private final String kind;
    private final long firstTaskMs;
    private final Set<Integer> stagesOfGroup = ConcurrentHashMap.newKeySet();
    private final Set<Integer> trainingStages = ConcurrentHashMap.newKeySet();
    private final List<Long> completed = new CopyOnWriteArrayList<>();
    private final Map<Long, TaskInfo> running = new ConcurrentHashMap<>();
    private final Map<Long, Integer> stageOfTask = new ConcurrentHashMap<>();
    private final List<TaskInfo> lostOnVictim = new CopyOnWriteArrayList<>();
    private final Thread watcher;
    private volatile Kill kill;

    private ExecutorKiller(JavaSparkContext sc, String group, String kind, long firstTaskMs) {
        this.sc = sc;
        this.group = group;
        this.kind = kind;
        this.firstTaskMs = firstTaskMs;
        this.watcher = new Thread(this::watch, "executor-killer");
        watcher.setDaemon(true);
    }

    /**
     * Puts this thread's Spark jobs in {@code group} and kills an executor in the middle of a task of their stage
     * whose name starts with {@code kind}.
     */
    static ExecutorKiller arm(JavaSparkContext sc, String group, String kind, long firstTaskMs) {
        ExecutorKiller k = new ExecutorKiller(sc, group, kind, firstTaskMs);
        sc.setJobGroup(group, "training with an executor killed", false);
        sc.sc().addSparkListener(k);
        k.watcher.start();
        return k;
    }

    @Override
    public void onJobStart(SparkListenerJobStart job) {
        if (job.properties() != null && group.equals(job.properties().getProperty("spark.jobGroup.id"))) {
            for (Object stage : JavaConverters.seqAsJavaList(job.stageIds())) {
                stagesOfGroup.add((Integer) stage);
            }
        }
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
        if (submitted.stageInfo().name().startsWith(kind)) {
            trainingStages.add(submitted.stageInfo().stageId());
        }
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart start) {
        if (stagesOfGroup.contains(start.stageId()) && trainingStages.contains(start.stageId())) {
            running.put(start.taskInfo().taskId(), start.taskInfo());
            stageOfTask.put(start.taskInfo().taskId(), start.stageId());
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        running.remove(end.taskInfo().taskId());
        if (!stagesOfGroup.contains(end.stageId())) {
            return;
        }
        if (end.taskInfo().successful() && trainingStages.contains(end.stageId())) {
            completed.add(end.taskInfo().duration());
        }
        Kill k = kill;
        if (k != null && end.reason() instanceof ExecutorLostFailure lost && lost.execId().equals(k.executorId())) {
            lostOnVictim.add(end.taskInfo());
        }
    }

    private void watch() {
        try {
            while (kill == null) {
                long now = System.currentTimeMillis();
                long due = firstTaskMs;
                if (!completed.isEmpty()) {
                    long shortest = completed.stream().mapToLong(Long::longValue).min().getAsLong();
                    due = completed.size() < MIN_COMPLETED || shortest < SHORT_MS ? Long.MAX_VALUE : shortest / 2;
                }
                for (TaskInfo t : running.values()) {
                    if (now - t.launchTime() < due) {
                        continue;
                    }
                    Integer stage = stageOfTask.get(t.taskId());
                    Optional<ExecutorProcesses.Executor> victim = ExecutorProcesses.byId(t.executorId());
                    if (victim.isPresent()) {
                        List<Integer> active = Arrays.stream(sc.statusTracker().getActiveStageIds()).boxed()
                                .filter(stagesOfGroup::contains).toList();
                        kill = new Kill(t.executorId(), victim.get().process(), t.taskId(), stage, now - t.launchTime(), active);
                        victim.get().process().destroyForcibly();
                        break;
                    }
                }
                Thread.sleep(5);
            }
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
        }
    }

    /** The kill, once it happened; waits for Spark's listener bus so that every task end has been seen. */
    Optional<Kill> kill() throws TimeoutException {
        sc.sc().listenerBus().waitUntilEmpty(30_000);
        return Optional.ofNullable(kill);
    }

    /** The durations (ms) of the training tasks that completed, in order: what the kill timing went by. */
    List<Long> completedTaskDurations() throws TimeoutException {
        sc.sc().listenerBus().waitUntilEmpty(30_000);
        return List.copyOf(completed);
    }

    /** Tasks of the training that ended because the killed executor was lost. */
    List<TaskInfo> tasksLostWithTheExecutor() throws TimeoutException {
        sc.sc().listenerBus().waitUntilEmpty(30_000);
        return List.copyOf(lostOnVictim);
    }

    @Override
    public void close() throws InterruptedException {
        watcher.interrupt();
        watcher.join();
        sc.sc().removeSparkListener(this);
        sc.clearJobGroup();
    }
}
