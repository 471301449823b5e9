package org.heteroembed.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.heteroembed.graph.GraphSnapshot;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
import org.heteroembed.graph.partition.LabelPropagationPartitioner;
import org.heteroembed.graph.partition.NodePartition;
import org.heteroembed.inference.HeteroModelFile;
import org.heteroembed.inference.NodeIdTables;
import org.heteroembed.nn.HeteroEmbeddingModels;
import org.heteroembed.sampling.SkipGramConfig;
import org.heteroembed.spark.GraphSource;
import org.heteroembed.spark.RoundStats;
import org.heteroembed.spark.SparkFastTrainer;
import org.heteroembed.spark.SparkSkipGramTrainer;
import org.heteroembed.spark.SparkTrainingMasters;
import org.heteroembed.spark.SparkWalks;
import org.heteroembed.spark.WalkBlock;
import org.heteroembed.walk.WalkConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code hetero-embed spark-train}: walks and skip-gram training on Spark ({@code org.heteroembed.spark}), writing
 * the same model file as {@code train}. Runs in local mode from the launcher, or on a cluster under
 * {@code spark-submit} (which sets {@code spark.master}).
 */
@Command(name = "spark-train", mixinStandardHelpOptions = true,
        description = {"Train node embeddings on Spark and write the model file.",
                "Modes: 'fast' = the fast engine per partition with a row-delta merge (traffic grows with the rows "
                        + "touched); 'averaging' = DL4J parameter averaging; 'sharing' = DL4J gradient sharing over Aeron.",
                "Without INPUT it trains on a generated demo graph (planted user-article-topic communities). Executors "
                        + "read the graph as a snapshot file: a snapshot INPUT is used as is, any other input is "
                        + "snapshotted to MODEL.graph first."})
