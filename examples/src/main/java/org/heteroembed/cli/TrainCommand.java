package org.heteroembed.cli;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
import org.heteroembed.inference.HeteroModelFile;
import org.heteroembed.inference.NodeIdTables;
import org.heteroembed.nn.HeteroEmbeddingModels;
import org.heteroembed.plots.LossCurve;
import org.heteroembed.sampling.SkipGramConfig;
import org.heteroembed.sampling.SkipGramPairGenerator;
import org.heteroembed.train.fast.FastSkipGramEngine;
import org.heteroembed.train.fast.TrainingProgress;
import org.heteroembed.walk.WalkGenerator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code hetero-embed train}: walks + the fast multi-threaded skip-gram engine, writing the model file
 * (a DL4J ComputationGraph plus node ids). Checkpoints atomically, resumes, and saves on Ctrl-C. Records the
 * loss curve next to the model ({@link #lossCsv}), written with each checkpoint and at the end, for
 * {@code hetero-embed plot}.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train node embeddings with the fast multi-threaded skip-gram engine and write the model file.",
                "Without INPUT it trains on a generated demo graph (planted user-article-topic communities).",
                "The loss curve goes to MODEL.loss.csv (tokens, pairs, epoch, seconds, loss), for 'hetero-embed plot'."})
final class TrainCommand implements Callable<Integer> {
    @Mixin
    GraphInputOptions input;

