package org.heteroembed.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.heteroembed.config.Setting;
import org.heteroembed.config.ValueType;
import org.heteroembed.graph.GraphSnapshot;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.io.GraphInput;
import org.heteroembed.job.EmbeddingJob;
import org.heteroembed.job.JobRunner;
import org.heteroembed.job.ModelConfig;
import org.heteroembed.job.TablesConfig;
import org.heteroembed.job.TrainedModel;
import org.heteroembed.job.TrainingConfig;
import org.heteroembed.sampling.SkipGramConfig;
import org.heteroembed.spark.GraphSource;
import org.heteroembed.spark.RoundStats;
import org.heteroembed.spark.SparkConfig;
import org.heteroembed.spark.SparkEngine;
import org.heteroembed.spark.SparkFastTrainer;
import org.heteroembed.spark.SparkSkipGramTrainer;
import org.heteroembed.spark.SparkTrainingMasters;
import org.heteroembed.walk.WalkConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code hetero-embed spark-train}: the job on Spark ({@link SparkEngine} behind the {@link JobRunner}), writing the
 * same model file as {@code train}. Runs in local mode from the launcher, or on a cluster under {@code spark-submit}
 * (which sets {@code spark.master}).
 */
@Command(name = "spark-train", mixinStandardHelpOptions = true, sortOptions = false,
        customSynopsis = "hetero-embed spark-train [INPUT] -o MODEL [--config FILE] [--overwrite] [job options]",
        description = {"Train node embeddings on Spark and write the model file.",
                "The job comes from --config FILE and/or the flags below (flags override the file); the spark.* settings "
                        + "say how it runs on Spark.",
                "Modes: 'fast' = the fast engine per partition with a row-delta merge (traffic grows with the rows "
                        + "touched); 'averaging' = DL4J parameter averaging; 'sharing' = DL4J gradient sharing over Aeron; "
                        + "'partitioned' = the tables split into --partitions P partitions spread over the executors (no "
                        + "process holds the model; -o is then a model directory on a path every executor sees).",
                "Without INPUT it trains on a generated demo graph (planted user-article-topic communities). Executors "
                        + "read the graph as a snapshot file: a snapshot INPUT is used as is, any other input is "
                        + "snapshotted to MODEL.graph first."})
final class SparkTrainCommand implements Callable<Integer>, JobCommand {
    private static final Logger log = LoggerFactory.getLogger(SparkTrainCommand.class);

    @picocli.CommandLine.Mixin
    JobRunOptions run;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The settings a Spark run uses (the others keep their defaults; a job file that changes them is refused). */
    @Override
    public List<Setting<?, ?, ?>> jobSettings() {
        List<Setting<?, ?, ?>> s = new ArrayList<>(JobFlags.graphReading());
        s.add(GraphInput.DEMO_EDGES);
        s.addAll(WalkConfig.SETTINGS.settings());
        s.addAll(SkipGramConfig.SETTINGS.settings());
        s.add(ModelConfig.DIMENSION);
        s.addAll(List.of(TrainingConfig.LEARNING_RATE, TrainingConfig.DECAY, TrainingConfig.MIN_LEARNING_RATE_RATIO,
                TrainingConfig.EPOCHS, TrainingConfig.BATCH_SIZE, TrainingConfig.SEED));
        s.addAll(SparkConfig.SETTINGS.settings());
        s.add(TablesConfig.PARTITIONS);
        s.add(TablesConfig.PARTITIONER);
        return s;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter pw = spec.commandLine().getOut();
        EmbeddingJob job = JobFlags.job(spec, run.config).onSpark();
        refuseUnsupported(job);
        if (Files.exists(run.out) && !run.overwrite) {
            throw new IllegalArgumentException(run.out + " exists: --overwrite replaces it");
        }
        SparkConfig spark = job.spark();

        // Spark first (seconds), so that a bad --master fails before a large graph is loaded.
        JavaSparkContext sc;
        try {
            sc = new JavaSparkContext(sparkConf(spark));
        } catch (Exception e) { // SparkException is checked (Scala declares nothing)
            if (String.valueOf(e.getMessage()).contains("Master URL")) {
                throw new IllegalArgumentException("--master: " + e.getMessage(), e);
            }
            throw e;
        }
        try {
            Path snapshot = snapshot(pw, job.graph());
            GraphSource source = spark.graphOnSharedStorage() ? GraphSource.sharedFile(snapshot) : GraphSource.shipped(sc, snapshot);
            HeteroGraph graph = source.graph(); // the driver maps the same snapshot
            pw.printf("Spark %s, master %s, mode %s; graph %s (%s)%n", sc.version(), sc.master(), ValueType.name(spark.mode()),
                    graph, source);
            pw.flush();
            SparkEngine engine = new SparkEngine(sc, source, line -> {
                pw.println(line);
                pw.flush();
            });
            TrainedModel model;
            try (ConsoleRunListener console = new ConsoleRunListener(pw)) {
                model = JobRunner.builder(job).graph(graph).engine(engine).output(run.out).listener(console).build().run();
            } catch (org.heteroembed.config.SettingException e) {
                throw JobFlags.inUserTerms(spec, run.config, e);
            }
            SparkEngine.Report r = engine.report();
            pw.printf("trained %s on Spark (%s, %d tasks per round): %,d pairs in %.1f s (%,.0f pairs/s)%n", run.out, r.mode(),
                    r.partitions(), r.pairs(), r.seconds(), r.pairs() / Math.max(r.seconds(), 1e-9));
            if (r.fast() != null) {
                SparkFastTrainer.Result f = r.fast();
                long[] bytes = f.rounds().stream().mapToLong(RoundStats::bytesExchanged).sorted().toArray();
                long median = bytes.length == 0 ? 0 : bytes[bytes.length / 2];
                pw.printf("   %s partitioning, %s merge: median %,d bytes exchanged per round (%d rounds, %,d bytes in all); "
                                + "%.1f%% of token row updates and %.1f%% of changed rows on rows another partition owns%n",
                        ValueType.name(spark.partitioning()), ValueType.name(spark.merge()), median, bytes.length,
                        f.bytesExchanged(), 100 * f.crossPartitionFraction(), 100 * f.foreignRowFraction());
            }
            if (r.partitioned() != null) {
                org.heteroembed.spark.partitioned.SparkPartitionedTrainer.Result p = r.partitioned();
                int epochs = p.rounds().isEmpty() ? 0 : p.rounds().get(p.rounds().size() - 1).epoch() + 1;
                pw.printf("   %d partitions (%s) over %d executors: %s of rows moved between executors in the last epoch "
                                + "(%s in all), %s read from partition files, %s written; %.1f%% of pairs in diagonal "
                                + "buckets, %.1f%% in the first round of an epoch%n", job.tables().partitions(),
                        ValueType.name(job.tables().partitioner()), r.partitions(),
                        org.heteroembed.config.ByteSize.format(epochs == 0 ? 0 : p.bytesMoved(epochs - 1)),
                        org.heteroembed.config.ByteSize.format(p.rounds().stream().mapToLong(
                                org.heteroembed.spark.partitioned.SparkPartitionedTrainer.Round::bytesMoved).sum()),
                        org.heteroembed.config.ByteSize.format(p.bytesRead()),
                        org.heteroembed.config.ByteSize.format(p.bytesWritten()), 100 * p.diagonalShare(),
                        100 * p.firstRoundShare());
            }
            pw.flush();
            return model.completed() ? 0 : 1;
        } catch (SparkSkipGramTrainer.TrainingStalledException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            spec.commandLine().getErr().println("nothing was saved to " + run.out + "; rerun, e.g. with --mode averaging or a longer --stall-timeout");
            return 1;
        } finally {
            sc.stop();
        }
    }

