package org.heteroembed.spark;

import org.apache.spark.ExecutorLostFailure;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
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
 * SIGKILLs one executor JVM of a {@code local-cluster} while it runs a task of the training under test: once a task
 * of a job in this killer's job group has run {@code afterMs}, its executor's process is killed. It keeps the
 * evidence that the kill landed during training: the stage of that task and the group's stages Spark reported
 * active at that moment, and the tasks of the killed executor that ended with {@link ExecutorLostFailure}.
 * The training must run from the thread that armed the killer (or a thread it starts): Spark's job group is
 * inherited per thread.
 */
final class ExecutorKiller extends SparkListener implements AutoCloseable {
    /** What was killed, and what ran at that moment. */
    record Kill(String executorId, ProcessHandle process, long taskId, int stageId, long taskRanMs, List<Integer> activeStagesOfGroup) {
    }

    private final JavaSparkContext sc;
    private final String group;
    private final long afterMs;
    private final Set<Integer> stagesOfGroup = ConcurrentHashMap.newKeySet();
    private final Map<Long, TaskInfo> running = new ConcurrentHashMap<>();
    private final Map<Long, Integer> stageOfTask = new ConcurrentHashMap<>();
    private final List<TaskInfo> lostOnVictim = new CopyOnWriteArrayList<>();
    private final Thread watcher;
    private volatile Kill kill;

    private ExecutorKiller(JavaSparkContext sc, String group, long afterMs) {
        this.sc = sc;
        this.group = group;
        this.afterMs = afterMs;
        this.watcher = new Thread(this::watch, "executor-killer");
        watcher.setDaemon(true);
    }

    /** Puts this thread's Spark jobs in {@code group} and kills an executor once one of its tasks has run {@code afterMs}. */
    static ExecutorKiller arm(JavaSparkContext sc, String group, long afterMs) {
        ExecutorKiller k = new ExecutorKiller(sc, group, afterMs);
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
    public void onTaskStart(SparkListenerTaskStart start) {
        if (stagesOfGroup.contains(start.stageId())) {
            running.put(start.taskInfo().taskId(), start.taskInfo());
            stageOfTask.put(start.taskInfo().taskId(), start.stageId());
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        running.remove(end.taskInfo().taskId());
        Kill k = kill;
        if (k != null && stagesOfGroup.contains(end.stageId()) && end.reason() instanceof ExecutorLostFailure lost
                && lost.execId().equals(k.executorId())) {
            lostOnVictim.add(end.taskInfo());
        }
    }

    private void watch() {
        try {
            while (kill == null) {
                long now = System.currentTimeMillis();
                for (TaskInfo t : running.values()) {
                    Optional<ExecutorProcesses.Executor> victim = ExecutorProcesses.byId(t.executorId());
                    if (now - t.launchTime() >= afterMs && victim.isPresent()) {
                        List<Integer> active = Arrays.stream(sc.statusTracker().getActiveStageIds()).boxed()
                                .filter(stagesOfGroup::contains).toList();
                        kill = new Kill(t.executorId(), victim.get().process(), t.taskId(), stageOfTask.get(t.taskId()),
                                now - t.launchTime(), active);
                        victim.get().process().destroyForcibly();
                        break;
                    }
                }
                Thread.sleep(20);
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