final class SparkTrainCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(SparkTrainCommand.class);

    @Mixin
    GraphInputOptions input;

    @Mixin
    WalkOptions walk;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "MODEL", description = "Model file to write.")
    Path out;

    @Option(names = "--overwrite", description = "Replace an existing --out instead of refusing.")
    boolean overwrite;

    @Option(names = "--demo-edges", defaultValue = "200000", description = "Size of the generated graph when no INPUT is given. Default: ${DEFAULT-VALUE}.")
    long demoEdges;

    @Option(names = "--graph-on-shared-storage",
            description = "The snapshot's path is readable on every executor (NFS, or one machine): executors map it in "
                    + "place instead of Spark shipping a copy to each.")
    boolean graphOnSharedStorage;

    // ---------------------------------------------------------------- Spark

    @Option(names = "--master", defaultValue = "local[2]",
            description = "Spark master, used only when spark.master is not set already (spark-submit sets it). Default: ${DEFAULT-VALUE}.")
    String master;

    @Option(names = "--partitions", paramLabel = "N", description = "Partitions of the walks (one training task each). Default: Spark's default parallelism.")
    Integer partitions;

    @Option(names = "--mode", defaultValue = "fast", paramLabel = "fast|averaging|sharing",
            description = "Training: fast engine with row-delta merge, DL4J parameter averaging, or DL4J gradient sharing. Default: ${DEFAULT-VALUE}.")
    String mode;

    // ---------------------------------------------------------------- model and skip-gram

    @Mixin
    SkipGramOptions skipGram;

    @Option(names = "--learning-rate",
            description = "Learning rate. Default: 0.025 decaying linearly (fast), 0.01 with Adam (averaging, sharing).")
    Double learningRate;

    // ---------------------------------------------------------------- fast mode

    @Option(names = "--rounds", defaultValue = "4", description = "Fast mode: merges per epoch (more: fresher rows, more traffic). Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--merge", defaultValue = "sum", paramLabel = "sum|average",
            description = "Fast mode: add the tasks' changes of a row, or average them over the tasks that changed it. Default: ${DEFAULT-VALUE}.")
    String merge;

    @Option(names = "--partitioning", defaultValue = "hash", paramLabel = "hash|locality",
            description = "Fast mode: walks stay where they were made (hash), or are regrouped by their start node's "
                    + "label-propagation community (locality: fewer rows shared between tasks). Default: ${DEFAULT-VALUE}.")
    String partitioning;

    // ---------------------------------------------------------------- DL4J modes

    @Option(names = "--batch-size", defaultValue = "512", description = "Averaging, sharing: pairs per minibatch. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--averaging-frequency", defaultValue = "5", description = "Averaging: minibatches between parameter averages. Default: ${DEFAULT-VALUE}.")
    int averagingFrequency;

    @Option(names = "--threshold", defaultValue = "1e-3", description = "Sharing: initial threshold of the encoded updates. Default: ${DEFAULT-VALUE}.")
    double threshold;

    @Option(names = "--aeron-port", defaultValue = "40123", description = "Sharing: the driver's Aeron UDP port. Default: ${DEFAULT-VALUE}.")
    int aeronPort;

    @Option(names = "--controller-address", paramLabel = "IP",
            description = "Sharing: the driver's address as executors reach it. Default: spark.driver.host if set, else this host's address.")
    String controllerAddress;

    @Option(names = "--network-mask", paramLabel = "CIDR",
            description = "Sharing: the network of the executors' addresses. Default: 127.0.0.0/8 for a loopback controller, else its a.b.0.0/16.")
    String networkMask;

    @Option(names = "--stall-timeout", defaultValue = "30", paramLabel = "MINUTES",
            description = "Sharing: fail when an epoch takes longer (DL4J's gradient sharing hangs when an executor dies). Default: ${DEFAULT-VALUE}.")
    double stallTimeoutMinutes;

    @Option(names = "--fallback-to-averaging", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Sharing: when an epoch stalls or loses an executor, train it again (and the rest) with parameter "
                    + "averaging instead of failing. Default: ${DEFAULT-VALUE}.")
    boolean fallbackToAveraging;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private enum Mode {FAST, AVERAGING, SHARING}

    @Override
    public Integer call() throws Exception {
        PrintWriter pw = spec.commandLine().getOut();
        Mode m = choice("--mode", mode, Mode.class);
        SparkFastTrainer.Merge mergeMode = choice("--merge", merge, SparkFastTrainer.Merge.class);
        boolean locality = "locality".equals(partitioning);
        if (!locality && !"hash".equals(partitioning)) {
            throw new IllegalArgumentException("--partitioning: '" + partitioning + "' is not one of hash, locality");
        }
        if (partitions != null && partitions < 1) {
            throw new IllegalArgumentException("--partitions must be >= 1, got " + partitions);
        }
        if (skipGram.dimension < 1 || skipGram.epochs < 1 || rounds < 1 || batchSize < 1 || averagingFrequency < 1 || demoEdges < 1) {
            throw new IllegalArgumentException("--dimension, --epochs, --rounds, --batch-size, --averaging-frequency and "
                    + "--demo-edges must be >= 1");
        }
        if (learningRate != null && !(learningRate > 0)) {
            throw new IllegalArgumentException("--learning-rate must be > 0, got " + learningRate);
        }
        if (!(threshold > 0) || !(stallTimeoutMinutes > 0) || aeronPort < 1 || aeronPort > 65535) {
            throw new IllegalArgumentException("--threshold and --stall-timeout must be > 0, --aeron-port in 1..65535");
        }
        if (locality && m != Mode.FAST) {
            throw new IllegalArgumentException("--partitioning locality applies to --mode fast only");
        }
        if (Files.exists(out) && !overwrite) {
            throw new IllegalArgumentException(out + " exists: --overwrite replaces it");
        }
        SkipGramConfig sg = skipGram.config(walk.seed);
        WalkConfig walkConfig = walk.config();

        // Spark first (seconds), so that a bad --master fails before a large graph is loaded.
        JavaSparkContext sc;
        try {
            sc = new JavaSparkContext(sparkConf(m));
        } catch (Exception e) { // SparkException is checked (Scala declares nothing)
            if (String.valueOf(e.getMessage()).contains("Master URL")) {
                throw new IllegalArgumentException("--master: " + e.getMessage(), e);
            }
            throw e;
        }
        try {
            Path snapshot = snapshot(pw);
            return train(pw, sc, m, mergeMode, locality, snapshot, walkConfig, sg);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (SparkSkipGramTrainer.TrainingStalledException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            spec.commandLine().getErr().println("nothing was saved to " + out + "; rerun, e.g. with --mode averaging or a longer --stall-timeout");
            return 1;
        } finally {
            sc.stop();
        }
    }

    /** The snapshot executors read: INPUT when it is one, else the loaded (or generated) graph saved as MODEL.graph. */
    private Path snapshot(PrintWriter pw) throws IOException {
        if (input.input != null && GraphSnapshot.isSnapshot(input.input)) {
            return input.input;
        }
        HeteroGraph graph;
        if (input.input == null) {
            graph = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(demoEdges, 42)).graph();
            pw.printf("no INPUT: training on a generated demo graph, %s%n", graph);
        } else {
            graph = input.load();
        }
        Path snapshot = out.resolveSibling(out.getFileName() + ".graph");
        GraphSnapshot.save(graph, snapshot); // through a temporary file and a rename (AtomicFiles)
        pw.printf("graph snapshot for the executors: %s (%,d bytes)%n", snapshot, Files.size(snapshot));
        pw.flush();
        return snapshot;
    }

    private SparkConf sparkConf(Mode m) {
        SparkConf conf = new SparkConf(); // picks up spark.* system properties, e.g. those spark-submit sets
        if (!conf.contains("spark.master")) {
            conf.setMaster(master);
        } else if (spec.commandLine().getParseResult().hasMatchedOption("--master") && !conf.get("spark.master").equals(master)) {
            log.warn("--master {} ignored: spark.master is already {}", master, conf.get("spark.master"));
        }
        conf.setIfMissing("spark.app.name", "hetero-embed spark-train");
        if (conf.get("spark.master").startsWith("local")) {
            // Local mode (and local-cluster) stays on this machine: loopback avoids host-name resolution problems.
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        } else if (m == Mode.SHARING && !conf.get("spark.executor.extraJavaOptions", "").contains("aeron.publication.unblock.timeout")) {
            String flags = (conf.get("spark.executor.extraJavaOptions", "") + " " + SparkTrainingMasters.aeronJvmFlags("aeron")).trim();
            conf.set("spark.executor.extraJavaOptions", flags);
            log.info("added the Aeron flags to spark.executor.extraJavaOptions: {}", flags);
        }
        conf.set("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
        // DL4J's masters return each worker's whole parameters and updater state as one task result (Kryo's
        // default 64m buffer fails from ~100k nodes at d=64 with Adam); 2047m is Kryo's ceiling.
        conf.setIfMissing("spark.kryoserializer.buffer.max", "2047m");
        conf.setIfMissing("spark.driver.maxResultSize", "0");
        String registrator = "org.nd4j.kryo.Nd4jRegistrator"; // ND4J arrays (DL4J's networks, broadcast to executors)
        String registrators = conf.get("spark.kryo.registrator", "");
        if (!registrators.contains(registrator)) {
            conf.set("spark.kryo.registrator", registrators.isEmpty() ? registrator : registrators + "," + registrator);
        }
        return conf;
    }

    private int train(PrintWriter pw, JavaSparkContext sc, Mode m, SparkFastTrainer.Merge mergeMode, boolean locality,
                      Path snapshot, WalkConfig walkConfig, SkipGramConfig sg) throws IOException {
        GraphSource source = graphOnSharedStorage ? GraphSource.sharedFile(snapshot) : GraphSource.shipped(sc, snapshot);
        HeteroGraph graph = source.graph(); // the driver maps the same snapshot
        int parts = partitions != null ? partitions : sc.defaultParallelism();
        pw.printf("Spark %s, master %s, %d partitions, mode %s; graph %s (%s)%n", sc.version(), sc.master(), parts,
                m.name().toLowerCase(Locale.ROOT), graph, source);
        pw.flush();

        long t0 = System.nanoTime();
        JavaRDD<WalkBlock> walks = SparkWalks.generate(sc, source, walkConfig, parts);
        NodePartition ownership = null;
        if (locality) {
            ownership = LabelPropagationPartitioner.builder().parts(parts).seed(walk.seed).build().partition(graph);
            walks = SparkWalks.byStartPart(walks, ownership, walkConfig.chunkSize());
        }
        walks = walks.persist(StorageLevel.MEMORY_AND_DISK_SER());
        long[] counts = SparkWalks.countNodes(walks, graph.numNodes());
        long tokens = 0;
        for (long c : counts) {
            tokens += c;
        }
        pw.printf("walks: %,d tokens on the executors in %.1f s%n", tokens, (System.nanoTime() - t0) / 1e9);
        pw.flush();

        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        double lr = learningRate != null ? learningRate : (m == Mode.FAST ? 0.025 : 0.01);
        IUpdater updater = m == Mode.FAST ? new Sgd(lr) : new Adam(lr);
        ComputationGraph net = new ComputationGraph(HeteroEmbeddingModels.skipGram(graph, skipGram.dimension, skipGram.negatives, updater,
                walk.seed, DataType.FLOAT));
        net.init();

        long pairs;
        double seconds;
        String details = null;
        if (m == Mode.FAST) {
            SparkFastTrainer.Result r = SparkFastTrainer.builder().epochs(skipGram.epochs).roundsPerEpoch(rounds).learningRate(lr)
                    .minLearningRate(lr * 1e-4).merge(mergeMode).build()
                    .fit(sc, net, source, walks, sg, counts, ownership);
            pairs = r.pairs();
            seconds = r.seconds();
            long[] bytes = r.rounds().stream().mapToLong(RoundStats::bytesExchanged).sorted().toArray();
            long median = bytes.length == 0 ? 0 : bytes[bytes.length / 2];
            details = String.format("%s partitioning, %s merge: median %,d bytes exchanged per round (%d rounds, %,d bytes in all); "
                            + "%.1f%% of token row updates and %.1f%% of changed rows on rows another partition owns",
                    locality ? "locality" : "hash", mergeMode.name().toLowerCase(Locale.ROOT), median, bytes.length,
                    r.bytesExchanged(), 100 * r.crossPartitionFraction(), 100 * r.foreignRowFraction());
        } else {
            TrainingMaster<?, ?> trainingMaster;
            Duration stall = null;
            if (m == Mode.AVERAGING) {
                trainingMaster = SparkTrainingMasters.parameterAveraging(parts, batchSize, averagingFrequency);
            } else {
                String controller = controllerAddress != null ? controllerAddress : defaultControllerAddress(sc.getConf());
                String mask = networkMask != null ? networkMask : defaultNetworkMask(controller);
                pw.printf("gradient sharing: controller %s:%d (UDP), network %s, stall timeout %s min%n", controller, aeronPort,
                        mask, stallTimeoutMinutes);
                pw.flush();
                trainingMaster = SparkTrainingMasters.sharedGradients(parts, batchSize, threshold, controller, mask, aeronPort);
                stall = Duration.ofMillis((long) (stallTimeoutMinutes * 60_000));
            }
            var fallback = m == Mode.SHARING && fallbackToAveraging
                    ? SparkTrainingMasters.parameterAveraging(parts, batchSize, averagingFrequency) : null;
            SparkSkipGramTrainer.Result r = SparkSkipGramTrainer.fit(sc, net, trainingMaster, source, walks, sg, counts, batchSize,
                    skipGram.epochs, stall, java.util.List.of(), fallback);
            if (r.fallbackEpochs() > 0) {
                pw.printf("%d epoch(s) stalled or lost an executor and were trained again with parameter averaging%n", r.fallbackEpochs());
            }
            net = r.network();
            pairs = r.pairs();
            seconds = r.seconds();
        }
        walks.unpersist();

        HeteroModelFile.save(net, NodeIdTables.of(graph), out); // a temporary sibling renamed over --out
        pw.printf("trained %s on Spark (%s): %,d pairs in %.1f s (%,.0f pairs/s)%n", out, m.name().toLowerCase(Locale.ROOT),
                pairs, seconds, pairs / Math.max(seconds, 1e-9));
        if (details != null) {
            pw.printf("   %s%n", details);
        }
        pw.flush();
        return 0;
    }

    /** {@code spark.driver.host} when set, else this host's address. */
    static String defaultControllerAddress(SparkConf conf) throws UnknownHostException {
        if (conf.contains("spark.driver.host")) {
            return InetAddress.getByName(conf.get("spark.driver.host")).getHostAddress();
        }
        return InetAddress.getLocalHost().getHostAddress();
    }

    /** 127.0.0.0/8 for a loopback controller, else the /16 network of its IPv4 address. */
    static String defaultNetworkMask(String controller) throws UnknownHostException {
        InetAddress a = InetAddress.getByName(controller);
        if (a.isLoopbackAddress()) {
            return "127.0.0.0/8";
        }
        byte[] b = a.getAddress();
        if (b.length != 4) {
            throw new IllegalArgumentException("--network-mask is needed for the IPv6 controller address " + controller);
        }
        return (b[0] & 0xff) + "." + (b[1] & 0xff) + ".0.0/16";
    }

    private static <E extends Enum<E>> E choice(String option, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            StringBuilder names = new StringBuilder();
            for (E c : type.getEnumConstants()) {
                names.append(names.length() == 0 ? "" : ", ").append(c.name().toLowerCase(Locale.ROOT));
            }
            throw new IllegalArgumentException(option + ": '" + value + "' is not one of " + names);
        }
    }
}
