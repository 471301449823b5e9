package org.heteroembed.spark.partitioned;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.PartitionPruningRDD;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.heteroembed.job.PartitionedEngine.Listener;
import org.heteroembed.sampling.SkipGramConfig;
import org.heteroembed.spark.WalkBlock;
import org.heteroembed.tables.PartitionFile.Table;
import org.heteroembed.tables.PartitionedModelDirectory;
import org.heteroembed.tables.PartitionedModelDirectory.PartitionState;
import org.heteroembed.train.fast.TrainingProgress;
import org.heteroembed.train.fast.WindowStep;
import org.heteroembed.train.fast.WindowTrainer;
import org.heteroembed.train.partitioned.ClusterSchedule;
import org.heteroembed.train.partitioned.RowInitializer;
import org.heteroembed.train.partitioned.Segment;
import org.heteroembed.train.partitioned.WindowSplitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.IntStream;

/**
 * Skip-gram on Spark with the tables partitioned across the executors: no process holds the whole model, and the
 * driver holds no row at all. The node partitions' input and output tables live in partition files on a path every
 * executor sees (and in the executors' memory between rounds, {@link HalfCache}); per epoch the executors cut their
 * walks' windows into bucket segments and one shuffle groups them by the task of {@link ClusterSchedule} that trains
 * them ({@link ClusterTaskPartitioner}); then E rounds of E tasks, each training the buckets between its input class
 * and its round's output class ({@link ClusterTask}). The tasks of a round write disjoint tables, each as a new
 * generation file; the driver commits a round (names the new generations in the next round's tasks, deletes the old
 * ones) once all its tasks succeeded, so a task Spark runs again after losing an executor reads what the first
 * attempt read and writes the same rows.
 *
 * <p>The driver keeps the schedule, the generations and checksums, counts, the loss and the progress. At the end the
 * executors write each partition as the single-machine format ({@link ClusterTables#finish}), and the directory is
 * the partitioned model directory {@code train} writes (the caller writes its manifest).
 */
public final class SparkPartitionedTrainer {
    private static final Logger log = LoggerFactory.getLogger(SparkPartitionedTrainer.class);

    /**
     * One round: step {@code step} of its epoch, which trained the schedule's round {@code round}
     * ({@link ClusterSchedule#roundAt}).
     *
     * @param bytesRead   rows read from partition files (cache misses)
     * @param bytesCached rows a task found in its executor's memory
     * @param bytesMoved  rows a task read that another executor wrote: what crossed between executors
     */
    public record Round(int epoch, int step, int round, long tokens, long pairs, double loss, long bytesRead, long bytesCached,
                        long bytesWritten, long bytesMoved, double seconds) {
    }

    /**
     * A run.
     *
     * @param partitions     the finished directory's partitions (format 1), for its manifest
     * @param diagonalShare  pairs in buckets {@code (i, i)} over all pairs (the last epoch's)
     * @param firstRoundShare pairs of the schedule's round 0 (diagonal classes) over all pairs (the last epoch's)
     */
    public record Result(List<PartitionState> partitions, TrainingProgress end, boolean completed, List<Round> rounds,
                         double diagonalShare, double firstRoundShare, double seconds) {
        /** Rows moved between executors in epoch {@code epoch} (0-based). */
        public long bytesMoved(int epoch) {
            return rounds.stream().filter(r -> r.epoch() == epoch).mapToLong(Round::bytesMoved).sum();
        }

        public long bytesRead() {
            return rounds.stream().mapToLong(Round::bytesRead).sum();
        }

        public long bytesWritten() {
            return rounds.stream().mapToLong(Round::bytesWritten).sum();
        }
    }

    private final int executors;
    private final int epochs;
    private final DoubleUnaryOperator learningRate;
    private final long seed;

