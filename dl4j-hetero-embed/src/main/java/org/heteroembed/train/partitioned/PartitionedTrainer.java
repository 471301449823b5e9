package org.heteroembed.train.partitioned;

import org.heteroembed.graph.partition.PartitionLayout;
import org.heteroembed.sampling.Negatives;
import org.heteroembed.sampling.PartitionNegativeSampler;
import org.heteroembed.sampling.SkipGramConfig;
import org.heteroembed.sampling.SkipGramPairGenerator;
import org.heteroembed.train.fast.FloatRows;
import org.heteroembed.train.fast.TrainingProgress;
import org.heteroembed.train.fast.WindowStep;
import org.heteroembed.train.fast.WindowTrainer;
import org.heteroembed.walk.OrderedPipeline;
import org.heteroembed.walk.SplitMix64;
import org.heteroembed.walk.WalkGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Skip-gram on tables partitioned on disk, bucket by bucket. Per epoch: the walks are generated and their windows
 * cut into bucket segments spilled to disk ({@link WindowSplitter}, {@link BucketSpill}); then the buckets are trained
 * in order, each with only its input partition's input rows and its output partition's output rows resident
 * ({@link PartitionCache}, in Marius's BETA order: {@link BucketOrder}), its negatives drawn from the output partition
 * ({@link PartitionNegativeSampler}, with its gradient weights), on
 * {@code threads} Hogwild threads that take whole segments. The arithmetic is the fast engine's ({@link WindowStep}),
 * the learning rate its schedule over tokens (or pairs), evaluated at the start of each segment.
 *
 * <p>With one partition and one thread the run equals the in-memory fast engine on one thread: the same windows in the
 * same order, the same negatives (each segment reseeds the negative stream as the in-memory engine does per chunk),
 * the same rates.
 *
 * <p>Progress is (epoch, buckets done, tokens, pairs); a stop request ends the run after the segments in flight, with
 * the number of segments of the current bucket done, so a resume continues exactly there.
 */
public final class PartitionedTrainer {
    private static final Logger log = LoggerFactory.getLogger(PartitionedTrainer.class);
    /** How often progress is reported while a bucket trains. */
    private static final long REPORT_NANOS = 250_000_000L;

    /** What the trainer asks of its caller: the schedule, stop, progress, checkpoints. */
    public interface Listener {
        /** The learning rate after {@code tokens} tokens and {@code pairs} pairs. */
        double learningRate(long tokens, long pairs);

        boolean stopRequested();

        /** Progress and the mean sampled loss since the last report (NaN: none), on the calling thread. */
        void progress(TrainingProgress progress, double loss);

        /** A stage message (spilling an epoch, ...). */
        void stage(String message);

        /** Whether to checkpoint now (asked at each bucket boundary). */
        boolean checkpointDue();

        /**
         * A checkpoint: every changed partition has been written as a new generation ({@link PartitionStore#states}
         * are the files to name); the caller writes the manifest, then the store drops the generations it replaced.
         */
        void checkpoint(Position position) throws IOException;
    }

    /** Where training is: progress (chunk = buckets done in the epoch) and segments done in the current bucket. */
    public record Position(TrainingProgress progress, long segmentsDone) {
        public static final Position START = new Position(TrainingProgress.START, 0);
    }

    /** What a run did. */
    public record Result(Position position, boolean completed, long loads, long bytesRead, long bytesWritten,
                         long spillBytes) {
    }

    private final PartitionStore store;
    private final PartitionLayout layout;
    private final WalkGenerator walks;
    private final SkipGramPairGenerator pairs;
    private final SkipGramConfig sg;
    private final PartitionNegativeSampler negatives;
    private final int threads;
    private final int slots;
    private final int epochs;
    private final long maxPairs;
    private final Path spillDir;
    private final DoubleAdder lossSum = new DoubleAdder();
    private final LongAdder lossCount = new LongAdder();

    PartitionedTrainer(PartitionStore store, WalkGenerator walks, SkipGramPairGenerator pairs, int threads, int slots,
                       int epochs, long maxPairs, Path spillDir) {
        this.store = store;
        this.layout = store.layout();
        this.walks = walks;
        this.pairs = pairs;
        this.sg = pairs.config();
        this.negatives = new PartitionNegativeSampler(layout, pairs.frequencies(), sg.negativeExponent(), sg.typeAwareNegatives());
        this.threads = threads;
        this.slots = slots;
        this.epochs = epochs;
        this.maxPairs = maxPairs;
        this.spillDir = spillDir;
    }

    /** The plan of an epoch: Marius's BETA order of the buckets for the partitions resident at once. */
    BucketOrder plan(int epoch) {
        return BucketOrder.plan(BucketOrder.Ordering.BETA, layout.parts(), slots, sg.seed(), epoch);
    }

    /** Trains from {@code from} until the job's epochs (or pair budget) are done, or the listener asks to stop. */
    public Result train(Position from, Listener listener) throws IOException, InterruptedException {
        AtomicLong tokens = new AtomicLong(from.progress().tokens()), pairCount = new AtomicLong(from.progress().pairs());
        Position at = from;
        long spilled = 0;
        int lastEpoch = maxPairs > 0 ? Integer.MAX_VALUE : epochs;
        try (PartitionCache cache = new PartitionCache(store, slots)) {
            for (int epoch = from.progress().epoch(); epoch < lastEpoch; epoch++) {
                if (listener.stopRequested()) {
                    cache.flush();
                    return result(at, false, cache, spilled);
                }
                long salt = WindowTrainer.epochSalt(sg.seed(), epoch);
                listener.stage(String.format("epoch %d: cutting the walks' windows into %d buckets in %s", epoch + 1,
                        layout.parts() * layout.parts(), spillDir));
                long spillStart = System.nanoTime();
                try (BucketSpill spill = spill(salt)) {
                    spilled += spill.bytes();
                    // bench partitions sums this log's arguments (epoch, bytes, ms): keep their order
                    log.debug("epoch {}: walked and spilled {} bytes of windows in {} ms", epoch + 1, spill.bytes(),
                            (System.nanoTime() - spillStart) / 1_000_000);
                    BucketOrder plan = plan(epoch);
                    int[] order = new int[layout.parts() * layout.parts()];
                    int[] loadBefore = new int[order.length], evictBefore = new int[order.length];
                    int n = 0;
                    for (BucketOrder.Step st : plan.steps()) {
                        for (int q = 0; q < st.buckets().size(); q++) {
                            BucketOrder.Bucket bk = st.buckets().get(q);
                            loadBefore[n] = q == 0 ? st.load() : -1;
                            evictBefore[n] = q == 0 ? st.evict() : -1;
                            order[n++] = bk.in() * layout.parts() + bk.out();
                        }
                    }
                    boolean resumedEpoch = epoch == from.progress().epoch();
                    for (int step = resumedEpoch ? (int) from.progress().chunk() : 0; step < order.length; step++) {
                        int bucket = order[step];
                        long skip = resumedEpoch && step == from.progress().chunk() ? from.segmentsDone() : 0;
                        if (loadBefore[step] >= 0) {
                            cache.load(loadBefore[step], evictBefore[step]);
                        }
                        RowSlot[] resident = cache.acquire(bucket / layout.parts(), bucket % layout.parts());
                        long done, bucketStart = System.nanoTime();
                        try (BucketSpill.Reader reader = spill.reader(bucket)) {
                            reader.skip(skip);
                            done = skip + trainBucket(reader, resident[0].inRows(), resident[1].outRows(), bucket, salt,
                                    tokens, pairCount, epoch, step, listener);
                        }
                        // bench partitions sums this log's arguments (in, out, segments, ms): keep their order
                        log.debug("bucket ({}, {}): {} segments in {} ms", bucket / layout.parts(), bucket % layout.parts(),
                                done - skip, (System.nanoTime() - bucketStart) / 1_000_000);
                        boolean budgetSpent = maxPairs > 0 && pairCount.get() >= maxPairs;
                        if (done < spill.segments(bucket) && !budgetSpent) { // stopped inside the bucket
                            at = new Position(new TrainingProgress(epoch, step, tokens.get(), pairCount.get()), done);
                            cache.flush();
                            return result(at, false, cache, spilled);
                        }
                        at = new Position(new TrainingProgress(epoch, step + 1, tokens.get(), pairCount.get()), 0);
                        listener.progress(at.progress(), sampledLoss());
                        if (budgetSpent) {
                            cache.flush();
                            return result(at, true, cache, spilled);
                        }
                        if (listener.checkpointDue()) {
                            cache.flush();
                            listener.checkpoint(at);
                            store.committed();
                        }
                    }
                }
                at = new Position(new TrainingProgress(epoch + 1, 0, tokens.get(), pairCount.get()), 0);
                log.info("epoch {}: {} tokens, {} pairs; {} partition loads, {} MiB read, {} MiB written so far", epoch + 1,
                        tokens.get(), pairCount.get(), cache.loads(), store.bytesRead() >> 20, store.bytesWritten() >> 20);
            }
            cache.flush();
            return result(at, true, cache, spilled);
        }
    }

    private Result result(Position at, boolean completed, PartitionCache cache, long spilled) {
        return new Result(at, completed, cache.loads(), store.bytesRead(), store.bytesWritten(), spilled);
    }

    /** Walks the whole epoch and spills its windows by bucket, in walk order. */
    private BucketSpill spill(long salt) throws IOException, InterruptedException {
        int buckets = layout.parts() * layout.parts();
        int buffer = (int) Math.max(4096, Math.min(1 << 20, (64L << 20) / buckets));
        BucketSpill spill = new BucketSpill(spillDir, layout.parts(), buffer);
        boolean ok = false;
        try (OrderedPipeline<Segment[]> p = walks.startPerWorker(w -> {
            WindowSplitter splitter = new WindowSplitter(layout, pairs.windows(), salt);
            return splitter::split;
        })) {
            Segment[] segments;
            while ((segments = p.next()) != null) {
                for (int b = 0; b < segments.length; b++) {
                    if (segments[b] != null) {
                        spill.append(b, segments[b]);
                    }
                }
            }
            spill.finish();
            ok = true;
            return spill;
        } finally {
            if (!ok) {
                spill.close();
            }
        }
    }

    /**
     * Trains a bucket's remaining segments on {@code threads} threads (one: on this thread); returns the segments
     * trained, fewer than remain when stopped.
     */
    private long trainBucket(BucketSpill.Reader reader, FloatRows in, FloatRows out, int bucket, long salt,
                             AtomicLong tokens, AtomicLong pairCount, int epoch, int step, Listener listener)
            throws InterruptedException {
        int j = bucket % layout.parts();
        Negatives neg = (target, rng) -> negatives.sample(j, target, rng);
        LongAdder trained = new LongAdder();
        Runnable work = () -> {
            WindowStep windowStep = new WindowStep(in.dim(), sg.window(), sg.negatives(), lossSum, lossCount);
            SplitMix64 rng = new SplitMix64(0);
            int[] contexts = new int[2 * sg.window()];
            long lastReport = System.nanoTime();
            Segment s;
            while (!listener.stopRequested() && !(maxPairs > 0 && pairCount.get() >= maxPairs) && (s = reader.next()) != null) {
                float lr = (float) listener.learningRate(tokens.get(), pairCount.get());
                rng.reseed(WindowTrainer.negativeSeed(salt, s.firstWalk(), bucket));
                int[] data = s.payload();
                for (int k = 0, r = 0; r < s.records(); r++) {
                    int center = data[k], c = data[k + 1];
                    System.arraycopy(data, k + 2, contexts, 0, c);
                    k += 2 + c;
                    windowStep.train(in, out, neg, rng, center, contexts, c, lr,
                            (float) negatives.negativeWeight(j, layout.typeOfLocalRow(j, center)));
                }
                tokens.addAndGet(s.tokens());
                pairCount.addAndGet(s.pairs());
                trained.increment();
                if (threads == 1 && System.nanoTime() - lastReport > REPORT_NANOS) {
                    lastReport = System.nanoTime();
                    listener.progress(new TrainingProgress(epoch, step, tokens.get(), pairCount.get()), sampledLoss());
                }
            }
        };
        if (threads == 1) {
            work.run();
            return trained.sum();
        }
        List<Thread> workers = new ArrayList<>();
        Throwable[] failure = new Throwable[1];
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(work, "hetero-embed-bucket-" + t);
            th.setDaemon(true);
            th.setUncaughtExceptionHandler((x, e) -> {
                synchronized (failure) {
                    failure[0] = e;
                }
            });
            workers.add(th);
            th.start();
        }
        for (Thread th : workers) {
            while (th.isAlive()) {
                th.join(REPORT_NANOS / 1_000_000);
                listener.progress(new TrainingProgress(epoch, step, tokens.get(), pairCount.get()), sampledLoss());
            }
        }
        synchronized (failure) {
            if (failure[0] instanceof UncheckedIOException e) {
                throw e;
            }
            if (failure[0] != null) {
                throw new IllegalStateException("a bucket training thread failed: " + failure[0], failure[0]);
            }
        }
        return trained.sum();
    }

    /** Mean sampled window loss since the last call; NaN if none. */
    private double sampledLoss() {
        double sum = lossSum.sumThenReset();
        long n = lossCount.sumThenReset();
        return n == 0 ? Double.NaN : sum / n;
    }
}
