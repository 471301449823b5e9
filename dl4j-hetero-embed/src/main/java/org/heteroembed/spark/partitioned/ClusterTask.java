package org.heteroembed.spark.partitioned;

import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.util.LongAccumulator;
import org.bytedeco.javacpp.FloatPointer;
import org.heteroembed.graph.partition.PartitionLayout;
import org.heteroembed.tables.PartitionFile;
import org.heteroembed.tables.PartitionFile.Table;
import org.heteroembed.tables.PartitionedModelDirectory;
import org.heteroembed.train.fast.FloatRows;
import org.heteroembed.train.fast.WindowTrainer;
import org.heteroembed.train.partitioned.Segment;
import org.heteroembed.train.partitioned.SegmentTrainer;
import scala.Tuple2;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * One task of a partitioned round, on an executor: executor slot {@code e} in round {@code s} trains the buckets
 * between input class {@code e} and output class {@code (e + s) mod E} ({@code ClusterSchedule}), from the generations
 * the driver names, and writes the next generation of every table it trained.
 *
 * <p>A pure function of its inputs: the tables it reads (by generation and checksum), its segments (sorted by bucket
 * and walk by the shuffle) and the round's rates. The {@code k = P/E} input and {@code k} output partitions are
 * trained in {@code k} sub-rounds of a Latin square, sub-round {@code t} training buckets
 * {@code (in_a, out_(a+t) mod k)} for every {@code a}: those write disjoint rows (distinct input and distinct output
 * partitions, negatives from the bucket's own output partition), so they run on parallel threads and the result does
 * not depend on the threads' timing. A segment's rate is the round's rate at the tokens before it in that serial
 * order. So a task that Spark runs again (its executor was lost) writes exactly the rows the first attempt would have.
 */
final class ClusterTask {
    /**
     * Test hook: a Spark local property naming a directory where each bucket leaves a start and an end marker file
     * (named with the JVM's pid), so that a fault-injection test can tell that it killed an executor mid-bucket.
     */
    static final String JOURNAL_PROPERTY = "hetero-embed.test.bucketJournal";
    /** Rows this JVM held in tasks (bytes): a driver that never ran a task has 0. */
    private static final AtomicLong ROW_BYTES_ALLOCATED = new AtomicLong();

    private ClusterTask() {
    }

    /** Bytes of table rows this JVM has allocated for partitioned tasks. */
    static long rowBytesAllocated() {
        return ROW_BYTES_ALLOCATED.get();
    }

    /** The half of partition {@code part} at generation {@code generation}, from the cache or its file. */
    static FloatPointer load(ClusterRun run, int part, Table table, long generation, long checksum, TaskReport r)
            throws IOException {
        HalfCache.Key key = new HalfCache.Key(run.runId, part, table, generation);
        FloatPointer rows = HalfCache.take(key);
        long bytes = (long) run.layout().rows(part) * run.dim * Float.BYTES;
        if (rows != null) {
            r.bytesCached += bytes;
            return rows;
        }
        rows = allocate(run.layout().rows(part), run.dim);
        try {
            Path file = PartitionedModelDirectory.halfFile(run.directory(), part, table, generation);
            PartitionFile.readHalf(file, new PartitionFile.HalfHeader(run.runId, part, run.parts(), table,
                    run.layout().rows(part), run.dim, generation, checksum), rows.address());
        } catch (IOException | RuntimeException e) {
            rows.deallocate();
            throw e;
        }
        r.bytesRead += bytes;
        return rows;
    }

    static FloatPointer allocate(int rows, int dim) {
        long floats = Math.max(1, (long) rows * dim);
        FloatPointer p = new FloatPointer(floats);
        if (p.isNull()) {
            throw new OutOfMemoryError("could not allocate " + floats * Float.BYTES + " bytes for a partition's table");
        }
        ROW_BYTES_ALLOCATED.addAndGet(floats * Float.BYTES);
        return p;
    }

    /**
     * Runs the task of slot {@code e}: {@code segments} are its (segment key, packed segment) records in key order.
     *
     * @param progress tokens trained, added as buckets finish (for the driver's progress bar; a re-run task adds twice)
     */
    static TaskReport run(ClusterRun run, RoundTask t, int e, Iterator<Tuple2<Long, int[]>> segments, int threads,
                          LongAccumulator progress) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        int parts = run.parts(), k = run.perClass(), E = run.executors;
        int outClass = (e + t.round) % E;
        int[] ins = new int[k], outs = new int[k];
        for (int a = 0; a < k; a++) {
            ins[a] = e + a * E;
            outs[a] = outClass + a * E;
        }
        TaskReport r = new TaskReport();
        r.slot = e;
        r.location = location();
        // The task's segments by bucket, in key order (bucket, then walk).
        List<List<Segment>> byBucket = new ArrayList<>(parts * parts);
        for (int b = 0; b < parts * parts; b++) {
            byBucket.add(null);
        }
        while (segments.hasNext()) {
            Tuple2<Long, int[]> s = segments.next();
            int bucket = ClusterTaskPartitioner.bucketOf(s._1());
            int in = bucket / parts, out = bucket % parts;
            if (in % E != e || out % E != outClass) {
                throw new IllegalStateException("segment of bucket (" + in + ", " + out + ") in the task of slot " + e
                        + ", round " + t.round + ": the shuffle and the schedule disagree");
            }
            if (byBucket.get(bucket) == null) {
                byBucket.set(bucket, new ArrayList<>());
            }
            byBucket.get(bucket).add(Segment.unpack(ClusterTaskPartitioner.firstWalkOf(s._1()), s._2()));
        }
        FloatPointer[] inRows = new FloatPointer[k], outRows = new FloatPointer[k];
        try {
            for (int a = 0; a < k; a++) {
                inRows[a] = load(run, ins[a], Table.INPUT, t.inGeneration[ins[a]], t.inChecksum[ins[a]], r);
                outRows[a] = load(run, outs[a], Table.OUTPUT, t.outGeneration[outs[a]], t.outChecksum[outs[a]], r);
            }
            train(run, t, e, ins, outs, inRows, outRows, byBucket, threads, r, progress);
            r.inParts = ins;
            r.outParts = outs;
            r.inChecksums = new long[k];
            r.outChecksums = new long[k];
            for (int a = 0; a < k; a++) {
                r.inChecksums[a] = write(run, ins[a], Table.INPUT, t.inGeneration[ins[a]] + 1, inRows[a], r);
                r.outChecksums[a] = write(run, outs[a], Table.OUTPUT, t.outGeneration[outs[a]] + 1, outRows[a], r);
            }
            // The new generations stay in memory for the next task here: the input class's, if Spark places the next
            // round's task of this slot on this executor as asked.
            long capacity = run.cacheBytes * taskSlots(E);
            for (int a = 0; a < k; a++) {
                HalfCache.offer(new HalfCache.Key(run.runId, outs[a], Table.OUTPUT, t.outGeneration[outs[a]] + 1),
                        outRows[a], capacity);
                outRows[a] = null;
                HalfCache.offer(new HalfCache.Key(run.runId, ins[a], Table.INPUT, t.inGeneration[ins[a]] + 1),
                        inRows[a], capacity);
                inRows[a] = null;
            }
        } finally {
            for (int a = 0; a < k; a++) {
                if (inRows[a] != null) {
                    inRows[a].deallocate();
                }
                if (outRows[a] != null) {
                    outRows[a].deallocate();
                }
            }
        }
        r.seconds = (System.nanoTime() - t0) / 1e9;
        return r;
    }

    /**
     * Tasks this JVM runs at once: Spark's local mode runs every slot in the driver's JVM; an executor runs
     * {@code spark.executor.cores / spark.task.cpus}.
     */
    static int taskSlots(int executors) {
        SparkEnv env = SparkEnv.get();
        if (env == null || "driver".equals(env.executorId())) {
            return executors;
        }
        return Math.max(1, env.conf().getInt("spark.executor.cores", 1) / Math.max(1, env.conf().getInt("spark.task.cpus", 1)));
    }

    private static long write(ClusterRun run, int part, Table table, long generation, FloatPointer rows, TaskReport r)
            throws IOException {
        PartitionFile.HalfHeader h = PartitionFile.writeHalf(PartitionedModelDirectory.halfFile(run.directory(), part,
                table, generation), run.runId, part, run.parts(), table, generation, run.layout().rows(part), run.dim,
                rows.address());
        r.bytesWritten += h.tableBytes();
        return h.checksum();
    }

    /** The Latin-square sub-rounds; each bucket's segments in order on one thread. */
    private static void train(ClusterRun run, RoundTask t, int e, int[] ins, int[] outs, FloatPointer[] inRows,
                              FloatPointer[] outRows, List<List<Segment>> byBucket, int threads, TaskReport r,
                              LongAccumulator progress) throws InterruptedException {
        int parts = run.parts(), k = ins.length;
        PartitionLayout layout = run.layout();
        ClusterRun.Samplers samplers = run.samplers();
        long salt = WindowTrainer.epochSalt(run.seed, t.epoch);
        DoubleAdder lossSum = new DoubleAdder();
        LongAdder lossCount = new LongAdder(), tokens = new LongAdder(), pairs = new LongAdder(), buckets = new LongAdder();
        long taskTokens = Math.max(1, t.taskTokens[e]);
        long before = 0; // tokens before the current bucket in the serial order
        TaskContext context = TaskContext.get();
        String journal = context == null ? null : context.getLocalProperty(JOURNAL_PROPERTY);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, k)), runnable -> {
            Thread th = new Thread(runnable, "hetero-embed-cluster-bucket");
            th.setDaemon(true);
            return th;
        });
        try {
            for (int step = 0; step < k; step++) {
                int shift = (step + t.epoch) % k; // sub-round order rotates with the epoch
                List<Future<?>> running = new ArrayList<>(k);
                for (int a = 0; a < k; a++) {
                    int ia = a, oa = (a + shift) % k;
                    int in = ins[ia], out = outs[oa], bucket = in * parts + out;
                    List<Segment> segs = byBucket.get(bucket);
                    if (segs == null) {
                        continue;
                    }
                    long start = before;
                    for (Segment s : segs) {
                        before += s.tokens();
                    }
                    running.add(pool.submit(() -> {
                        journal(journal, t, in, out, "start");
                        SegmentTrainer trainer = new SegmentTrainer(layout, samplers.negatives(), run.dim,
                                run.skipGram.window(), run.skipGram.negatives(), t.group, salt, lossSum, lossCount);
                        FloatRows inTable = FloatRows.at(inRows[ia].address(), layout.rows(in), run.dim);
                        FloatRows outTable = FloatRows.at(outRows[oa].address(), layout.rows(out), run.dim);
                        long at = start, bucketTokens = 0;
                        for (Segment s : segs) {
                            float lr = t.lrStart + (t.lrEnd - t.lrStart) * (float) Math.min(1.0, (double) at / taskTokens);
                            trainer.train(s, inTable, outTable, bucket, lr);
                            at += s.tokens();
                            bucketTokens += s.tokens();
                            pairs.add(s.pairs());
                        }
                        tokens.add(bucketTokens);
                        buckets.increment();
                        if (progress != null) {
                            progress.add(bucketTokens);
                        }
                        journal(journal, t, in, out, "end");
                        return null;
                    }));
                }
                for (Future<?> f : running) {
                    try {
                        f.get();
                    } catch (java.util.concurrent.ExecutionException x) {
                        if (x.getCause() instanceof UncheckedIOException u) {
                            throw u;
                        }
                        throw new IllegalStateException("a bucket failed: " + x.getCause(), x.getCause());
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        r.tokens = tokens.sum();
        r.pairs = pairs.sum();
        r.buckets = buckets.sum();
        r.lossSum = lossSum.sum();
        r.lossCount = lossCount.sum();
    }

    /** Test hook: a marker file per bucket start and end, named with this JVM's pid (see {@link #JOURNAL_PROPERTY}). */
    private static void journal(String dir, RoundTask t, int in, int out, String what) {
        if (dir == null) {
            return;
        }
        try {
            Files.createFile(Path.of(dir, String.format("%s.e%d.r%d.b%d_%d.pid%d", what, t.epoch, t.round, in, out,
                    ProcessHandle.current().pid())));
        } catch (java.nio.file.FileAlreadyExistsException ignored) {
            // a re-run in the same JVM (a retried task)
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    /** This executor as a Spark task location ({@code executor_HOST_ID}), or null outside an executor. */
    static String location() {
        SparkEnv env = SparkEnv.get();
        if (env == null) {
            return null;
        }
        var id = env.blockManager().blockManagerId();
        return "executor_" + id.host() + "_" + id.executorId();
    }
}
