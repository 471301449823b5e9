package org.heteroembed.job;

import org.heteroembed.config.Setting;
import org.heteroembed.config.SettingSection;
import org.heteroembed.config.ValueType;

import java.io.Serializable;
import java.util.Objects;

/**
 * How a job trains: the engine, the update rule and its learning rate schedule, how long (epochs, or a budget of
 * pairs or seconds), threads, seed and checkpoint interval. The {@code training} section of a job file; settings
 * declared once in {@link #SETTINGS}. Immutable.
 *
 * <p>The learning rate means the same thing for every engine: with {@code sgd} it is word2vec's step per
 * (center, context) pair (0.025), whatever the batch size (the batched engines scale it by their batch, since DL4J
 * averages gradients over a minibatch); with {@code adam} and {@code adagrad} it is the updater's rate.
 */
public final class TrainingConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The engines behind the job runner. */
    public enum Engine {
        /** Hogwild SIMD skip-gram windows on in-memory tables (CPU): the fastest. */
        FAST,
        /** {@code HeteroTrainer}: batches of DL4J MultiDataSets, updates of the touched rows only (CPU or CUDA). */
        SPARSE,
        /**
         * DL4J's own {@code ComputationGraph.fit()} on batches from the DataVec path (SkipGramRecordReader, then
         * RecordReaderMultiDataSetIterator): runs unchanged on any ND4J backend, CUDA included.
         */
        FIT
    }

    /** Where a warm start's walks start. */
    public enum WalksFrom {
        /** Every node of the start types, as without a warm start. */
        ALL,
        /** Only the nodes the old model does not have. */
        NEW,
        /** The new nodes and their neighbours (the old nodes whose neighbourhood gained a new node). */
        CHANGED
    }

    /** Update rules. */
    public enum Updater {
        SGD, ADAM, ADAGRAD
    }

    /** Learning-rate schedules. */
    public enum Decay {
        /** From the rate down to minLearningRateRatio x the rate over the planned pairs (word2vec). */
        LINEAR,
        /** The rate throughout. */
        CONSTANT
    }

    public static final Setting<TrainingConfig, Builder, Engine> ENGINE = Setting.of("training", "engine",
                    ValueType.of(Engine.class), TrainingConfig::engine, Builder::engine)
            .flag("--engine").paramLabel("fast|sparse|fit").optional("fast; fit when ND4J's backend is CUDA")
            .help("Training engine: fast (multi-threaded SIMD, CPU), sparse (HeteroTrainer), fit (DL4J's fit on the "
                    + "DataVec readers; any backend, CUDA included).");
    public static final Setting<TrainingConfig, Builder, Updater> UPDATER = Setting.of("training", "updater",
                    ValueType.of(Updater.class), TrainingConfig::updater, Builder::updater)
            .flag("--updater").paramLabel("sgd|adam|adagrad").optional("sgd for fast and sparse, adam for fit")
            .help("Update rule: fast takes sgd; sparse sgd or adagrad; fit any.");
    public static final Setting<TrainingConfig, Builder, Double> LEARNING_RATE = Setting.of("training", "learningRate",
                    ValueType.DOUBLE, TrainingConfig::learningRate, (Builder b, Double v) -> b.learningRate(v))
            .flag("--learning-rate").paramLabel("RATE").optional("0.025 for sgd, 0.01 for adam, 0.3 for adagrad").greaterThan(0)
            .atMost(10).help("Initial learning rate (sgd: the step per pair, as word2vec's alpha).");
    public static final Setting<TrainingConfig, Builder, Decay> DECAY = Setting.of("training", "decay",
                    ValueType.of(Decay.class), TrainingConfig::decay, Builder::decay)
            .flag("--decay").paramLabel("linear|constant").defaultValue(Decay.LINEAR)
            .help("Learning-rate schedule: linear decay over the planned pairs (word2vec), or constant.");
    public static final Setting<TrainingConfig, Builder, Double> MIN_LEARNING_RATE_RATIO = Setting.of("training",
                    "minLearningRateRatio", ValueType.DOUBLE, TrainingConfig::minLearningRateRatio,
                    Builder::minLearningRateRatio)
            .flag("--min-learning-rate-ratio").paramLabel("RATIO").defaultValue(1e-4).atLeast(0).atMost(1)
            .help("Linear decay stops at this fraction of the learning rate (word2vec: 1e-4).");
    public static final Setting<TrainingConfig, Builder, Integer> EPOCHS = Setting.of("training", "epochs", ValueType.INT,
                    TrainingConfig::epochs, Builder::epochs)
            .flag("--epochs").paramLabel("N").defaultValue(1).atLeast(1).help("Passes over the walks.");
    public static final Setting<TrainingConfig, Builder, Long> MAX_PAIRS = Setting.of("training", "maxPairs",
                    ValueType.LONG, TrainingConfig::maxPairs, Builder::maxPairs)
            .flag("--max-pairs").paramLabel("N").defaultValue(0L).atLeast(0)
            .help("Budget in (center, context) pairs instead of epochs: passes over the walks until this many are "
                    + "trained; 0: use epochs.");
    public static final Setting<TrainingConfig, Builder, Double> MAX_SECONDS = Setting.of("training", "maxSeconds",
                    ValueType.DOUBLE, TrainingConfig::maxSeconds, Builder::maxSeconds)
            .flag("--max-seconds").paramLabel("SECONDS").defaultValue(0.0).atLeast(0).notIdentity()
            .help("Time budget: stop (and save) after this many seconds of training; 0: none.");
    public static final Setting<TrainingConfig, Builder, Integer> BATCH_SIZE = Setting.of("training", "batchSize",
                    ValueType.INT, TrainingConfig::batchSize, Builder::batchSize)
            .flag("--batch-size").paramLabel("N").defaultValue(1024).atLeast(1).help("Pairs per minibatch (sparse and fit engines).");
    public static final Setting<TrainingConfig, Builder, Integer> THREADS = Setting.of("training", "threads",
                    ValueType.INT, TrainingConfig::threads, Builder::threads)
            .flag("--threads").paramLabel("N").optional("all cores").atLeast(1).notIdentity()
            .help("Walker (and, with the fast engine, trainer) threads; the walks do not depend on it.");
    public static final Setting<TrainingConfig, Builder, Long> SEED = Setting.of("training", "seed", ValueType.LONG,
                    TrainingConfig::seed, Builder::seed)
            .flag("--seed").paramLabel("SEED").defaultValue(42L)
            .help("Seed of the walks, negatives, initial vectors and held-out split: the same seed, the same run.");
    public static final Setting<TrainingConfig, Builder, Double> CHECKPOINT_MINUTES = Setting.of("training",
                    "checkpointMinutes", ValueType.DOUBLE, TrainingConfig::checkpointMinutes, Builder::checkpointMinutes)
            .flag("--checkpoint-minutes").paramLabel("MINUTES").defaultValue(10.0).atLeast(0).notIdentity()
            .help("Minutes between checkpoints (0: only at the end).");

    public static final Setting<TrainingConfig, Builder, String> INIT_FROM = Setting.of("training", "initFrom",
                    ValueType.STRING, TrainingConfig::initFrom, Builder::initFrom)
            .flag("--init-from").paramLabel("MODEL").optional("fresh rows for every node")
            .help("Warm start from a trained model (file or partitioned directory): nodes it has (same type and id) "
                    + "start from its vectors, the others from fresh rows.");
    public static final Setting<TrainingConfig, Builder, Double> EXISTING_RATE = Setting.of("training", "existingRate",
                    ValueType.DOUBLE, TrainingConfig::existingRate, Builder::existingRate)
            .flag("--existing-rate").paramLabel("FRACTION").defaultValue(1.0).atLeast(0).atMost(1)
            .help("With --init-from: the learning rate of the nodes the model has, as a fraction of the job's (new "
                    + "nodes train at the full rate; 0 freezes the old ones). Fast engine only.");
    public static final Setting<TrainingConfig, Builder, Boolean> FREEZE_EXISTING = Setting.of("training",
                    "freezeExisting", ValueType.BOOLEAN, TrainingConfig::freezeExisting, Builder::freezeExisting)
            .flag("--freeze-existing").defaultValue(false)
            .help("With --init-from: keep the vectors of the nodes the model has as they are and train only the new "
                    + "nodes (the same as --existing-rate 0).");

    public static final Setting<TrainingConfig, Builder, WalksFrom> WALKS_FROM = Setting.of("training", "walksFrom",
                    ValueType.of(WalksFrom.class), TrainingConfig::walksFrom, Builder::walksFrom)
            .flag("--walks-from").paramLabel("all|new|changed").defaultValue(WalksFrom.ALL)
            .help("With --init-from: start walks at every node, only at the new ones, or at the new ones and their "
                    + "neighbours, so that an update costs in proportion to the change.");

    /** The {@code training} section of a job. */
    public static final SettingSection<TrainingConfig, Builder> SETTINGS = SettingSection.of("training", Builder::new,
            Builder::build, ENGINE, UPDATER, LEARNING_RATE, DECAY, MIN_LEARNING_RATE_RATIO, EPOCHS, MAX_PAIRS,
            MAX_SECONDS, BATCH_SIZE, THREADS, SEED, CHECKPOINT_MINUTES, INIT_FROM, EXISTING_RATE, FREEZE_EXISTING, WALKS_FROM);

    private final Engine engine;
    private final Updater updater;
    private final Double learningRate;
    private final Decay decay;
    private final double minLearningRateRatio;
    private final int epochs;
    private final long maxPairs;
    private final double maxSeconds;
    private final int batchSize;
    private final Integer threads;
    private final long seed;
    private final double checkpointMinutes;
    private final String initFrom;
    private final double existingRate;
    private final boolean freezeExisting;
    private final WalksFrom walksFrom;

    private TrainingConfig(Builder b) {
        this.engine = b.engine;
        this.updater = b.updater;
        this.learningRate = b.learningRate;
        this.decay = b.decay;
        this.minLearningRateRatio = b.minLearningRateRatio;
        this.epochs = b.epochs;
        this.maxPairs = b.maxPairs;
        this.maxSeconds = b.maxSeconds;
        this.batchSize = b.batchSize;
        this.threads = b.threads;
        this.seed = b.seed;
        this.checkpointMinutes = b.checkpointMinutes;
        this.initFrom = b.initFrom;
        this.existingRate = b.existingRate;
        this.freezeExisting = b.freezeExisting;
        this.walksFrom = b.walksFrom;
        SETTINGS.check(this);
        if (initFrom == null && (freezeExisting || existingRate != 1 || walksFrom != WalksFrom.ALL)) {
            throw (freezeExisting ? FREEZE_EXISTING : existingRate != 1 ? EXISTING_RATE : WALKS_FROM)
                    .invalid("applies to a warm start: give --init-from MODEL");
        }
        if (freezeExisting && existingRate != 1) {
            throw EXISTING_RATE.invalid("cannot be combined with --freeze-existing (which is --existing-rate 0), got "
                    + existingRate);
        }
        if (oldRowRate() != 1 && engine != null && engine != Engine.FAST) {
            throw EXISTING_RATE.invalid("needs the fast engine (it trains rows at their own rates), got the "
                    + ValueType.name(engine) + " engine" + (freezeExisting ? " (--freeze-existing)" : ""));
        }
        if (engine == Engine.FAST && updater != null && updater != Updater.SGD) {
            throw UPDATER.invalid("must be sgd for the fast engine (sparse takes sgd or adagrad, fit any), got "
                    + ValueType.name(updater));
        }
        if (engine == Engine.SPARSE && updater == Updater.ADAM) {
            throw UPDATER.invalid("must be sgd or adagrad for the sparse engine (fit takes adam), got adam");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return SETTINGS.toBuilder(this);
    }

    /**
     * This config with its automatic values decided: the engine (fast, or fit on a CUDA backend), the updater
     * and the learning rate.
     */
    public TrainingConfig resolved(boolean cudaBackend) {
        Engine e = engine != null ? engine : cudaBackend ? Engine.FIT : Engine.FAST;
        Updater u = updater != null ? updater : e == Engine.FIT ? Updater.ADAM : Updater.SGD;
        double lr = learningRate != null ? learningRate : switch (u) {
            case SGD -> 0.025;
            case ADAM -> 0.01;
            case ADAGRAD -> 0.3;
        };
        return toBuilder().engine(e).updater(u).learningRate(lr).build();
    }

    /** The engine, or null before {@link #resolved} (automatic). */
    public Engine engine() {
        return engine;
    }

    /** The update rule, or null before {@link #resolved} (automatic). */
    public Updater updater() {
        return updater;
    }

    /** The initial learning rate, or null before {@link #resolved} (automatic). */
    public Double learningRate() {
        return learningRate;
    }

    public Decay decay() {
        return decay;
    }

    public double minLearningRateRatio() {
        return minLearningRateRatio;
    }

    /** The rate linear decay stops at: the learning rate x {@link #minLearningRateRatio}. */
    public double minLearningRate() {
        return learningRate * minLearningRateRatio;
    }

    /** The learning rate after {@code fraction} (0..1) of the planned pairs under the schedule. */
    public double learningRateAt(double fraction) {
        if (decay == Decay.CONSTANT) {
            return learningRate;
        }
        return Math.max(minLearningRate(), learningRate * (1 - Math.min(1, Math.max(0, fraction))));
    }

    /** The model a warm start begins from, or null. */
    public String initFrom() {
        return initFrom;
    }

    /** With a warm start: the learning rate of the old nodes' rows as a fraction of the job's, as given. */
    public double existingRate() {
        return existingRate;
    }

    public boolean freezeExisting() {
        return freezeExisting;
    }

    /** Where a warm start's walks start. */
    public WalksFrom walksFrom() {
        return walksFrom;
    }

    /** The fraction of each update the old nodes' rows take: 0 when frozen, else {@link #existingRate()}. */
    public double oldRowRate() {
        return freezeExisting ? 0 : existingRate;
    }

    public int epochs() {
        return epochs;
    }

    /** The pair budget, or 0 when the run is budgeted in epochs. */
    public long maxPairs() {
        return maxPairs;
    }

    /** The time budget in seconds, 0 for none. */
    public double maxSeconds() {
        return maxSeconds;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Threads, or null for all cores. */
    public Integer threads() {
        return threads;
    }

    /** Threads to use: {@link #threads()}, or the cores of this machine. */
    public int threadCount() {
        return threads != null ? threads : Runtime.getRuntime().availableProcessors();
    }

    public long seed() {
        return seed;
    }

    public double checkpointMinutes() {
        return checkpointMinutes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainingConfig t && SETTINGS.toTree(this).equals(SETTINGS.toTree(t));
    }

    @Override
    public int hashCode() {
        return Objects.hash(engine, updater, learningRate, epochs, maxPairs, seed);
    }

    @Override
    public String toString() {
        return "TrainingConfig" + SETTINGS.toTree(this);
    }

    public static final class Builder {
        private Engine engine;
        private Updater updater;
        private Double learningRate;
        private Decay decay;
        private double minLearningRateRatio;
        private int epochs;
        private long maxPairs;
        private double maxSeconds;
        private int batchSize;
        private Integer threads;
        private long seed;
        private double checkpointMinutes;
        private String initFrom;
        private double existingRate;
        private boolean freezeExisting;
        private WalksFrom walksFrom;

        public Builder() {
            SETTINGS.applyDefaults(this);
        }

        /** The engine; null (default) picks fast, or fit on a CUDA backend. */
        public Builder engine(Engine engine) {
            this.engine = engine;
            return this;
        }

        /** The update rule; null (default) picks sgd for fast and sparse, adam for fit. */
        public Builder updater(Updater updater) {
            this.updater = updater;
            return this;
        }

        /** The initial learning rate; null (default) picks the updater's usual rate. */
        public Builder learningRate(Double rate) {
            this.learningRate = rate;
            return this;
        }

        public Builder learningRate(double rate) {
            return learningRate(Double.valueOf(rate));
        }

        public Builder decay(Decay decay) {
            this.decay = decay;
            return this;
        }

        public Builder minLearningRateRatio(double ratio) {
            this.minLearningRateRatio = ratio;
            return this;
        }

        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder maxPairs(long pairs) {
            this.maxPairs = pairs;
            return this;
        }

        public Builder maxSeconds(double seconds) {
            this.maxSeconds = seconds;
            return this;
        }

        public Builder batchSize(int pairs) {
            this.batchSize = pairs;
            return this;
        }

        /** Threads; null (default) for all cores. */
        public Builder threads(Integer threads) {
            this.threads = threads;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder checkpointMinutes(double minutes) {
            this.checkpointMinutes = minutes;
            return this;
        }

        /** A trained model to warm-start from (null: none). */
        public Builder initFrom(String model) {
            this.initFrom = model;
            return this;
        }

        public Builder existingRate(double fraction) {
            this.existingRate = fraction;
            return this;
        }

        public Builder freezeExisting(boolean freeze) {
            this.freezeExisting = freeze;
            return this;
        }

        public Builder walksFrom(WalksFrom from) {
            this.walksFrom = from;
            return this;
        }

        public TrainingConfig build() {
            return new TrainingConfig(this);
        }
    }
}