    private SparkPartitionedTrainer(Builder b) {
        this.executors = b.executors;
        this.epochs = b.epochs;
        this.learningRate = b.learningRate;
        this.seed = b.seed;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Bytes of table rows this JVM has read, written or allocated for partitioned training: on the driver of a
     * cluster (executors in other JVMs) it stays 0, which is how a test proves that the driver held no row.
     */
    public static long rowBytesInThisJvm() {
        return org.heteroembed.tables.PartitionFile.rowBytesThisJvm() + ClusterTask.rowBytesAllocated();
    }

    /**
     * Test hook: with this Spark local property set on the thread that trains (a directory), each bucket leaves a
     * start and an end marker file named with its executor's pid, so a fault-injection test can prove it killed an
     * executor in the middle of a bucket.
     */
    public static final String BUCKET_JOURNAL_PROPERTY = ClusterTask.JOURNAL_PROPERTY;

    /**
     * Trains from fresh rows (word2vec's start) into {@code directory}, which holds no partition files yet.
     *
     * @param walks  the corpus on the executors, persisted by the caller (read once to count, then once per epoch)
     * @param layout the node partition: P partitions, a multiple of the executors
     */
    public Result train(JavaSparkContext sc, JavaRDD<WalkBlock> walks, LayoutSpec layout, Path directory, long runId,
                        int dim, SkipGramConfig sg, Listener listener) throws IOException, InterruptedException {
        int parts = layout.parts(), E = executors, k = parts / E;
        ClusterSchedule.plan(parts, E, seed, 0); // checks P against E, naming --partitions
        long t0 = System.nanoTime();
        long workingSet = 2L * k * layout.maxRows() * dim * Float.BYTES;
        ClusterRun run = new ClusterRun(directory, runId, layout, dim, E, seed, sg, workingSet);
        Broadcast<ClusterRun> runB = sc.broadcast(run);
        LongAccumulator progress = sc.sc().longAccumulator("partitioned tokens");
        try {
            listener.stage("counting the walks' nodes on the executors");
            long corpus = CountFiles.write(walks, directory, layout.numNodes());
            listener.stage(String.format("writing the starting rows of %d partitions (%d x %d floats x 2 tables) on the "
                    + "executors", parts, layout.numNodes(), dim));
            TableGenerations tables = new TableGenerations(parts);
            // One task per slot writes its class's partitions (both tables: in the first round slot e holds input
            // and output class e) and keeps them in memory; the first round's task of the slot is asked to run there.
            String[] slotAt = new String[E]; // where each slot's last task ran
            List<Object[]> init = sc.parallelize(IntStream.range(0, E).boxed().toList(), E).flatMap(e -> {
                List<Object[]> written = new ArrayList<>();
                for (int p = e; p < runB.value().parts(); p += runB.value().executors) {
                    long[] sums = ClusterTables.initialize(runB.value(), p, RowInitializer.word2vec(runB.value().seed));
                    written.add(new Object[]{e, p, sums[0], sums[1], ClusterTask.location()});
                }
                return written.iterator();
            }).collect();
            for (Object[] o : init) {
                tables.initialized((Integer) o[1], (Long) o[2], (Long) o[3], (String) o[4]);
                slotAt[(Integer) o[0]] = (String) o[4];
            }
            long planned = Math.max(1, corpus * epochs);
            listener.begin(planned);
            List<Round> rounds = new ArrayList<>();
            long tokens = 0, pairs = 0;
            double diagonal = 0, firstRound = 0;
            boolean stopped = false;
            int epoch = 0;
            for (; epoch < epochs && !stopped; epoch++) {
                listener.stage(String.format("epoch %d: cutting the walks' windows into %d buckets on the executors",
                        epoch + 1, parts * parts));
                JavaPairRDD<Long, int[]> segments = segments(walks, runB, WindowTrainer.epochSalt(seed, epoch), parts, E);
                try {
                    EpochPlan plan = EpochPlan.of(segments, E, parts);
                    diagonal = plan.diagonalShare();
                    firstRound = plan.firstRoundShare();
                    log.debug("epoch {}: {} windows cut into {} sub-windows (groups of {}), {} pairs, {} in diagonal buckets",
                            epoch + 1, plan.windows, plan.records, plan.group(), plan.pairs, plan.diagonalPairs);
                    for (int s = 0; s < E; s++) {
                        if (listener.stopRequested()) {
                            stopped = true;
                            break;
                        }
                        long rt0 = System.nanoTime();
                        int r = ClusterSchedule.roundAt(s, epoch, E); // rotated: no output table moves between epochs
                        long roundTokens = plan.roundTokens(r);
                        RoundTask task = new RoundTask(epoch, r, tables.inGeneration, tables.inChecksum,
                                tables.outGeneration, tables.outChecksum,
                                (float) learningRate.applyAsDouble((double) tokens / planned),
                                (float) learningRate.applyAsDouble((double) (tokens + roundTokens) / planned),
                                plan.taskTokens[r], plan.group());
                        List<TaskReport> reports = runRound(sc, segments, runB, task, s, slotAt, progress, tokens, pairs,
                                listener);
                        long moved = tables.movedBytes(reports, layout, dim);
                        long read = 0, cached = 0, written = 0, roundPairs = 0, roundTokensDone = 0, lossCount = 0;
                        double lossSum = 0;
                        for (TaskReport rep : reports) {
                            read += rep.bytesRead;
                            cached += rep.bytesCached;
                            written += rep.bytesWritten;
                            roundPairs += rep.pairs;
                            roundTokensDone += rep.tokens;
                            lossSum += rep.lossSum;
                            lossCount += rep.lossCount;
                            slotAt[rep.slot] = rep.location;
                        }
                        tables.commit(reports, run);
                        tokens += roundTokensDone;
                        pairs += roundPairs;
                        double loss = WindowStep.meanLoss(lossSum, lossCount);
                        Round round = new Round(epoch, s, r, roundTokensDone, roundPairs, loss, read, cached, written, moved,
                                (System.nanoTime() - rt0) / 1e9);
                        rounds.add(round);
                        log.debug("epoch {} round {}: {} tokens, {} pairs, loss {}; {} KiB moved between executors, {} KiB "
                                        + "read, {} KiB from executor memory, {} KiB written; {} s", epoch + 1, s + 1,
                                roundTokensDone, roundPairs, String.format("%.4f", loss), moved >> 10, read >> 10,
                                cached >> 10, written >> 10, String.format("%.2f", round.seconds()));
                        boolean epochDone = s == E - 1;
                        listener.progress(new TrainingProgress(epochDone ? epoch + 1 : epoch, epochDone ? 0 : s + 1, tokens,
                                pairs), loss);
                    }
                } finally {
                    segments.unpersist(false);
                }
            }
            boolean completed = !stopped;
            int epochsDone = completed ? epochs : epoch - 1;
            listener.stage(String.format("writing %d partitions as the model directory's files on the executors", parts));
            List<PartitionState> states = finish(sc, runB, tables, epochsDone);
            if (pairs == 0 && completed) {
                log.warn("the walks made no pairs");
            }
            TrainingProgress end = completed ? new TrainingProgress(epochs, 0, tokens, pairs)
                    : rounds.isEmpty() ? TrainingProgress.START : progressAfter(rounds.get(rounds.size() - 1), E, tokens, pairs);
            return new Result(states, end, completed, rounds, diagonal, firstRound, (System.nanoTime() - t0) / 1e9);
        } finally {
            runB.destroy(false);
        }
    }

    private static TrainingProgress progressAfter(Round last, int E, long tokens, long pairs) {
        boolean epochDone = last.step() == E - 1;
        return new TrainingProgress(epochDone ? last.epoch() + 1 : last.epoch(), epochDone ? 0 : last.step() + 1, tokens,
                pairs);
    }

    /** The epoch's windows cut into bucket segments on the executors, grouped by task and sorted by bucket and walk. */
    private static JavaPairRDD<Long, int[]> segments(JavaRDD<WalkBlock> walks, Broadcast<ClusterRun> runB, long salt,
                                                     int parts, int E) {
        return walks.flatMapToPair(block -> {
                    ClusterRun run = runB.value();
                    WindowSplitter.Split split = new WindowSplitter(run.layout(), run.samplers().windows(), salt)
                            .split(block.toChunk());
                    List<Tuple2<Long, int[]>> out = new ArrayList<>();
                    Segment[] segs = split.segments();
                    boolean first = true;
                    for (int b = 0; b < segs.length; b++) {
                        if (segs[b] != null) {
                            out.add(new Tuple2<>(ClusterTaskPartitioner.segmentKey(b, block.firstWalk()),
                                    segs[b].pack(first ? split.windows() : 0)));
                            first = false;
                        }
                    }
                    return out.iterator();
                })
                .repartitionAndSortWithinPartitions(new ClusterTaskPartitioner(parts, E))
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
    }

    /** Runs one round's E tasks, each asked to run where its slot's last task ran; polls progress while they run. */
    @SuppressWarnings("unchecked")
    private List<TaskReport> runRound(JavaSparkContext sc, JavaPairRDD<Long, int[]> segments, Broadcast<ClusterRun> runB,
                                      RoundTask task, int step, String[] slotAt, LongAccumulator progress,
                                      long tokensBefore, long pairsBefore, Listener listener) throws InterruptedException {
        int E = executors, s = step;
        @SuppressWarnings("unchecked")
        ClassTag<Tuple2<Long, int[]>> tag = (ClassTag<Tuple2<Long, int[]>>) (ClassTag<?>) ClassTag$.MODULE$.apply(Tuple2.class);
        PartitionPruningRDD<Tuple2<Long, int[]>> pruned = PartitionPruningRDD.create(segments.rdd(), new RoundFilter(task.round, E));
        JavaRDD<Tuple2<Long, int[]>> placed = new JavaRDD<>(new PlacedRDD<>(pruned, slotAt, tag), tag);
        long base = progress.value();
        // The round's job runs on a thread of its own (started here, so it inherits this thread's Spark job group and
        // properties) while this thread shows progress.
        List<TaskReport>[] result = new List[1];
        Throwable[] failure = new Throwable[1];
        Thread runner = new Thread(() -> {
            try {
                // The round's stage is named for it (Spark names stages by call site), e.g. in the Spark UI.
                sc.setCallSite(String.format("partitioned round %d of epoch %d", s + 1, task.epoch + 1));
                result[0] = placed.mapPartitionsWithIndex((e, it) -> {
                    int threads = Math.max(1, org.apache.spark.SparkEnv.get().conf().getInt("spark.task.cpus", 1));
                    return List.of(ClusterTask.run(runB.value(), task, e, it, threads, progress)).iterator();
                }, true).collect();
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "hetero-embed-round-" + task.epoch + "-" + s);
        runner.setDaemon(true);
        runner.start();
        try {
            while (runner.isAlive()) {
                runner.join(250);
                listener.show(new TrainingProgress(task.epoch, s, tokensBefore + Math.max(0, progress.value() - base),
                        pairsBefore));
            }
        } catch (InterruptedException e) {
            sc.cancelAllJobs();
            throw e;
        }
        if (failure[0] != null) {
            Throwable cause = failure[0];
            if (cause instanceof RuntimeException && cause.getCause() instanceof java.io.IOException io) {
                cause = io;
            }
            throw new IllegalStateException("round " + (s + 1) + " of epoch " + (task.epoch + 1) + " failed: "
                    + cause.getMessage(), failure[0]);
        }
        if (result[0].size() != E) {
            throw new IllegalStateException("round " + (s + 1) + " returned " + result[0].size() + " task reports, expected " + E);
        }
        return result[0];
    }

    /** Writes every partition as the single-machine format on the executors (each where its input rows are). */
    private static List<PartitionState> finish(JavaSparkContext sc, Broadcast<ClusterRun> runB, TableGenerations tables,
                                               int generation) throws IOException {
        ClusterRun run = runB.value();
        int parts = run.parts();
        @SuppressWarnings("unchecked")
        ClassTag<Integer> tag = (ClassTag<Integer>) (ClassTag<?>) ClassTag$.MODULE$.apply(Integer.class);
        JavaRDD<Integer> ids = sc.parallelize(IntStream.range(0, parts).boxed().toList(), parts);
        String[] where = new String[parts];
        for (int p = 0; p < parts; p++) {
            where[p] = tables.inputWriter(p);
        }
        long[] inGen = tables.inGeneration, inSum = tables.inChecksum, outGen = tables.outGeneration,
                outSum = tables.outChecksum;
        JavaRDD<Integer> placed = new JavaRDD<>(new PlacedRDD<>(ids.rdd(), where, tag), tag);
        List<long[]> sums = placed.map(p -> new long[]{p, ClusterTables.finish(runB.value(), p, inGen[p], inSum[p], outGen[p],
                outSum[p], generation)}).collect();
        List<PartitionState> states = new ArrayList<>();
        long[] bySum = new long[parts];
        for (long[] x : sums) {
            bySum[(int) x[0]] = x[1];
        }
        for (int p = 0; p < parts; p++) {
            states.add(new PartitionState(p, run.spec.rows(p), generation, bySum[p]));
            ClusterTables.delete(run, p, Table.INPUT, inGen[p]);
            ClusterTables.delete(run, p, Table.OUTPUT, outGen[p]);
        }
        // Free the executors' cached rows of this run: one small task per executor is not guaranteed, so each JVM also
        // drops another run's entries when a new run's first task offers its rows (HalfCache.offer).
        sc.parallelize(IntStream.range(0, Math.max(1, sc.defaultParallelism())).boxed().toList(), Math.max(1, sc.defaultParallelism()))
                .foreach(x -> HalfCache.clear(runB.value().runId));
        CountFiles.delete(run.directory());
        try (var left = Files.newDirectoryStream(run.directory(), "part-*.{in,out}.g*.bin")) {
            for (Path f : left) {
                Files.deleteIfExists(f);
            }
        }
        return states;
    }

    /** Keeps the partitions {@code [round * E, (round + 1) * E)}: one round's tasks. */
    private static final class RoundFilter extends scala.runtime.AbstractFunction1<Object, Object>
            implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final int round, executors;

        RoundFilter(int round, int executors) {
            this.round = round;
            this.executors = executors;
        }

        @Override
        public Object apply(Object index) {
            return (Integer) index / executors == round;
        }
    }

    /** Per epoch, from one pass over its persisted segments: tokens per task, windows, pairs on the diagonal. */
    private record EpochPlan(long[][] taskTokens, long windows, long records, long pairs, long diagonalPairs,
                             long firstRoundPairs) {
        static EpochPlan of(JavaPairRDD<Long, int[]> segments, int E, int parts) {
            List<long[]> stats = segments.mapPartitionsWithIndex((idx, it) -> {
                long[] x = new long[7];
                x[0] = idx;
                while (it.hasNext()) {
                    Tuple2<Long, int[]> t = it.next();
                    int bucket = ClusterTaskPartitioner.bucketOf(t._1());
                    x[1] += Segment.packedTokens(t._2());
                    x[2] += Segment.packedPairs(t._2());
                    x[3] += Segment.packedRecords(t._2());
                    x[4] += Segment.packedWindows(t._2());
                    if (bucket / parts == bucket % parts) {
                        x[5] += Segment.packedPairs(t._2());
                    }
                }
                return List.of(x).iterator();
            }, true).collect();
            long[][] tokens = new long[E][E];
            long windows = 0, records = 0, pairs = 0, diagonal = 0, first = 0;
            for (long[] x : stats) {
                int idx = (int) x[0];
                tokens[idx / E][idx % E] += x[1];
                pairs += x[2];
                records += x[3];
                windows += x[4];
                diagonal += x[5];
                if (idx / E == 0) {
                    first += x[2];
                }
            }
            return new EpochPlan(tokens, windows, records, pairs, diagonal, first);
        }

        long roundTokens(int round) {
            long n = 0;
            for (long t : taskTokens[round]) {
                n += t;
            }
            return n;
        }

        /** As the single-machine trainer: sub-windows per window, so a cut window costs about what it did whole. */
        int group() {
            return (int) Math.max(1, Math.round((double) records / Math.max(1, windows)));
        }

        double diagonalShare() {
            return pairs == 0 ? 0 : (double) diagonalPairs / pairs;
        }

        double firstRoundShare() {
            return pairs == 0 ? 0 : (double) firstRoundPairs / pairs;
        }
    }

    /** Builder. Defaults: 1 epoch, word2vec's linear decay from 0.025, seed 1. */
    public static final class Builder {
        private int executors = 1;
        private int epochs = 1;
        private DoubleUnaryOperator learningRate = f -> Math.max(0.025 * 1e-4, 0.025 * (1 - f));
        private long seed = 1;

        /** E: tasks per round, one per executor (P must be a multiple). */
        public Builder executors(int executors) {
            this.executors = executors;
            return this;
        }

        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** The rate at a fraction of the run's tokens. */
        public Builder learningRate(DoubleUnaryOperator rate) {
            this.learningRate = rate;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public SparkPartitionedTrainer build() {
            if (executors < 1 || epochs < 1 || learningRate == null) {
                throw new IllegalArgumentException("need executors >= 1, epochs >= 1 and a learning rate, got "
                        + executors + ", " + epochs);
            }
            return new SparkPartitionedTrainer(this);
        }
    }
}
