package org.heteroembed.spark;

import org.heteroembed.config.Setting;
import org.heteroembed.config.SettingSection;
import org.heteroembed.config.ValueType;

import java.io.Serializable;
import java.util.Objects;

/**
 * How a job trains on Spark: the master, the mode (the fast engine per partition with a row-delta merge, DL4J
 * parameter averaging, or DL4J gradient sharing over Aeron) and each mode's knobs. The {@code spark} section of a
 * job file (a job with this section runs with {@code hetero-embed spark-train}); settings declared once in
 * {@link #SETTINGS}. Holds no Spark classes, so a job file can be read without Spark on the class path.
 */
public final class SparkConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Training on Spark. */
    public enum Mode {
        /** The fast engine per partition, rows merged between rounds: traffic grows with the rows touched. */
        FAST,
        /** DL4J's ParameterAveragingTrainingMaster. */
        AVERAGING,
        /** DL4J's SharedTrainingMaster: threshold-encoded gradients over Aeron. */
        SHARING,
        /**
         * The tables partitioned across the executors ({@code tables.partitions}): each trains disjoint buckets per
         * round, and no process, the driver included, holds the whole model.
         */
        PARTITIONED
    }

    /** How walks are assigned to training tasks (fast mode). */
    public enum Partitioning {
        /** Walks stay where they were made. */
        HASH,
        /** Walks are regrouped by their start node's label-propagation community: fewer rows shared between tasks. */
        LOCALITY
    }

    public static final Setting<SparkConfig, Builder, String> MASTER = Setting.of("spark", "master", ValueType.STRING,
                    SparkConfig::master, Builder::master)
            .flag("--master").paramLabel("MASTER").defaultValue("local[2]").notIdentity()
            .help("Spark master, used only when spark.master is not set already (spark-submit sets it).");
    public static final Setting<SparkConfig, Builder, Mode> MODE = Setting.of("spark", "mode", ValueType.of(Mode.class),
                    SparkConfig::mode, Builder::mode)
            .flag("--mode").paramLabel("fast|averaging|sharing|partitioned").defaultValue(Mode.FAST)
            .help("Training: the fast engine per partition with a row-delta merge, DL4J parameter averaging, DL4J "
                    + "gradient sharing over Aeron, or the tables partitioned across the executors (with --partitions).");
    public static final Setting<SparkConfig, Builder, Integer> TASKS = Setting.of("spark", "tasks",
                    ValueType.INT, SparkConfig::tasks, Builder::tasks)
            .flag("--tasks").paramLabel("N").optional("Spark's default parallelism").atLeast(1)
            .help("Training tasks per round: the Spark partitions the walks are split into.");
    public static final Setting<SparkConfig, Builder, Integer> ROUNDS = Setting.of("spark", "rounds", ValueType.INT,
                    SparkConfig::rounds, Builder::rounds)
            .flag("--rounds").paramLabel("N").defaultValue(4).atLeast(1)
            .help("Fast mode: merges per epoch (more: fresher rows, more traffic).");
    public static final Setting<SparkConfig, Builder, SparkFastTrainer.Merge> MERGE = Setting.of("spark", "merge",
                    ValueType.of(SparkFastTrainer.Merge.class), SparkConfig::merge, Builder::merge)
            .flag("--merge").paramLabel("sum|average").defaultValue(SparkFastTrainer.Merge.SUM)
            .help("Fast mode: add the tasks' changes of a row, or average them over the tasks that changed it.");
    public static final Setting<SparkConfig, Builder, Partitioning> PARTITIONING = Setting.of("spark", "partitioning",
                    ValueType.of(Partitioning.class), SparkConfig::partitioning, Builder::partitioning)
            .flag("--partitioning").paramLabel("hash|locality").defaultValue(Partitioning.HASH)
            .help("Fast mode: walks stay where they were made (hash), or are regrouped by their start node's "
                    + "label-propagation community (locality: fewer rows shared between tasks).");
    public static final Setting<SparkConfig, Builder, Integer> AVERAGING_FREQUENCY = Setting.of("spark",
                    "averagingFrequency", ValueType.INT, SparkConfig::averagingFrequency, Builder::averagingFrequency)
            .flag("--averaging-frequency").paramLabel("N").defaultValue(5).atLeast(1)
            .help("Averaging: minibatches between parameter averages.");
    public static final Setting<SparkConfig, Builder, Double> THRESHOLD = Setting.of("spark", "threshold",
                    ValueType.DOUBLE, SparkConfig::threshold, Builder::threshold)
            .flag("--threshold").paramLabel("THRESHOLD").defaultValue(1e-3).greaterThan(0)
            .help("Sharing: initial threshold of the encoded updates.");
    public static final Setting<SparkConfig, Builder, Integer> AERON_PORT = Setting.of("spark", "aeronPort",
                    ValueType.INT, SparkConfig::aeronPort, Builder::aeronPort)
            .flag("--aeron-port").paramLabel("PORT").defaultValue(40123).atLeast(1).atMost(65535).notIdentity()
            .help("Sharing: the driver's Aeron UDP port.");
    public static final Setting<SparkConfig, Builder, String> CONTROLLER_ADDRESS = Setting.of("spark",
                    "controllerAddress", ValueType.STRING, SparkConfig::controllerAddress, Builder::controllerAddress)
            .flag("--controller-address").paramLabel("IP").optional("spark.driver.host if set, else this host's address")
            .notIdentity().help("Sharing: the driver's address as executors reach it.");
    public static final Setting<SparkConfig, Builder, String> NETWORK_MASK = Setting.of("spark", "networkMask",
                    ValueType.STRING, SparkConfig::networkMask, Builder::networkMask)
            .flag("--network-mask").paramLabel("CIDR").optional("127.0.0.0/8 for a loopback controller, else its a.b.0.0/16")
            .notIdentity().help("Sharing: the network of the executors' addresses.");
    public static final Setting<SparkConfig, Builder, Double> STALL_TIMEOUT_MINUTES = Setting.of("spark",
                    "stallTimeoutMinutes", ValueType.DOUBLE, SparkConfig::stallTimeoutMinutes, Builder::stallTimeoutMinutes)
            .flag("--stall-timeout").paramLabel("MINUTES").defaultValue(30.0).greaterThan(0).notIdentity()
            .help("Sharing: fail (or fall back) when an epoch takes longer (DL4J's gradient sharing hangs when an executor dies).");
    public static final Setting<SparkConfig, Builder, Boolean> FALLBACK_TO_AVERAGING = Setting.of("spark",
                    "fallbackToAveraging", ValueType.BOOLEAN, SparkConfig::fallbackToAveraging, Builder::fallbackToAveraging)
            .flag("--fallback-to-averaging").defaultValue(true)
            .help("Sharing: when an epoch stalls or loses an executor, train it again (and the rest) with parameter "
                    + "averaging instead of failing.");
    public static final Setting<SparkConfig, Builder, Boolean> GRAPH_ON_SHARED_STORAGE = Setting.of("spark",
                    "graphOnSharedStorage", ValueType.BOOLEAN, SparkConfig::graphOnSharedStorage,
                    Builder::graphOnSharedStorage)
            .flag("--graph-on-shared-storage").defaultValue(false).notIdentity()
            .help("The snapshot's path is readable on every executor (NFS, or one machine): executors map it in place "
                    + "instead of Spark shipping a copy to each.");

    /** The {@code spark} section of a job. */
    public static final SettingSection<SparkConfig, Builder> SETTINGS = SettingSection.of("spark", Builder::new,
            Builder::build, MASTER, MODE, TASKS, ROUNDS, MERGE, PARTITIONING, AVERAGING_FREQUENCY, THRESHOLD,
            AERON_PORT, CONTROLLER_ADDRESS, NETWORK_MASK, STALL_TIMEOUT_MINUTES, FALLBACK_TO_AVERAGING,
            GRAPH_ON_SHARED_STORAGE);

    private final String master;
    private final Mode mode;
    private final Integer tasks;
    private final int rounds;
    private final SparkFastTrainer.Merge merge;
    private final Partitioning partitioning;
    private final int averagingFrequency;
    private final double threshold;
    private final int aeronPort;
    private final String controllerAddress;
    private final String networkMask;
    private final double stallTimeoutMinutes;
    private final boolean fallbackToAveraging;
    private final boolean graphOnSharedStorage;

    private SparkConfig(Builder b) {
        this.master = b.master;
        this.mode = b.mode;
        this.tasks = b.tasks;
        this.rounds = b.rounds;
        this.merge = b.merge;
        this.partitioning = b.partitioning;
        this.averagingFrequency = b.averagingFrequency;
        this.threshold = b.threshold;
        this.aeronPort = b.aeronPort;
        this.controllerAddress = b.controllerAddress;
        this.networkMask = b.networkMask;
        this.stallTimeoutMinutes = b.stallTimeoutMinutes;
        this.fallbackToAveraging = b.fallbackToAveraging;
        this.graphOnSharedStorage = b.graphOnSharedStorage;
        SETTINGS.check(this);
        if (partitioning == Partitioning.LOCALITY && mode != Mode.FAST) {
            throw PARTITIONING.invalid("locality applies to the fast mode only, not " + ValueType.name(mode));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return SETTINGS.toBuilder(this);
    }

    public String master() {
        return master;
    }

    public Mode mode() {
        return mode;
    }

    /** Partitions of the walks, or null for Spark's default parallelism. */
    public Integer tasks() {
        return tasks;
    }

    public int rounds() {
        return rounds;
    }

    public SparkFastTrainer.Merge merge() {
        return merge;
    }

    public Partitioning partitioning() {
        return partitioning;
    }

    public int averagingFrequency() {
        return averagingFrequency;
    }

    public double threshold() {
        return threshold;
    }

    public int aeronPort() {
        return aeronPort;
    }

    /** The driver's address for gradient sharing, or null for the default. */
    public String controllerAddress() {
        return controllerAddress;
    }

    /** The executors' network for gradient sharing, or null for the default. */
    public String networkMask() {
        return networkMask;
    }

    public double stallTimeoutMinutes() {
        return stallTimeoutMinutes;
    }

    public boolean fallbackToAveraging() {
        return fallbackToAveraging;
    }

    public boolean graphOnSharedStorage() {
        return graphOnSharedStorage;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SparkConfig c && SETTINGS.toTree(this).equals(SETTINGS.toTree(c));
    }

    @Override
    public int hashCode() {
        return Objects.hash(master, mode, tasks, rounds, merge, partitioning);
    }

    @Override
    public String toString() {
        return "SparkConfig" + SETTINGS.toTree(this);
    }

    public static final class Builder {
        private String master;
        private Mode mode;
        private Integer tasks;
        private int rounds;
        private SparkFastTrainer.Merge merge;
        private Partitioning partitioning;
        private int averagingFrequency;
        private double threshold;
        private int aeronPort;
        private String controllerAddress;
        private String networkMask;
        private double stallTimeoutMinutes;
        private boolean fallbackToAveraging;
        private boolean graphOnSharedStorage;

        public Builder() {
            SETTINGS.applyDefaults(this);
        }

        public Builder master(String master) {
            this.master = master;
            return this;
        }

        public Builder mode(Mode mode) {
            this.mode = mode;
            return this;
        }

        public Builder tasks(Integer tasks) {
            this.tasks = tasks;
            return this;
        }

        public Builder rounds(int rounds) {
            this.rounds = rounds;
            return this;
        }

        public Builder merge(SparkFastTrainer.Merge merge) {
            this.merge = merge;
            return this;
        }

        public Builder partitioning(Partitioning partitioning) {
            this.partitioning = partitioning;
            return this;
        }

        public Builder averagingFrequency(int batches) {
            this.averagingFrequency = batches;
            return this;
        }

        public Builder threshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        public Builder aeronPort(int port) {
            this.aeronPort = port;
            return this;
        }

        public Builder controllerAddress(String address) {
            this.controllerAddress = address;
            return this;
        }

        public Builder networkMask(String mask) {
            this.networkMask = mask;
            return this;
        }

        public Builder stallTimeoutMinutes(double minutes) {
            this.stallTimeoutMinutes = minutes;
            return this;
        }

        public Builder fallbackToAveraging(boolean fallback) {
            this.fallbackToAveraging = fallback;
            return this;
        }

        public Builder graphOnSharedStorage(boolean shared) {
            this.graphOnSharedStorage = shared;
            return this;
        }

        public SparkConfig build() {
            return new SparkConfig(this);
        }
    }
}
