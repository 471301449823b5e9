package org.heteroembed.cli;

import org.heteroembed.config.ByteSize;
import org.heteroembed.config.Setting;
import org.heteroembed.job.EmbeddingJob;
import org.heteroembed.job.JobRunner;
import org.heteroembed.job.LossCurve;
import org.heteroembed.job.TrainedModel;
import org.heteroembed.tables.PartitionedModelDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code hetero-embed train}: runs an embedding job ({@link JobRunner}) from a job file and/or flags and writes the
 * model file (a DL4J ComputationGraph plus node ids and the job). Checkpoints atomically, resumes, and saves on
 * Ctrl-C; the loss curve goes beside the model ({@link JobRunner#lossFile}).
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        customSynopsis = "hetero-embed train [INPUT] -o MODEL [--config FILE] [--resume | --overwrite] [job options]",
        description = {"Train node embeddings and write the model file.",
                "The job comes from --config FILE (YAML or JSON, as 'hetero-embed info MODEL' prints it) and/or the flags "
                        + "below; flags override the file. Without INPUT it trains on a generated demo graph.",
                "Engines: fast (default: multi-threaded SIMD, CPU), sparse (HeteroTrainer), fit (DL4J's fit() on the "
                        + "DataVec readers; the one for CUDA, chosen automatically on a CUDA backend).",
                "Tables larger than memory: --partitions P --memory SIZE splits every type's table into P partitions "
                        + "on disk and trains bucket by bucket with SIZE bytes of rows in memory; MODEL is then a directory.",
                "The loss curve goes to MODEL.loss.csv (tokens, pairs, epoch, seconds, loss), for 'hetero-embed plot'."})
final class TrainCommand implements Callable<Integer>, JobCommand {
    @picocli.CommandLine.Mixin
    JobRunOptions run;

    @Option(names = "--resume", description = "Continue the run checkpointed in --out (the same job).")
    boolean resume;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public List<Setting<?, ?, ?>> jobSettings() {
        return JobFlags.localJob();
    }

    @Override
    public Integer call() throws Exception {
        var pw = spec.commandLine().getOut();
        EmbeddingJob job = JobFlags.job(spec, run.config);
        // A partitioned run refuses a file or a foreign directory itself, whatever the flags (PartitionedRun)
        boolean replaces = job.tables().partitioned() ? PartitionedModelDirectory.holdsRun(run.out) : Files.exists(run.out);
        if (replaces && !resume && !run.overwrite) {
            throw new IllegalArgumentException(run.out + " exists: --resume continues its training, --overwrite replaces it");
        }
        Path partial = JobRunner.partialFile(run.out);
        if (!job.tables().partitioned() && Files.exists(partial) && !resume && !run.overwrite) {
            throw new IllegalArgumentException(partial + " holds a stopped run of " + run.out + ": --resume continues it, "
                    + "--overwrite starts over");
        }
        TrainedModel model;
        try (ConsoleRunListener console = new ConsoleRunListener(pw)) {
            JobRunner runner = JobRunner.builder(job).output(run.out).resume(resume).listener(console).build();
            model = runWithStopHook(runner);
        } catch (org.heteroembed.config.SettingException e) { // e.g. a setting that does not fit the graph or backend
            throw JobFlags.inUserTerms(spec, run.config, e);
        }
        switch (model.status()) {
            case ALREADY_DONE -> {
                pw.flush();
                return 0;
            }
            case COMPLETED -> pw.printf("trained %s", run.out);
            case STOPPED -> pw.printf(job.tables().partitioned() ? "stopped and saved %s" : "stopped: saved the checkpoint "
                    + JobRunner.partialFile(run.out) + " (train --resume continues it; %s is unchanged)", run.out);
            case OUT_OF_TIME -> pw.printf("time budget (%s s) used up: saved %s", job.training().maxSeconds(), run.out);
        }
        pw.printf(" (%s): %,d tokens this run in %.1f s (%,.0f tokens/s), %,d pairs in all%s%n",
                model.partitioned() ? model.job().tables().partitions() + " partitions on disk"
                        : org.heteroembed.config.ValueType.name(model.job().training().engine()) + " engine",
                model.tokensThisRun(),
                model.seconds(), model.tokensPerSecond(), model.progress().pairs(),
                model.completed() ? "" : "; continue with --resume");
        if (model.tableIo() != null) {
            TrainedModel.TableIo io = model.tableIo();
            pw.printf("partitioned tables: %,d partition loads, %s read, %s written; %s of windows spilled%n", io.loads(),
                    ByteSize.format(io.bytesRead()), ByteSize.format(io.bytesWritten()), ByteSize.format(io.spillBytes()));
        }
        if (!model.lossCurve().points().isEmpty()) {
            pw.printf("%s (draw it with: hetero-embed plot %s --plots DIR)%n", lossCurveLine(run.out, model), run.out);
        }
        pw.flush();
        return 0;
    }

    /** "loss curve MODEL.loss.csv: N points, loss a -> b": the curve a run wrote beside its model. */
    static String lossCurveLine(Path out, TrainedModel model) {
        List<LossCurve.Point> curve = model.lossCurve().points();
        return String.format("loss curve %s: %d points, loss %.3f -> %.3f", JobRunner.lossFile(out), curve.size(),
                curve.get(0).loss(), curve.get(curve.size() - 1).loss());
    }

    /** Runs with a shutdown hook: Ctrl-C asks the runner to stop, and the JVM waits for it to save. */
    static TrainedModel runWithStopHook(JobRunner runner) throws Exception {
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            runner.requestStop();
            try {
                finished.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "hetero-embed-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return runner.run();
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waited for the save in run()
            }
        }
    }
}
