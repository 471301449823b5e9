package org.heteroembed.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.heteroembed.sampling.SkipGramConfig;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The hetero-embedding ComputationGraph trained on Spark by one of DL4J's training masters
 * ({@link SparkTrainingMasters}): skip-gram batches are made on the executors from the walks, every epoch with
 * fresh windows and negatives, and fed to {@link SparkComputationGraph}.
 *
 * <p>DL4J's gradient sharing (SharedTrainingMaster, 1.0.0-M2) never returns when an executor dies mid-epoch: the
 * driver's Aeron transport retries the dead node forever. So each gradient-sharing epoch runs under a stall
 * timeout: when it passes, the Spark jobs are cancelled and either the epoch is trained again with a fallback
 * master (parameter averaging recovers from lost executors through Spark's task retry) or
 * {@link TrainingStalledException} says so, instead of a silent hang. Epochs of other masters have no timeout:
 * they recover through Spark, and a busy cluster may legitimately take long.
 */
public final class SparkSkipGramTrainer {
    private static final Logger log = LoggerFactory.getLogger(SparkSkipGramTrainer.class);

    /** The trained network and the run's throughput. */
    public record Result(ComputationGraph network, int epochs, long pairs, double seconds, int fallbackEpochs) {
        public double pairsPerSecond() {
            return pairs / seconds;
        }
    }

    /**
     * Where a run is, on the driver, every half second while an epoch trains and when it ends. The counts come from
     * Spark's finished tasks: with parameter averaging, at the end of each averaging round.
     */
    public interface Progress {
        /**
         * @param epoch         0-based
         * @param trainedPairs  pairs trained in this epoch (its minibatches, counted by a listener on the workers)
         * @param madePairs     pairs made into this epoch's minibatches so far (DL4J's masters make them all first)
         * @param trainedInAll  pairs trained in every epoch so far
         */
        void progress(int epoch, long trainedPairs, long madePairs, long trainedInAll);
    }

    /** Counts the pairs the workers train (each iteration's minibatch) into an accumulator. */
    static final class PairCounter extends BaseTrainingListener implements java.io.Serializable {
        private final LongAccumulator trained;
        private final int batchSize;

        PairCounter(LongAccumulator trained, int batchSize) {
            this.trained = trained;
            this.batchSize = batchSize;
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            long n;
            try {
                n = model.batchSize();
            } catch (RuntimeException noInputs) { // the network's inputs already cleared: the usual size
                n = batchSize;
            }
            trained.add(n);
        }
    }

    /** An epoch took longer than the stall timeout (see the class comment). */
    public static final class TrainingStalledException extends RuntimeException {
        public TrainingStalledException(String message) {
            super(message);
        }
    }

    private SparkSkipGramTrainer() {
    }

    /**
     * Trains {@code net} for {@code epochs} passes over {@code walks} (persisted by the caller).
     *
     * @param counts       corpus node counts ({@link SparkWalks#countNodes}), for negatives and subsampling
     * @param stallTimeout the longest a gradient-sharing epoch may take; null for none
     */
    public static Result fit(JavaSparkContext sc, ComputationGraph net, TrainingMaster<?, ?> master, GraphSource graph,
                             JavaRDD<WalkBlock> walks, SkipGramConfig sg, long[] counts, int batchSize, int epochs,
                             Duration stallTimeout) {
        return fit(sc, net, master, graph, walks, sg, counts, batchSize, epochs, stallTimeout, List.of());
    }

    /** As above, with DL4J training listeners that run on the workers (serializable). */
    public static Result fit(JavaSparkContext sc, ComputationGraph net, TrainingMaster<?, ?> master, GraphSource graph,
                             JavaRDD<WalkBlock> walks, SkipGramConfig sg, long[] counts, int batchSize, int epochs,
                             Duration stallTimeout, List<TrainingListener> listeners) {
        return fit(sc, net, master, graph, walks, sg, counts, batchSize, epochs, stallTimeout, listeners, null);
    }

    /**
     * As above, with a fallback master (e.g. parameter averaging, which survives lost executors through Spark's
     * task retry) for gradient-sharing epochs that cannot be trusted: one that stalls (cancelled after the stall
     * timeout), and one during which an executor was lost (DL4J 1.0.0-M2 then has also been seen to return a
     * model that had not learned: accuracy at chance after two epochs, where the same run without the loss
     * reached 0.8). Such an epoch is trained again from the model as it was before it, with the fallback master,
     * which also trains the remaining epochs. Keeps one copy of the model per epoch for that. Without a
     * fallback, a lost executor in a gradient-sharing epoch ends the run with an exception.
     */
    public static Result fit(JavaSparkContext sc, ComputationGraph net, TrainingMaster<?, ?> master, GraphSource graph,
                             JavaRDD<WalkBlock> walks, SkipGramConfig sg, long[] counts, int batchSize, int epochs,
                             Duration stallTimeout, List<TrainingListener> listeners, TrainingMaster<?, ?> fallback) {
        return fit(sc, net, master, graph, walks, sg, counts, batchSize, epochs, stallTimeout, listeners, fallback, null);
    }

    /** As above, telling {@code progress} (when not null) where the run is; see {@link Progress}. */
    public static Result fit(JavaSparkContext sc, ComputationGraph net, TrainingMaster<?, ?> master, GraphSource graph,
                             JavaRDD<WalkBlock> walks, SkipGramConfig sg, long[] counts, int batchSize, int epochs,
                             Duration stallTimeout, List<TrainingListener> workerListeners, TrainingMaster<?, ?> fallback,
                             Progress progress) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        Broadcast<long[]> countsB = sc.broadcast(counts);
        LongAccumulator pairs = sc.sc().longAccumulator("skip-gram pairs");
        LongAccumulator trained = sc.sc().longAccumulator("skip-gram pairs trained");
        List<TrainingListener> listeners = workerListeners;
        if (progress != null) {
            listeners = new java.util.ArrayList<>(workerListeners);
            listeners.add(new PairCounter(trained, batchSize));
        }
        SparkComputationGraph[] spark = {new SparkComputationGraph(sc, net, master)};
        if (!listeners.isEmpty()) {
            spark[0].setListeners(listeners);
        }
        int fallbackEpochs = 0;
        java.util.concurrent.atomic.AtomicInteger executorsLost = new java.util.concurrent.atomic.AtomicInteger();
        org.apache.spark.scheduler.SparkListener lossListener = new org.apache.spark.scheduler.SparkListener() {
            @Override
            public void onExecutorRemoved(org.apache.spark.scheduler.SparkListenerExecutorRemoved removed) {
                executorsLost.incrementAndGet();
            }
        };
        sc.sc().addSparkListener(lossListener);
        ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "spark-skipgram-fit");
            t.setDaemon(true); // a stalled DL4J fit must not keep the JVM alive
            return t;
        });
        long t0 = System.nanoTime();
        try {
            for (int e = 0; e < epochs; e++) {
                SkipGramConfig epochConfig = sg.toBuilder().seed(sg.seed() + e).build();
                JavaRDD<MultiDataSet> batches = SparkSkipGramBatches.batches(walks, graph, epochConfig, countsB, batchSize, pairs);
                boolean sharing = SparkTrainingMasters.isGradientSharing(spark[0].getTrainingMaster());
                ComputationGraph before = fallback != null && sharing ? spark[0].getNetwork().clone() : null;
                int lostBefore = executorsLost.get();
                long madeBefore = pairs.value(), trainedBefore = trained.value();
                int epoch = e;
                Runnable report = progress == null ? () -> { } : () -> progress.progress(epoch,
                        trained.value() - trainedBefore, pairs.value() - madeBefore, trained.value());
                Future<?> f = runner.submit(() -> spark[0].fitMultiDataSet(batches));
                try {
                    await(f, stallTimeout != null && sharing ? stallTimeout : null, report);
                    report.run();
                } catch (TimeoutException te) {
                    sc.cancelAllJobs();
                    f.cancel(true);
                    if (before != null) {
                        log.warn("epoch {} stalled for {}; training it again, and the rest, with {}", e + 1, stallTimeout,
                                fallback.getClass().getSimpleName());
                        spark[0] = withMaster(sc, before, fallback, listeners);
                        fallbackEpochs++;
                        e--;
                        continue;
                    }
                    throw new TrainingStalledException("epoch " + (e + 1) + " did not finish within " + stallTimeout
                            + " (with gradient sharing, a lost executor stalls DL4J 1.0.0-M2's Aeron transport); "
                            + "resume from the last saved model, e.g. with parameter averaging");
                } catch (ExecutionException ee) {
                    throw new IllegalStateException("Spark training failed in epoch " + (e + 1) + ": " + ee.getCause(), ee.getCause());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    sc.cancelAllJobs();
                    throw new IllegalStateException("interrupted in epoch " + (e + 1), ie);
                }
                // Settle late removal events before looking (the listener bus is asynchronous).
                try {
                    sc.sc().listenerBus().waitUntilEmpty(10_000);
                } catch (TimeoutException busy) {
                    log.debug("Spark's listener bus is still busy; checking lost executors anyway");
                }
                if (sharing && executorsLost.get() != lostBefore) {
                    if (before == null) {
                        throw new IllegalStateException("an executor was lost during gradient-sharing epoch " + (e + 1)
                                + "; DL4J 1.0.0-M2 may then return a model that has not learned. Rerun, or pass a fallback master");
                    }
                    log.warn("an executor was lost during gradient-sharing epoch {}; training it again, and the rest, with {}",
                            e + 1, fallback.getClass().getSimpleName());
                    spark[0] = withMaster(sc, before, fallback, listeners);
                    fallbackEpochs++;
                    e--;
                    continue;
                }
                log.info("epoch {} of {}: {} pairs so far", e + 1, epochs, pairs.value());
            }
        } finally {
            runner.shutdownNow();
            countsB.unpersist();
            sc.sc().removeSparkListener(lossListener);
        }
        return new Result(spark[0].getNetwork(), epochs, pairs.value(), (System.nanoTime() - t0) / 1e9, fallbackEpochs);
    }

    /**
     * Waits for {@code f}, running {@code tick} every half second meanwhile.
     *
     * @throws TimeoutException when {@code timeout} (null: none) passes first
     */
    private static void await(Future<?> f, Duration timeout, Runnable tick)
            throws InterruptedException, ExecutionException, TimeoutException {
        long start = System.nanoTime();
        while (true) {
            long wait = TimeUnit.MILLISECONDS.toNanos(500);
            if (timeout != null) {
                long left = timeout.toNanos() - (System.nanoTime() - start);
                if (left <= 0) {
                    throw new TimeoutException();
                }
                wait = Math.min(wait, left);
            }
            try {
                f.get(wait, TimeUnit.NANOSECONDS);
                return;
            } catch (TimeoutException notYet) {
                tick.run();
            }
        }
    }

    private static SparkComputationGraph withMaster(JavaSparkContext sc, ComputationGraph net, TrainingMaster<?, ?> master,
                                                    List<TrainingListener> listeners) {
        SparkComputationGraph spark = new SparkComputationGraph(sc, net, master);
        if (!listeners.isEmpty()) {
            spark.setListeners(listeners);
        }
        return spark;
    }
}
