package org.heteroembed.train.partitioned;

import org.heteroembed.graph.partition.PartitionLayout;
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

    /**
     * Where training is: progress (its {@code chunk}: buckets done in the current slice), the first walk chunk of the
     * current slice (an epoch is spilled and trained in slices when its windows exceed the spill limit), and segments
     * done in the current bucket.
     */
    public record Position(TrainingProgress progress, long sliceStart, long segmentsDone) {
        public static final Position START = new Position(TrainingProgress.START, 0, 0);
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
    private final long spillLimit;
    /** Per partition and local row, the fraction of each update applied (a warm start's old rows), or null. */
    private final float[][] rowRates;
    private final DoubleAdder lossSum = new DoubleAdder();
    private final LongAdder lossCount = new LongAdder();

    PartitionedTrainer(PartitionStore store, WalkGenerator walks, SkipGramPairGenerator pairs, int threads, int slots,
                       int epochs, long maxPairs, Path spillDir, long spillLimit, float[][] rowRates) {
        this.rowRates = rowRates;
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
        this.spillLimit = spillLimit;
    }

    /**
     * The plan of an epoch: Marius's BETA order of the buckets for the partitions resident at once; with four slots or
     * more, one of them is kept spare for reading the next step's partition while a step trains.
     */
    BucketOrder plan(int epoch, long sliceStart) {
        return BucketOrder.plan(BucketOrder.Ordering.BETA, layout.parts(), prefetch() ? slots - 1 : slots,
                SplitMix64.seedFor(sg.seed(), epoch, sliceStart), epoch);
    }

    /**
     * Whether partitions are read ahead: when a spare slot is left beyond three resident ones and not all fit. Not
     * with three slots: BETA's loads grow as 1/(c - 1), so going from three resident partitions to two plus a spare
     * nearly doubles the I/O (P = 16: 65 loads to 121) to overlap it; worth it only for I/O that training can hide.
     */
    private boolean prefetch() {
        return slots >= 4 && slots - 1 < layout.parts();
    }

    /** Trains from {@code from} until the job's epochs (or pair budget) are done, or the listener asks to stop. */
    public Result train(Position from, Listener listener) throws IOException, InterruptedException {
        Counters n = new Counters(from.progress().tokens(), from.progress().pairs());
        int lastEpoch = maxPairs > 0 ? Integer.MAX_VALUE : epochs;
        try (PartitionCache cache = new PartitionCache(store, slots, prefetch())) {
            Position at = from;
            for (int epoch = from.progress().epoch(); epoch < lastEpoch; epoch++) {
                long salt = WindowTrainer.epochSalt(sg.seed(), epoch);
                boolean resumed = epoch == from.progress().epoch();
                long chunk = resumed ? from.sliceStart() : 0;
                while (chunk < walks.numChunks()) {
                    if (listener.stopRequested()) {
                        cache.flush();
                        return result(at, false, cache, n);
                    }
                    boolean resumedSlice = resumed && chunk == from.sliceStart();
                    listener.stage(String.format("epoch %d: cutting the walks' windows into %d buckets in %s%s", epoch + 1,
                            layout.parts() * layout.parts(), spillDir, chunk > 0 ? String.format(" (from walk chunk %,d of "
                                    + "%,d: the spill is limited to %s)", chunk + 1, walks.numChunks(),
                            org.heteroembed.config.ByteSize.format(spillLimit)) : ""));
                    try (BucketSpill spill = new BucketSpill(spillDir, layout.parts(), spillBuffer(),
                            BucketSpill.narrow(layout.maxRows(), sg.window()))) {
                        long spillStart = System.nanoTime();
                        long[] windows = {0};
                        long next = spill(spill, salt, chunk, windows, listener);
                        if (next < 0) { // asked to stop while walking: the slice is not trained, a resume walks it again
                            cache.flush();
                            return result(at, false, cache, n);
                        }
                        // Sub-windows trained together with shared negatives: as many as a window was cut into on
                        // average, so a cut window costs about what it did whole (one partition: 1, the windows as is).
                        int group = (int) Math.max(1, Math.round((double) spill.records() / Math.max(1, windows[0])));
                        log.debug("epoch {}, walks from chunk {}: {} windows cut into {} sub-windows, trained in groups of {}",
                                epoch + 1, chunk, windows[0], spill.records(), group);
                        n.spilled += spill.bytes();
                        // bench partitions (StageTimes) sums this line's figures
                        log.debug("epoch {}: walked and spilled {} bytes of windows in {} ms", epoch + 1, spill.bytes(),
                                (System.nanoTime() - spillStart) / 1_000_000);
                        Position sliceFrom = resumedSlice ? from : new Position(new TrainingProgress(epoch, 0, n.tokens.get(),
                                n.pairs.get()), chunk, 0);
                        Result stopped = trainSlice(spill, sliceFrom, next, group, salt, cache, n, listener);
                        if (stopped != null) {
                            return stopped;
                        }
                        chunk = next;
                        at = after(epoch, next, n);
                    }
                }
                at = new Position(new TrainingProgress(epoch + 1, 0, n.tokens.get(), n.pairs.get()), 0, 0);
                log.debug("epoch {}: {} tokens, {} pairs; {} partition loads, {} MiB read, {} MiB written so far", epoch + 1,
                        n.tokens.get(), n.pairs.get(), cache.loads(), store.bytesRead() >> 20, store.bytesWritten() >> 20);
                if (n.pairs.get() == 0) {
                    break; // the walks make no pairs: one epoch says so (the runner reports it), a pair budget never ends
                }
            }
            cache.flush();
            return result(at, true, cache, n);
        }
    }

    /** The position after a slice whose walks end before chunk {@code next}: the next slice, or the next epoch. */
    private Position after(int epoch, long next, Counters n) {
        return next < walks.numChunks()
                ? new Position(new TrainingProgress(epoch, 0, n.tokens.get(), n.pairs.get()), next, 0)
                : new Position(new TrainingProgress(epoch + 1, 0, n.tokens.get(), n.pairs.get()), 0, 0);
    }

    /** Tokens and pairs trained, and bytes spilled, over the run. */
    private static final class Counters {
        final AtomicLong tokens, pairs;
        long spilled;

        Counters(long tokens, long pairs) {
            this.tokens = new AtomicLong(tokens);
            this.pairs = new AtomicLong(pairs);
        }
    }

    /**
     * Trains the buckets of one spilled slice of an epoch in the plan's order, from {@code from} (its bucket and
     * segment when resumed). Returns null when the slice is done, or the result of a run that stops here (asked to
     * stop, or the pair budget is spent).
     */
    private Result trainSlice(BucketSpill spill, Position from, long next, int group, long salt, PartitionCache cache,
                              Counters n, Listener listener) throws IOException, InterruptedException {
        int buckets = layout.parts() * layout.parts();
        int epoch = from.progress().epoch();
        BucketOrder plan = plan(epoch, from.sliceStart());
        long firstBucket = from.progress().chunk();
        int bucketIndex = 0; // buckets of the slice before this step's
        List<BucketOrder.Step> steps = plan.steps();
        for (int stepNo = 0; stepNo < steps.size(); stepNo++) {
            BucketOrder.Step st = steps.get(stepNo);
            int stepBuckets = st.buckets().size();
            if (bucketIndex + stepBuckets <= firstBucket) { // done before the resume
                bucketIndex += stepBuckets;
                continue;
            }
            int nextLoad = stepNo + 1 < steps.size() ? steps.get(stepNo + 1).load() : -1;
            cache.step(st.load(), st.evict(), st.resident(), nextLoad);
            for (BucketOrder.Bucket bk : st.buckets()) {
                int step = bucketIndex++;
                if (step < firstBucket) {
                    continue;
                }
                int bucket = bk.in() * layout.parts() + bk.out();
                long skip = step == firstBucket ? from.segmentsDone() : 0;
                RowSlot[] resident = cache.acquire(bk.in(), bk.out());
                long done, bucketStart = System.nanoTime();
                try (BucketSpill.Reader reader = spill.reader(bucket)) {
                    reader.skip(skip);
                    done = skip + trainBucket(reader, resident[0].inRows().withRates(rates(bk.in())),
                            resident[1].outRows().withRates(rates(bk.out())), bucket, group, salt,
                            n.tokens, n.pairs, epoch, step, listener);
                }
                // bench partitions (StageTimes) sums this line's figures
                log.debug("bucket ({}, {}): {} segments in {} ms", bk.in(), bk.out(), done - skip,
                        (System.nanoTime() - bucketStart) / 1_000_000);
                boolean budgetSpent = maxPairs > 0 && n.pairs.get() >= maxPairs;
                if (done < spill.segments(bucket) && !budgetSpent) { // stopped inside the bucket
                    cache.flush();
                    return result(new Position(new TrainingProgress(epoch, step, n.tokens.get(), n.pairs.get()),
                            from.sliceStart(), done), false, cache, n);
                }
                Position at = step + 1 < buckets
                        ? new Position(new TrainingProgress(epoch, step + 1, n.tokens.get(), n.pairs.get()), from.sliceStart(), 0)
                        : after(epoch, next, n); // the slice is done: a resume starts the next one, not this one again
                listener.progress(at.progress(), sampledLoss());
                if (budgetSpent) {
                    cache.flush();
                    return result(at, true, cache, n);
                }
                if (listener.checkpointDue()) {
                    cache.flush();
                    listener.checkpoint(at);
                    store.committed();
                }
            }
        }
        return null;
    }

    private float[] rates(int part) {
        return rowRates == null ? null : rowRates[part];
    }

    private Result result(Position at, boolean completed, PartitionCache cache, Counters n) {
        return new Result(at, completed, cache.loads(), store.bytesRead(), store.bytesWritten(), n.spilled);
    }

    /** A write buffer per bucket: 64 MiB over all buckets, between 4 KiB and 1 MiB each. */
    private int spillBuffer() {
        int buckets = layout.parts() * layout.parts();
        return (int) Math.max(4096, Math.min(1 << 20, (64L << 20) / buckets));
    }

    /**
     * Walks from chunk {@code first} and spills the windows by bucket, in walk order, until the epoch's walks are done
     * or the spill reaches its limit (at a chunk boundary); returns the first chunk not spilled, or -1 when asked to
     * stop.
     */
    private long spill(BucketSpill spill, long salt, long first, long[] windows, Listener listener)
            throws IOException, InterruptedException {
        try (OrderedPipeline<WindowSplitter.Split> p = walks.startPerWorker(first, w -> {
            WindowSplitter splitter = new WindowSplitter(layout, pairs.windows(), salt);
            return splitter::split;
        })) {
            WindowSplitter.Split split;
            while ((split = p.next()) != null) {
                if (listener.stopRequested()) { // a slice's walks can take minutes: Ctrl-C should not wait for them
                    return -1;
                }
                Segment[] segments = split.segments();
                windows[0] += split.windows(); // only the chunks spilled: workers may have cut some beyond the limit
                for (int b = 0; b < segments.length; b++) {
                    if (segments[b] != null) {
                        spill.append(b, segments[b]);
                    }
                }
                if (spill.bytes() >= spillLimit) {
                    break;
                }
            }
            spill.finish();
            return p.delivered(); // the absolute index of the next chunk
        }
    }

    /**
     * Trains a bucket's remaining segments on {@code threads} threads (one: on this thread); returns the segments
     * trained, fewer than remain when stopped.
     */
    private long trainBucket(BucketSpill.Reader reader, FloatRows in, FloatRows out, int bucket, int group, long salt,
                             AtomicLong tokens, AtomicLong pairCount, int epoch, int step, Listener listener)
            throws InterruptedException {
        LongAdder trained = new LongAdder();
        Runnable work = () -> {
            SegmentTrainer segments = new SegmentTrainer(layout, negatives, in.dim(), sg.window(), sg.negatives(), group,
                    salt, lossSum, lossCount);
            long lastReport = System.nanoTime();
            Segment s;
            while (!listener.stopRequested() && !(maxPairs > 0 && pairCount.get() >= maxPairs) && (s = reader.next()) != null) {
                float lr = (float) listener.learningRate(tokens.get(), pairCount.get());
                segments.train(s, in, out, bucket, lr);
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
        return WindowStep.meanLoss(sum, n);
    }
}
