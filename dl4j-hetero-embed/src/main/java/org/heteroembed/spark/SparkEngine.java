package org.heteroembed.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.heteroembed.graph.partition.LabelPropagationPartitioner;
import org.heteroembed.graph.partition.NodePartition;
import org.heteroembed.job.EngineContext;
import org.heteroembed.job.PartitionedEngine;
import org.heteroembed.job.TrainedModel;
import org.heteroembed.spark.partitioned.SparkPartitionedTrainer;
import org.heteroembed.job.TrainingConfig;
import org.heteroembed.job.TrainingEngine;
import org.heteroembed.train.fast.TrainingProgress;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Training on Spark behind the {@code JobRunner}: walks made on the executors ({@link SparkWalks}), then the job's
 * {@code spark.mode}: the fast engine per partition with a row-delta merge ({@link SparkFastTrainer}), or DL4J's
 * parameter averaging or gradient sharing ({@link SparkSkipGramTrainer}). The runner's network is trained in place
 * (DL4J's masters return a new network, whose parameters are copied back). Runs to the end of the job's epochs:
 * Spark runs do not resume from checkpoints or stop early.
 */
public final class SparkEngine implements TrainingEngine, PartitionedEngine {
    private final JavaSparkContext sc;
    private final GraphSource graph;
    private final Consumer<String> log;
    private Report report;

    /** What a Spark run did, for the caller to show. */
    public record Report(String mode, int partitions, long tokens, long pairs, double seconds, int fallbackEpochs,
                         SparkFastTrainer.Result fast, SparkPartitionedTrainer.Result partitioned) {
    }

    /**
     * @param graph the training graph as the executors read it (a snapshot, shipped or on shared storage); the same
     *              graph the runner trains (its node numbering)
     * @param log   receives one-line notes (walk counts, gradient-sharing endpoints, fallbacks)
     */
    public SparkEngine(JavaSparkContext sc, GraphSource graph, Consumer<String> log) {
        this.sc = sc;
        this.graph = graph;
        this.log = log;
    }

    @Override
    public boolean walksLocally() {
        return false;
    }

    /** The last run's report, or null. */
    public Report report() {
        return report;
    }

    @Override
    public Outcome train(EngineContext c) {
        SparkConfig spark = c.job().spark();
        TrainingConfig t = c.training();
        if (spark == null) {
            throw new IllegalArgumentException("the job has no spark section");
        }
        if (!c.start().equals(TrainingProgress.START)) {
            throw new IllegalArgumentException("Spark runs do not resume from a checkpoint");
        }
        if (c.graph().numNodes() != graph.graph().numNodes()) {
            throw new IllegalArgumentException("the executors' graph has " + graph.graph().numNodes()
                    + " nodes, the job's " + c.graph().numNodes());
        }
        int parts = spark.tasks() != null ? spark.tasks() : sc.defaultParallelism();
        long t0 = System.nanoTime();
        log.accept(String.format("walks: generating on the executors in %d tasks...", parts));
        JavaRDD<WalkBlock> walks = SparkWalks.generate(sc, graph, c.job().walks(), parts);
        NodePartition ownership = null;
        if (spark.partitioning() == SparkConfig.Partitioning.LOCALITY) {
            ownership = LabelPropagationPartitioner.builder().parts(parts).seed(t.seed()).build().partition(c.graph());
            walks = SparkWalks.byStartPart(walks, ownership, c.job().walks().chunkSize());
        }
        walks = walks.persist(StorageLevel.MEMORY_AND_DISK_SER());
        try {
            long[] counts = SparkWalks.countNodes(walks, c.graph().numNodes());
            long tokens = 0;
            for (long n : counts) {
                tokens += n;
            }
            log.accept(String.format("walks: %,d tokens on the executors in %.1f s", tokens, (System.nanoTime() - t0) / 1e9));
            c.begin(tokens * t.epochs());
            if (spark.mode() == SparkConfig.Mode.FAST) {
                long[] done = new long[2]; // tokens, pairs after each merged round
                SparkFastTrainer.Result r = SparkFastTrainer.builder().epochs(t.epochs()).roundsPerEpoch(spark.rounds())
                        .learningRate(t.learningRate()).minLearningRate(t.decay() == TrainingConfig.Decay.CONSTANT
                                ? t.learningRate() : t.minLearningRate())
                        .merge(spark.merge()).build()
                        .fit(sc, c.net(), graph, walks, c.job().skipGram(), counts, ownership, round -> {
                            done[0] += round.tokens();
                            done[1] += round.pairs();
                            c.show(new TrainingProgress(round.epoch(), round.round() + 1, done[0], done[1]));
                        });
                report = new Report("fast", parts, r.tokens(), r.pairs(), r.seconds(), 0, r, null);
            } else {
                TrainingMaster<?, ?> master;
                Duration stall = null;
                if (spark.mode() == SparkConfig.Mode.AVERAGING) {
                    master = SparkTrainingMasters.parameterAveraging(parts, t.batchSize(), spark.averagingFrequency());
                } else {
                    String controller = spark.controllerAddress() != null ? spark.controllerAddress()
                            : SparkTrainingMasters.defaultControllerAddress(sc.getConf());
                    String mask = spark.networkMask() != null ? spark.networkMask()
                            : SparkTrainingMasters.defaultNetworkMask(controller);
                    log.accept(String.format("gradient sharing: controller %s:%d (UDP), network %s, stall timeout %s min",
                            controller, spark.aeronPort(), mask, spark.stallTimeoutMinutes()));
                    master = SparkTrainingMasters.sharedGradients(parts, t.batchSize(), spark.threshold(), controller,
                            mask, spark.aeronPort());
                    stall = Duration.ofMillis((long) (spark.stallTimeoutMinutes() * 60_000));
                }
                TrainingMaster<?, ?> fallback = spark.mode() == SparkConfig.Mode.SHARING && spark.fallbackToAveraging()
                        ? SparkTrainingMasters.parameterAveraging(parts, t.batchSize(), spark.averagingFrequency()) : null;
                long epochTokens = tokens;
                SparkSkipGramTrainer.Result r = SparkSkipGramTrainer.fit(sc, c.net(), master, graph, walks,
                        c.job().skipGram(), counts, t.batchSize(), t.epochs(), stall, List.of(), fallback,
                        (epoch, trained, made, trainedInAll) -> c.show(new TrainingProgress(epoch, 0,
                                epoch * epochTokens + (made == 0 ? 0 : (long) (epochTokens * Math.min(1.0, (double) trained / made))),
                                trainedInAll)));
                if (r.fallbackEpochs() > 0) {
                    log.accept(r.fallbackEpochs() + " epoch(s) stalled or lost an executor and were trained again "
                            + "with parameter averaging");
                }
                if (r.network() != c.net()) {
                    c.net().setParams(r.network().params());
                }
                report = new Report(org.heteroembed.config.ValueType.name(spark.mode()), parts, tokens * t.epochs(),
                        r.pairs(), r.seconds(), r.fallbackEpochs(), null, null);
            }
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("--controller-address: " + e.getMessage(), e);
        } finally {
            walks.unpersist();
        }
        TrainingProgress end = new TrainingProgress(t.epochs(), 0, report.tokens(), report.pairs());
        c.progress(end, Double.NaN);
        return new Outcome(end, true);
    }

    /** The executors (tasks per round) of the partitioned mode: {@code spark.tasks}, or Spark's default parallelism. */
    private int executors(SparkConfig spark) {
        return spark.tasks() != null ? spark.tasks() : sc.defaultParallelism();
    }

    @Override
    public void check(org.heteroembed.job.EmbeddingJob job) {
        int executors = executors(job.spark());
        int parts = job.tables().partitions();
        if (parts % executors != 0 || parts > org.heteroembed.train.partitioned.BucketOrder.MAX_PARTITIONS) {
            throw new IllegalArgumentException(String.format("--partitions must be a multiple of the executors "
                    + "training at once (%d: --tasks, or Spark's default parallelism) up to %d, got %d: each executor "
                    + "owns the same number of partitions (e.g. --partitions %d)", executors,
                    org.heteroembed.train.partitioned.BucketOrder.MAX_PARTITIONS, parts,
                    Math.max(executors, (parts + executors - 1) / executors * executors)));
        }
    }

    /**
     * Spark's partitioned mode: walks on the executors, then {@link SparkPartitionedTrainer} with one task per
     * executor per round ({@code spark.tasks}, default Spark's default parallelism).
     */
    @Override
    public PartitionedEngine.Result trainPartitioned(PartitionedEngine.Request request, PartitionedEngine.Listener listener)
            throws java.io.IOException, InterruptedException {
        SparkConfig spark = request.job().spark();
        TrainingConfig t = request.job().training();
        if (request.graph().numNodes() != graph.graph().numNodes()) {
            throw new IllegalArgumentException("the executors' graph has " + graph.graph().numNodes()
                    + " nodes, the job's " + request.graph().numNodes());
        }
        check(request.job());
        int executors = executors(spark);
        long t0 = System.nanoTime();
        log.accept(String.format("walks: generating on the executors in %d tasks...", executors));
        JavaRDD<WalkBlock> walks = SparkWalks.generate(sc, graph, request.job().walks(), executors)
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
        try {
            log.accept(String.format("tables: %d partitions over %d executors", request.job().tables().partitions(),
                    executors));
            org.heteroembed.spark.partitioned.LayoutSpec layout = request.partition() != null
                    ? org.heteroembed.spark.partitioned.LayoutSpec.of(request.partition(), request.graph().typeOffsets())
                    : org.heteroembed.spark.partitioned.LayoutSpec.hash(request.graph().numNodes(),
                    request.job().tables().partitions(), t.seed(), request.graph().typeOffsets());
            SparkPartitionedTrainer.Result r = SparkPartitionedTrainer.builder().executors(executors).epochs(t.epochs())
                    .learningRate(t::learningRateAt).seed(t.seed()).build()
                    .train(sc, walks, layout, request.directory(), request.runId(), request.job().model().dimension(),
                            request.job().skipGram(), listener);
            report = new Report("partitioned", executors, r.end().tokens(), r.end().pairs(), r.seconds(), 0, null, r);
            return new PartitionedEngine.Result(r.partitions(), r.end(), r.completed(),
                    new TrainedModel.TableIo(0, r.bytesRead(), r.bytesWritten(), 0));
        } finally {
            walks.unpersist();
        }
    }
}
