package org.heteroembed.job;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.graph.HeldOutLinks;
import org.heteroembed.graph.HeldOutSplit;
import org.heteroembed.graph.NodeHoldout;
import org.heteroembed.graph.GraphSnapshot;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.io.GraphInput;
import org.heteroembed.graph.io.OutputPaths;
import org.heteroembed.inference.HeteroModelFile;
import org.heteroembed.inference.NodeIdTables;
import org.heteroembed.inference.RunRecord;
import org.heteroembed.nn.HeteroEmbeddingModels;
import org.heteroembed.sampling.SkipGramPairGenerator;
import org.heteroembed.tables.PartitionedModelDirectory;
import org.heteroembed.train.fast.TrainingProgress;
import org.heteroembed.walk.WalkGenerator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs an {@link EmbeddingJob}: graph, walks, pairs, model, engine; with the stop signal, checkpoints and resume,
 * the loss curve and the time and pair budgets. Every way of training goes through it: {@code hetero-embed train},
 * {@code search} (one run per candidate), and Java code:
 * <pre>{@code
 * TrainedModel m = JobRunner.builder(EmbeddingJob.fromFile(Path.of("job.yaml"))).output(Path.of("model.zip")).build().run();
 * HeteroEmbeddings vectors = m.embeddings();
 * }</pre>
 *
 * <p>With an output file the runner writes the model there (atomically) at the end and every
 * {@code training.checkpointMinutes}, with the job it was trained with and the loss curve beside it
 * ({@link #lossFile}); with {@code graph.holdout} also the training graph and the held-out edges
 * ({@link #trainingGraphFile}, {@link #heldOutFile}). A resume continues the run saved in the output file; its
 * identity is the job's JSON (the settings that change the result) and the graph's size: a different job is
 * refused, naming the settings that differ.
 */
public final class JobRunner {
    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final EmbeddingJob requested;
    private final Path output;
    private final boolean resume;
    private final RunListener listener;
    private final HeteroGraph providedGraph;
    private final TrainingEngine engine;
    private volatile boolean stopRequested;
    private volatile boolean outOfTime;
    /** Where the run's loss stopped being finite (an engine reports +Infinity), or null. */
    private volatile TrainingProgress diverged;

    private JobRunner(Builder b) {
        this.requested = b.job;
        this.output = b.output;
        this.resume = b.resume;
        this.listener = b.listener;
        this.providedGraph = b.graph;
        this.engine = b.engine;
    }

    public static Builder builder(EmbeddingJob job) {
        return new Builder(job);
    }

    /** The loss curve written beside a model: {@code MODEL.loss.csv}. */
    public static Path lossFile(Path model) {
        return sibling(model, ".loss.csv");
    }

    /** The training graph written beside a model trained with held-out edges: {@code MODEL.train.heg}. */
    public static Path trainingGraphFile(Path model) {
        return sibling(model, ".train.heg");
    }

    /** The held-out edges written beside a model trained with them: {@code MODEL.heldout.tsv}. */
    public static Path heldOutFile(Path model) {
        return sibling(model, ".heldout.tsv");
    }

    /**
     * Where a run saves its checkpoints until it finishes: {@code MODEL.partial} beside the model file (with its loss
     * curve and held-out files beside it), so that a stopped or killed run never replaces a good model; the finished
     * model is written to {@code MODEL} and the partial files are removed. ({@code --resume} continues from it.)
     */
    public static Path partialFile(Path model) {
        return sibling(model, ".partial");
    }

    private static Path sibling(Path model, String suffix) {
        return model.resolveSibling(model.getFileName() + suffix);
    }

    /**
     * Asks the run to stop after the work in flight and save (from a Ctrl-C handler, or another thread); a run not
     * yet training stops before it starts. Thread-safe.
     */
    public void requestStop() {
        stopRequested = true;
    }

    /** Whether ND4J runs on a CUDA backend (then the default engine is fit). */
    public static boolean cudaBackend() {
        return !Nd4j.getEnvironment().isCPU();
    }

    /**
     * Runs the job.
     *
     * @throws org.heteroembed.config.SettingException for settings that do not fit the graph or backend
     * @throws IllegalArgumentException                for a resume of another job or of a file without a run
     */
    public TrainedModel run() throws IOException, InterruptedException {
        if (output == null) {
            return runUnlocked();
        }
        // Output problems are found before any work: an input given as output, a directory where a file goes, a path
        // that cannot be written; and a second run on the same output is refused (OutputLock).
        String input = requested.graph().input();
        OutputPaths.requireNotInput(output, "-o", input == null ? null : Path.of(input));
        if (!requested.tables().partitioned() && Files.isDirectory(output)) {
            throw new IllegalArgumentException(output + " is a directory: -o names the model file to write (a model "
                    + "directory only with --partitions)");
        }
        OutputPaths.requireWritable(output);
        try (OutputLock lock = OutputLock.acquire(output)) {
            deleteLeftovers();
            if (resume && !Files.exists(output) && !Files.exists(partialFile(output))) {
                listener.stage("--resume: " + output + " does not exist yet: training from the start");
            }
            return runUnlocked();
        }
    }

    /**
     * Temporary files of this output's atomic writes that a killed run left ({@code .NAME.*.tmp}, see
     * {@link org.heteroembed.graph.io.AtomicFiles}): no other run writes this output while the lock is held.
     */
    private void deleteLeftovers() throws IOException {
        Path dir = output.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        String name = output.getFileName().toString();
        try (var files = Files.newDirectoryStream(dir, ".*.tmp")) {
            for (Path f : files) {
                String n = f.getFileName().toString();
                // the model and every file written beside it (MODEL.loss.csv, MODEL.train.heg, ...)
                if (n.startsWith("." + name + ".") && Files.isRegularFile(f)) {
                    Files.deleteIfExists(f);
                    log.info("deleted {}, left by an interrupted write", f);
                }
            }
        }
        if (Files.isDirectory(output) && PartitionedModelDirectory.holdsRun(output)) { // a partitioned model's own files
            try (var files = Files.newDirectoryStream(output, ".*.tmp")) {
                for (Path f : files) {
                    if (Files.isRegularFile(f)) {
                        Files.deleteIfExists(f);
                        log.info("deleted {}, left by an interrupted write", f);
                    }
                }
            }
        }
    }

    private TrainedModel runUnlocked() throws IOException, InterruptedException {
        if (requested.spark() != null && engine == null) {
            throw new IllegalArgumentException("this job trains on Spark (it has a spark section): run it with "
                    + "hetero-embed spark-train, or give the runner the Spark engine");
        }
        boolean cuda = cudaBackend();
        EmbeddingJob job = requested.resolved(cuda);
        TrainingConfig t = job.training();
        if (cuda && t.engine() == TrainingConfig.Engine.FAST) {
            throw TrainingConfig.ENGINE.invalid("must be sparse or fit on ND4J's CUDA backend (the fast engine trains "
                    + "the tables in host memory), got fast");
        }
        if (cuda && requested.training().engine() == null) {
            listener.stage("ND4J's backend is CUDA: training with the fit engine (DataVec -> RecordReaderMultiDataSetIterator "
                    + "-> ComputationGraph.fit)");
        }
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        if (job.tables().partitioned()) {
            PartitionedRun.checkOutput(output); // before the graph loads: a wrong -o fails at once
        }

        HeteroGraph graph = providedGraph != null ? providedGraph : load(job.graph());
        HeteroGraph source = graph;
        HeldOutLinks heldOut = null;
        // An in-memory run's files go beside its partial checkpoint until it finishes (a partitioned model's directory
        // is its own checkpoint).
        Path working = output == null ? null : job.tables().partitioned() ? output : partialFile(output);
        if (!job.graph().holdoutNodeFractions().isEmpty()) { // cold-start nodes: eval --cold-start on the full graph
            NodeHoldout.Split split = NodeHoldout.split(graph, job.graph().holdoutNodeFractions(), job.training().seed());
            graph = split.kept();
            listener.stage(String.format("held out %,d whole nodes (%s) with their edges: training on %s", split.count(),
                    job.graph().holdoutNodes(), graph));
        }
        if (job.graph().holdout() > 0) {
            HeldOutSplit.Split split = holdOut(job, graph, working);
            graph = split.training();
            heldOut = split.heldOut();
        }
        // Saved with the model: eval and nearest refuse another graph, and held-out files of another run.
        RunRecord record = output == null ? null : RunRecord.of(false, source, graph, heldOut);
        if (engine == null) {
            checkFitsEngine(job, graph);
        }
        String identity = identity(job, graph);
        if (job.tables().partitioned()) {
            if (engine != null && !(engine instanceof PartitionedEngine)) {
                throw TablesConfig.PARTITIONS.invalid("trains in this process or on Spark's partitioned mode; it cannot "
                        + "train with another engine");
            }
            ScheduledExecutorService timer = startTimeBudget(t);
            try {
                return new PartitionedRun(job, graph, heldOut, identity, record, output, resume, listener,
                        () -> stopRequested || outOfTime, () -> outOfTime,
                        engine instanceof PartitionedEngine p ? p : null).run();
            } finally {
                if (timer != null) {
                    timer.shutdownNow();
                }
            }
        }
        // Before anything large is allocated: a run that cannot fit is refused with one line, not an OutOfMemoryError.
        // (Partitioned tables check their own budget: PartitionedRun.)
        MemoryCheck.require(job, graph);
        NodeIdTables ids = NodeIdTables.of(graph);

        // The checkpoint before the walks are counted: a wrong resume fails fast, a finished one returns at once.
        ComputationGraph net;
        TrainingProgress start = TrainingProgress.START;
        List<LossCurve.Point> curve = new ArrayList<>();
        // A resume continues the partial checkpoint if there is one, else the model file (a finished run, or one
        // saved by an earlier version, whose checkpoints went to the model file).
        Path resumeFrom = !resume || output == null ? null
                : Files.exists(working) ? working : Files.exists(output) ? output : null;
        if (resumeFrom != null) {
            net = HeteroModelFile.network(resumeFrom); // first: a file that is no model is an input error
            start = checkpoint(identity, resumeFrom);
            curve.addAll(resumedCurve(resumeFrom, start, listener));
            if (t.maxPairs() == 0 && start.epoch() >= t.epochs()) {
                if (resumeFrom.equals(output)) { // the split was written beside the partial file for nothing
                    Files.deleteIfExists(trainingGraphFile(working));
                    Files.deleteIfExists(heldOutFile(working));
                }
                listener.stage(String.format("%s: its %d epoch(s) are already done (%,d tokens trained)", resumeFrom,
                        t.epochs(), start.tokens()));
                return new TrainedModel(job, graph, ids, net, start, TrainedModel.Status.ALREADY_DONE, 0, 0,
                        new LossCurve(curve), heldOut);
            }
            listener.stage(String.format("resuming %s at epoch %d (%,d tokens trained)", resumeFrom, start.epoch() + 1, start.tokens()));
        } else {
            if (working != null && Files.exists(working)) { // a stopped run's checkpoint that this run starts over
                Files.delete(working);
                Files.deleteIfExists(lossFile(working));
            }
            net = new ComputationGraph(network(job, graph));
            net.init();
        }

        float[] rowRates = null;
        java.util.function.IntPredicate walkStarts = null;
        if (t.initFrom() != null) { // a resume needs the rates, not the rows: its checkpoint has the trained ones
            WarmStart.Result w = WarmStart.apply(job, graph, net, resumeFrom == null);
            rowRates = w.rowRates();
            walkStarts = w.walkStarts(graph, t.walksFrom());
            listener.stage(String.format("warm start from %s: %,d nodes start from its vectors%s, %,d are new",
                    t.initFrom(), w.kept(), t.oldRowRate() == 1 ? "" : t.oldRowRate() == 0 ? " (frozen)"
                            : String.format(" (at %s of the rate)", t.oldRowRate()), w.fresh()));
        }
        TrainingEngine engine = this.engine != null ? this.engine : TrainingEngine.of(t.engine());
        if (rowRates != null && !(engine instanceof FastEngine)) {
            throw TrainingConfig.EXISTING_RATE.invalid("needs the fast engine (it trains rows at their own rates)");
        }
        if (walkStarts != null && !engine.walksLocally()) {
            throw TrainingConfig.WALKS_FROM.invalid("needs walks made in this process (Spark's executors walk from every "
                    + "node)");
        }
        WalkGenerator walks = new WalkGenerator(graph, job.walks(), walkStarts);
        SkipGramPairGenerator pairs = null;
        if (engine.walksLocally()) {
            listener.stage(String.format("counting node frequencies over %,d walks", walks.numWalks()));
            pairs = SkipGramPairGenerator.forWalks(walks, job.skipGram());
        }

        LossRecorder[] losses = new LossRecorder[1];
        Checkpoints checkpoints = new Checkpoints(net, ids, identity, record, job, working, heldOut != null,
                () -> losses[0]);
        final TrainingProgress from = start;
        EngineContext context = new EngineContext(job, graph, walks, pairs, net, start,
                () -> stopRequested || outOfTime || diverged != null, new EngineContext.ProgressSink() {
                    @Override
                    public void begin(long plannedTokens) {
                        losses[0] = new LossRecorder(curve, plannedTokens);
                        listener.training(plannedTokens, from);
                    }

                    @Override
                    public void progress(TrainingProgress p, double loss) {
                        if (loss == Double.POSITIVE_INFINITY) { // the engines' sign of non-finite rows
                            if (diverged == null) {
                                diverged = p;
                            }
                            return; // no loss point, no checkpoint of the diverged rows: the run stops
                        }
                        losses[0].add(loss, p);
                        listener.progress(p, loss);
                        checkpoints.maybe(p);
                    }

                    @Override
                    public void show(TrainingProgress p) {
                        listener.progress(p, Double.NaN);
                    }
                }, rowRates);
        ScheduledExecutorService timer = startTimeBudget(t);
        long t0 = System.nanoTime();
        TrainingEngine.Outcome outcome;
        try {
            outcome = engine.train(context);
        } catch (UncheckedIOException e) {
            throw e.getCause(); // a checkpoint failed
        } finally {
            if (timer != null) {
                timer.shutdownNow();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        TrainingProgress end = outcome.progress();
        if (diverged != null) {
            throw TrainingFailedException.diverged(diverged, t.learningRate(), output);
        }
        if (outcome.completed() && end.pairs() == 0) {
            throw TrainingFailedException.nothingTrained(output);
        }
        if (losses[0] == null) { // the engine stopped before it began
            losses[0] = new LossRecorder(curve, 1);
        }
        losses[0].finish(end);
        TrainedModel.Status status = outcome.completed() ? TrainedModel.Status.COMPLETED
                : outOfTime ? TrainedModel.Status.OUT_OF_TIME : TrainedModel.Status.STOPPED;
        if (output != null) {
            listener.saving(output);
            checkpoints.save(end, true, outcome.completed() || outOfTime);
        }
        log.debug("{}: {} tokens in {} s ({})", output == null ? "job" : output, end.tokens() - start.tokens(),
                String.format("%.1f", seconds), status);
        return new TrainedModel(job, graph, ids, net, end, status, end.tokens() - start.tokens(), seconds,
                losses[0].curve(), heldOut);
    }

    /** Sets {@code outOfTime} after {@code training.maxSeconds}; null when there is no time budget. */
    private ScheduledExecutorService startTimeBudget(TrainingConfig t) {
        if (!(t.maxSeconds() > 0)) {
            return null;
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread th = new Thread(r, "hetero-embed-time-budget");
            th.setDaemon(true);
            return th;
        });
        timer.schedule(() -> {
            outOfTime = true;
        }, (long) (t.maxSeconds() * 1e3), TimeUnit.MILLISECONDS);
        return timer;
    }

    /**
     * Splits off the held-out edges (seeded: the same split on a resume) and, with an output file, writes the
     * training graph and the held-out edges beside it, so eval always finds the pair.
     */
    private HeldOutSplit.Split holdOut(EmbeddingJob job, HeteroGraph graph, Path beside) throws IOException {
        HeldOutSplit.Split split = HeldOutSplit.split(graph, job.graph().holdout(), job.training().seed());
        if (beside != null) {
            GraphSnapshot.save(split.training(), trainingGraphFile(beside));
            split.heldOut().write(heldOutFile(beside), split.training());
        }
        listener.stage(String.format("held out %,d edges (%s of each relation)%s", split.heldOut().size(),
                job.graph().holdout(), beside == null ? ""
                        : " in " + heldOutFile(beside) + "; training graph " + trainingGraphFile(beside)));
        return split;
    }

    private HeteroGraph load(GraphInput input) throws IOException {
        if (input.input() == null) {
            listener.stage("no INPUT: training on a generated demo graph (" + input.demoEdges() + " edges, planted communities)");
        }
        return input.load(listener.loading(input.input(), input.inputBytes())).graph();
    }

    /** The skip-gram network of a job for a graph: the job's dimension, table widths, negatives and updater. */
    public static org.deeplearning4j.nn.conf.ComputationGraphConfiguration network(EmbeddingJob job, HeteroGraph graph) {
        TrainingConfig t = job.training();
        List<String> types = HeteroEmbeddingModels.nodeTypes(graph);
        // Only fit uses the network's updater; the fast and sparse engines update the tables themselves (plain SGD
        // in the config, so no updater state is allocated or saved).
        double lr = t.learningRate();
        IUpdater updater = t.engine() != TrainingConfig.Engine.FIT ? new Sgd(lr) : switch (t.updater()) {
            case SGD -> new Sgd(lr * t.batchSize());
            case ADAM -> new Adam(lr);
            case ADAGRAD -> new AdaGrad(lr);
        };
        return HeteroEmbeddingModels.skipGram(types, HeteroEmbeddingModels.nodeCounts(graph), job.model().dimension(),
                job.model().tableWidths(types), job.skipGram().negatives(), updater, t.seed(), DataType.FLOAT);
    }

    private static void checkFitsEngine(EmbeddingJob job, HeteroGraph graph) {
        job.model().tableWidths(HeteroEmbeddingModels.nodeTypes(graph)); // names only types of the graph
        if (job.training().engine() == TrainingConfig.Engine.FIT) {
            for (int type = 0; type < graph.numNodeTypes(); type++) {
                if (graph.numNodes(type) > FitEngine.MAX_EXACT_ID) {
                    throw TrainingConfig.ENGINE.invalid("fit reads ids through DataVec as FLOAT, exact up to 2^24; type '"
                            + graph.schema().nodeTypes().get(type) + "' has " + graph.numNodes(type)
                            + " nodes: use the fast or sparse engine");
                }
            }
        }
    }

    /** The identity of a run: the job's identity settings and the graph's size (JSON). */
    static String identity(EmbeddingJob job, HeteroGraph graph) {
        ObjectNode id = org.heteroembed.config.SettingsJson.mapper().createObjectNode();
        id.set("job", org.heteroembed.config.SettingsJson.parse(job.identity(), false, "identity"));
        ObjectNode g = id.putObject("graphSize").put("nodes", graph.numNodes()).put("edges", graph.numEdges());
        ObjectNode types = g.putObject("types");
        for (int type = 0; type < graph.numNodeTypes(); type++) {
            types.put(graph.schema().nodeTypes().get(type), graph.numNodes(type));
        }
        return id.toString();
    }

    /** The progress of the checkpoint in {@code file}, after checking it is a run of the same job. */
    private TrainingProgress checkpoint(String identity, Path file) throws IOException {
        String saved = HeteroModelFile.runSettings(file);
        TrainingProgress progress = HeteroModelFile.progress(file);
        if (progress == null || saved == null || !saved.startsWith("{")) {
            throw new IllegalArgumentException(file + " has no run to resume (no training progress or job saved "
                    + "with it); train it again with --overwrite");
        }
        if (!saved.equals(identity)) {
            throw new IllegalArgumentException(file + " was trained with another job; resume with the same settings: "
                    + String.join("; ", differences(saved, identity)));
        }
        return progress;
    }

    /** The settings in which two identities differ: "training.epochs: 1 in the checkpoint, 2 now" (job settings by key). */
    static List<String> differences(String saved, String now) {
        JsonNode a = org.heteroembed.config.SettingsJson.parse(saved, false, "checkpoint"),
                b = org.heteroembed.config.SettingsJson.parse(now, false, "job");
        List<String> out = new ArrayList<>();
        diff("", a, b, out);
        return out.isEmpty() ? List.of("(the stored identity differs in form)") : out;
    }

    private static void diff(String path, JsonNode a, JsonNode b, List<String> out) {
        if (a != null && b != null && a.isObject() && b.isObject()) {
            java.util.Set<String> names = new java.util.LinkedHashSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                diff(path.isEmpty() ? n : path + "." + n, a.get(n), b.get(n), out);
            }
        } else if (a == null || !a.equals(b)) {
            String key = path.startsWith("job.") ? path.substring(4) : path;
            out.add(key + ": " + (a == null ? "absent" : a) + " in the checkpoint, " + (b == null ? "absent" : b) + " now");
        }
    }

    /** The loss curve of a checkpoint being resumed, up to its progress (empty when there is none). */
    static List<LossCurve.Point> resumedCurve(Path output, TrainingProgress start, RunListener listener) {
        Path file = lossFile(output);
        if (start.tokens() > 0 && Files.isRegularFile(file)) {
            try {
                return LossCurve.read(file).upTo(start.tokens()).points();
            } catch (IOException unreadable) {
                listener.stage("note: " + unreadable.getMessage() + "; starting a new loss curve");
            }
        }
        return List.of();
    }

    /**
     * Whether every parameter of the network is a finite number: one sum over the parameters (NaN or an infinity
     * makes it non-finite; finite rows large enough to overflow it are diverged too, for any use).
     */
    static boolean finite(ComputationGraph net) {
        return Double.isFinite(net.params().sumNumber().doubleValue());
    }

    /**
     * Saves the model (and loss curve) every checkpoint interval and when the run stops to the partial file, and the
     * finished model to the output (then the partial files go and the held-out files move beside the model).
     */
    private final class Checkpoints {
        private final ComputationGraph net;
        private final NodeIdTables ids;
        private final String identity;
        private final RunRecord record;
        private final String jobJson;
        private final java.util.function.Supplier<LossRecorder> losses;
        private final long everyNanos;
        private final double learningRate;
        private final Path working;
        private final boolean heldOut;
        private long last = System.nanoTime();

        Checkpoints(ComputationGraph net, NodeIdTables ids, String identity, RunRecord record, EmbeddingJob job,
                    Path working, boolean heldOut, java.util.function.Supplier<LossRecorder> losses) {
            this.working = working;
            this.heldOut = heldOut;
            this.net = net;
            this.ids = ids;
            this.identity = identity;
            this.record = record;
            this.jobJson = job.toJson();
            this.losses = losses;
            this.everyNanos = (long) (job.training().checkpointMinutes() * 60e9);
            this.learningRate = job.training().learningRate();
        }

        void maybe(TrainingProgress p) {
            if (output != null && everyNanos > 0 && System.nanoTime() - last > everyNanos) {
                try {
                    save(p, false, false);
                } catch (IOException e) {
                    throw new UncheckedIOException(new IOException("checkpoint to " + output + " failed: " + e.getMessage(), e));
                }
                last = System.nanoTime();
            }
        }

        /** @param finished the run ended by finishing its epochs or budget (not a checkpoint, not a stop) */
        void save(TrainingProgress p, boolean lastSave, boolean finished) throws IOException {
            // The last line of defence (the sparse and fit engines' losses are sampled): diverged rows are never saved
            // over the output, which keeps its last good checkpoint.
            if (!finite(net)) {
                throw TrainingFailedException.diverged(p, learningRate, output);
            }
            Path target = finished ? output : working;
            HeteroModelFile.save(net, ids, p, identity, jobJson, record == null ? null : record.withFinished(finished),
                    target);
            losses.get().curve().write(lossFile(target));
            if (finished) {
                promoteFrom(working, heldOut);
            }
            listener.saved(target, p, lastSave);
        }
    }

    /** After the finished model is written: its split's files move beside it, and the partial files go. */
    private void promoteFrom(Path working, boolean heldOut) throws IOException {
        for (Path f : List.of(trainingGraphFile(output), heldOutFile(output))) {
            Path from = f.resolveSibling(working.getFileName() + f.getFileName().toString()
                    .substring(output.getFileName().toString().length()));
            if (heldOut && Files.exists(from)) {
                Files.move(from, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } else if (!heldOut) {
                Files.deleteIfExists(f); // an earlier model's split: not this model's
                Files.deleteIfExists(from);
            }
        }
        Files.deleteIfExists(working);
        Files.deleteIfExists(lossFile(working));
    }

    /** Builder: no output file, no resume, a silent listener. */
    public static final class Builder {
        private final EmbeddingJob job;
        private Path output;
        private boolean resume;
        private RunListener listener = new RunListener() {
        };
        private HeteroGraph graph;
        private TrainingEngine engine;

        private Builder(EmbeddingJob job) {
            this.job = java.util.Objects.requireNonNull(job, "job");
        }

        /** The model file to write (and checkpoint into); null (default): keep the model in memory only. */
        public Builder output(Path model) {
            this.output = model;
            return this;
        }

        /** Continue the run checkpointed in the output file, if there is one. */
        public Builder resume(boolean resume) {
            this.resume = resume;
            return this;
        }

        public Builder listener(RunListener listener) {
            this.listener = java.util.Objects.requireNonNull(listener);
            return this;
        }

        /**
         * Train on this graph instead of reading {@code job.graph()} (a search trains many jobs on one graph); the
         * job's hold-out fraction still applies.
         */
        public Builder graph(HeteroGraph graph) {
            this.graph = graph;
            return this;
        }

        /**
         * Train with this engine instead of the one {@code training.engine} names (e.g. the Spark engine, which
         * needs a Spark context).
         */
        public Builder engine(TrainingEngine engine) {
            this.engine = engine;
            return this;
        }

        public JobRunner build() {
            return new JobRunner(this);
        }
    }
}