    @Mixin
    WalkOptions walk;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "MODEL", description = "Model file to write (and checkpoint into).")
    Path out;

    @Mixin
    SkipGramOptions skipGram;

    @Option(names = "--max-pairs", defaultValue = "0", description = "Budget in (context, target) pairs instead of --epochs (0: use epochs). Default: ${DEFAULT-VALUE}.")
    long maxPairs;

    @Option(names = "--learning-rate", defaultValue = "0.025", description = "Initial rate, decaying linearly (word2vec). Default: ${DEFAULT-VALUE}.")
    double learningRate;

    @Option(names = "--checkpoint-minutes", defaultValue = "10", description = "Minutes between checkpoints (0: only at the end). Default: ${DEFAULT-VALUE}.")
    double checkpointMinutes;

    @Option(names = "--resume", description = "Continue the run checkpointed in --out.")
    boolean resume;

    @Option(names = "--overwrite", description = "Replace an existing --out instead of refusing.")
    boolean overwrite;

    @Option(names = "--holdout", defaultValue = "0", paramLabel = "F",
            description = {"Hold out this fraction of each relation's edges for link prediction (never a node's last edge):",
                    "trains on the rest and writes MODEL.train.heg and MODEL.heldout.tsv, which `eval MODEL` reads.",
                    "Default: ${DEFAULT-VALUE} (no split)."})
    double holdout;

    @Option(names = "--demo-edges", defaultValue = "200000", description = "Size of the generated graph when no INPUT is given. Default: ${DEFAULT-VALUE}.")
    long demoEdges;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Where train records the loss curve of {@code model}: {@code MODEL.loss.csv} next to it (e.g. model.zip.loss.csv). */
    static Path lossCsv(Path model) {
        return model.resolveSibling(model.getFileName() + ".loss.csv");
    }

    @Override
    public Integer call() throws Exception {
        var pw = spec.commandLine().getOut();
        if (!(holdout >= 0 && holdout < 1)) {
            throw new IllegalArgumentException("--holdout must be in [0, 1), got " + holdout);
        }
        if (skipGram.dimension < 1 || checkpointMinutes < 0 || demoEdges < 1) {
            throw new IllegalArgumentException("--dimension and --demo-edges must be >= 1, --checkpoint-minutes >= 0");
        }
        if (Files.exists(out) && !resume && !overwrite) {
            throw new IllegalArgumentException(out + " exists: --resume continues its training, --overwrite replaces it");
        }
        SkipGramConfig sgConfig = skipGram.config(walk.seed);
        FastSkipGramEngine engine = FastSkipGramEngine.builder().learningRate(learningRate)
                .minLearningRate(learningRate * 1e-4).epochs(skipGram.epochs).maxPairs(maxPairs).build();
        var walkConfig = walk.config();

        // Ctrl-C: ask the engine to stop, and let this thread save before the JVM exits.
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            engine.requestStop();
            try {
                finished.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "hetero-embed-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return train(pw, engine, sgConfig, walkConfig);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waited for the save in train()
            }
        }
    }

    /**
     * Splits off the held-out edges and writes the training graph and the held-out edges next to the model (the
     * same split on a resume: it is seeded), so evaluation never sees a training edge as held out.
     */
    private HeteroGraph holdOut(java.io.PrintWriter pw, HeteroGraph graph) throws java.io.IOException {
        org.heteroembed.graph.HeldOutSplit.Split split = org.heteroembed.graph.HeldOutSplit.split(graph, holdout, walk.seed);
        org.heteroembed.graph.GraphSnapshot.save(split.training(), EvalCommand.trainingGraph(out));
        split.heldOut().write(EvalCommand.heldOutEdges(out), split.training());
        pw.printf("held out %,d edges (%s of each relation) in %s; training graph %s%n", split.heldOut().size(), holdout,
                EvalCommand.heldOutEdges(out), EvalCommand.trainingGraph(out));
        pw.flush();
        return split.training();
    }

    private int train(java.io.PrintWriter pw, FastSkipGramEngine engine, SkipGramConfig sgConfig,
                      org.heteroembed.walk.WalkConfig walkConfig) throws Exception {
        HeteroGraph graph;
        if (input.input == null) {
            graph = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(demoEdges, 42)).graph();
            pw.printf("no INPUT: training on a generated demo graph, %s%n", graph);
        } else {
            graph = input.load();
        }
        if (holdout > 0) {
            graph = holdOut(pw, graph);
        }
        WalkGenerator walks = new WalkGenerator(graph, walkConfig);
        pw.printf("counting node frequencies over %,d walks...%n", walks.numWalks());
        pw.flush();
        SkipGramPairGenerator pairs = SkipGramPairGenerator.forWalks(walks, sgConfig);

        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        // What defines the run: a resume must continue the same walks with the same settings.
        String settings = "graph nodes=" + graph.numNodes() + " edges=" + graph.numEdges() + "\nwalks=" + walkConfig.toJson()
                + "\nskipgram=" + sgConfig.toJson() + "\ndimension=" + skipGram.dimension + " epochs=" + skipGram.epochs
                + " maxPairs=" + maxPairs + " learningRate=" + learningRate;
        settings = settings.replaceAll("\"(threads|maxChunksInFlight)\":\\d+,?", ""); // speed settings, free to change
        ComputationGraph net;
        TrainingProgress start = TrainingProgress.START;
        if (resume && Files.exists(out)) {
            String savedSettings = HeteroModelFile.runSettings(out);
            if (savedSettings != null && !savedSettings.equals(settings)) {
                throw new IllegalArgumentException(out + " was trained with other settings; resume with the same INPUT and "
                        + "flags.\n  checkpoint: " + savedSettings.replace("\n", "\n              ")
                        + "\n  now:        " + settings.replace("\n", "\n              "));
            }
            net = HeteroModelFile.network(out);
            TrainingProgress saved = HeteroModelFile.progress(out);
            if (saved == null) {
                throw new IllegalArgumentException(out + " has no training progress to resume");
            }
            start = saved;
            if (maxPairs == 0 && saved.epoch() >= skipGram.epochs) {
                pw.printf("resuming %s: its %d epoch(s) are already done (%,d tokens trained)%n", out, skipGram.epochs, saved.tokens());
            } else {
                pw.printf("resuming %s at epoch %d, chunk %d (%,d tokens trained)%n", out, saved.epoch() + 1, saved.chunk(), saved.tokens());
            }
        } else {
            net = new ComputationGraph(HeteroEmbeddingModels.skipGram(graph, skipGram.dimension, skipGram.negatives, new Sgd(learningRate),
                    walk.seed, DataType.FLOAT));
            net.init();
        }
        NodeIdTables ids = NodeIdTables.of(graph);

        long planned = engine.plannedTokens(pairs);
        Path lossFile = lossCsv(out);
        List<LossCurve.Point> resumedCurve = new ArrayList<>();
        if (start.tokens() > 0 && Files.isRegularFile(lossFile)) {
            try {
                resumedCurve.addAll(LossCurve.read(lossFile).upTo(start.tokens()).points());
            } catch (java.io.IOException unreadable) {
                pw.printf("note: %s; starting a new loss curve%n", unreadable.getMessage());
            }
        }
        LossRecorder losses = new LossRecorder(resumedCurve, planned);
        long everyNanos = (long) (checkpointMinutes * 60e9);
        long[] lastCheckpoint = {System.nanoTime()};
        long[] lastTokens = {start.tokens()};
        FastSkipGramEngine.Result result;
        try (Progress bar = Progress.items("training", planned, "tokens", 1)) {
            bar.step(start.tokens());
            final ComputationGraph model = net;
            final String runSettings = settings;
            long[] lastLossShown = {0};
            result = engine.fit(net, walks, pairs, start, p -> {
                bar.step(p.tokens() - lastTokens[0]);
                lastTokens[0] = p.tokens();
                losses.add(engine.sampledLoss(), p);
                if (System.nanoTime() - lastLossShown[0] > 1_000_000_000L) {
                    double loss = losses.shownLoss();
                    if (!Double.isNaN(loss)) {
                        bar.message(String.format("loss %.3f, %,d pairs", loss, p.pairs()));
                    }
                    lastLossShown[0] = System.nanoTime();
                }
                if (everyNanos > 0 && System.nanoTime() - lastCheckpoint[0] > everyNanos) {
                    try {
                        HeteroModelFile.save(model, ids, p, runSettings, out);
                        losses.curve().write(lossFile);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException("checkpoint to " + out + " failed", e);
                    }
                    lastCheckpoint[0] = System.nanoTime();
                }
            });
            HeteroModelFile.save(net, ids, result.progress(), settings, out);
            losses.finish(result.progress());
            losses.curve().write(lossFile);
        }
        pw.printf("%s %s: %,d tokens this run in %.1f s (%,.0f tokens/s), %,d pairs in all%s%n",
                result.completed() ? "trained" : "stopped and saved", out, result.tokensThisRun(), result.seconds(),
                result.tokensPerSecond(), result.progress().pairs(), result.completed() ? "" : "; continue with --resume");
        List<LossCurve.Point> curve = losses.curve().points();
        if (!curve.isEmpty()) {
            pw.printf("loss curve %s: %d points, loss %.3f -> %.3f (draw it with: hetero-embed plot %s --plots DIR)%n", lossFile,
                    curve.size(), curve.get(0).loss(), curve.get(curve.size() - 1).loss(), out);
        }
        pw.flush();
        return 0;
    }

    /**
     * Turns the engine's sampled loss (read after every chunk, which resets it) into loss-curve points of about
     * {@code planned / }{@value #POINTS} tokens each, and into the mean loss shown in the progress bar. When a
     * long run (a pair budget over many epochs) reaches {@value #MAX_POINTS} points, neighbouring points are merged
     * and the spacing doubled, so the curve stays small.
     */
    static final class LossRecorder {
        static final int POINTS = 1000;
        static final int MAX_POINTS = 4000;
        private final List<LossCurve.Point> points;
        private final double secondsBefore;
        private final long t0 = System.nanoTime();
        private long step;
        private long pointStart;
        private double sum, shownSum;
        private int count, shownCount;

        LossRecorder(List<LossCurve.Point> resumed, long plannedTokens) {
            this.points = new ArrayList<>(resumed);
            this.secondsBefore = resumed.isEmpty() ? 0 : Math.max(0, resumed.get(resumed.size() - 1).seconds());
            this.pointStart = resumed.isEmpty() ? 0 : resumed.get(resumed.size() - 1).tokens();
            this.step = Math.max(1, plannedTokens / POINTS);
        }

        /** One reading of {@code engine.sampledLoss()} (NaN: nothing sampled) after the chunk that reached {@code p}. */
        void add(double loss, TrainingProgress p) {
            if (!Double.isNaN(loss)) {
                sum += loss;
                count++;
                shownSum += loss;
                shownCount++;
            }
            if (count > 0 && p.tokens() - pointStart >= step) {
                point(p);
            }
        }

        /** The mean loss since the last call (NaN if none), for the progress bar. */
        double shownLoss() {
            double mean = shownCount == 0 ? Double.NaN : shownSum / shownCount;
            shownSum = 0;
            shownCount = 0;
            return mean;
        }

        /** Closes the last, partial point at the run's end. */
        void finish(TrainingProgress end) {
            if (count > 0) {
                point(new TrainingProgress(Math.max(0, end.epoch() - (end.chunk() == 0 ? 1 : 0)), end.chunk(), end.tokens(), end.pairs()));
            }
        }

        LossCurve curve() {
            return new LossCurve(points);
        }

        private void point(TrainingProgress p) {
            points.add(new LossCurve.Point(p.tokens(), p.pairs(), p.epoch() + 1, secondsBefore + (System.nanoTime() - t0) / 1e9,
                    sum / count));
            sum = 0;
            count = 0;
            pointStart = p.tokens();
            if (points.size() >= MAX_POINTS) {
                List<LossCurve.Point> merged = new ArrayList<>();
                for (int i = 0; i + 1 < points.size(); i += 2) {
                    LossCurve.Point a = points.get(i), b = points.get(i + 1);
                    merged.add(new LossCurve.Point(b.tokens(), b.pairs(), b.epoch(), b.seconds(), (a.loss() + b.loss()) / 2));
                }
                if (points.size() % 2 == 1) {
                    merged.add(points.get(points.size() - 1));
                }
                points.clear();
                points.addAll(merged);
                step *= 2;
            }
        }
    }
}