    /** A job file may set only what a Spark run uses (plus speed settings): anything else would be silently ignored. */
    private void refuseUnsupported(EmbeddingJob job) {
        List<Setting<?, ?, ?>> used = jobSettings();
        EmbeddingJob defaults = EmbeddingJob.defaults().onSpark();
        for (Setting<?, ?, ?> s : EmbeddingJob.settings()) {
            if (!used.contains(s) && s.isIdentity() && !java.util.Objects.equals(job.get(s), defaults.get(s))) {
                throw new IllegalArgumentException(s.key() + " = " + s.type().format(job.get(s))
                        + " is not used by spark-train (Spark runs take no " + s.key() + "); remove it from the job");
            }
        }
    }

    /** The snapshot executors read: INPUT when it is one, else the loaded (or generated) graph saved as MODEL.graph. */
    private Path snapshot(PrintWriter pw, GraphInput input) throws IOException {
        if (input.inputPath() != null && GraphSnapshot.isSnapshot(input.inputPath())) {
            return input.inputPath();
        }
        HeteroGraph graph;
        try (Progress progress = Progress.bytes("loading", input.inputBytes())) {
            graph = input.load(progress::step).graph();
        }
        if (input.input() == null) {
            pw.printf("no INPUT: training on a generated demo graph, %s%n", graph);
        }
        Path snapshot = run.out.resolveSibling(run.out.getFileName() + ".graph");
        GraphSnapshot.save(graph, snapshot); // through a temporary file and a rename (AtomicFiles)
        pw.printf("graph snapshot for the executors: %s (%,d bytes)%n", snapshot, Files.size(snapshot));
        pw.flush();
        return snapshot;
    }

    private SparkConf sparkConf(SparkConfig spark) {
        SparkConf conf = new SparkConf(); // picks up spark.* system properties, e.g. those spark-submit sets
        if (!conf.contains("spark.master")) {
            conf.setMaster(spark.master());
        } else if (spec.commandLine().getParseResult().hasMatchedOption("--master") && !conf.get("spark.master").equals(spark.master())) {
            log.warn("--master {} ignored: spark.master is already {}", spark.master(), conf.get("spark.master"));
        }
        conf.setIfMissing("spark.app.name", "hetero-embed spark-train");
        if (conf.get("spark.master").startsWith("local")) {
            // Local mode (and local-cluster) stays on this machine: loopback avoids host-name resolution problems.
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        } else if (spark.mode() == SparkConfig.Mode.SHARING
                && !conf.get("spark.executor.extraJavaOptions", "").contains("aeron.publication.unblock.timeout")) {
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
}
