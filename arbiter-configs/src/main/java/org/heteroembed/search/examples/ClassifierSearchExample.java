package org.heteroembed.search.examples;

import org.deeplearning4j.arbiter.ComputationGraphSpace;
import org.deeplearning4j.arbiter.conf.updater.AdamSpace;
import org.deeplearning4j.arbiter.layers.DenseLayerSpace;
import org.deeplearning4j.arbiter.layers.OutputLayerSpace;
import org.deeplearning4j.arbiter.optimize.api.Candidate;
import org.deeplearning4j.arbiter.optimize.api.CandidateGenerator;
import org.deeplearning4j.arbiter.optimize.api.saving.ResultReference;
import org.deeplearning4j.arbiter.optimize.config.OptimizationConfiguration;
import org.deeplearning4j.arbiter.optimize.distribution.LogUniformDistribution;
import org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator;
import org.deeplearning4j.arbiter.optimize.parameter.FixedValue;
import org.deeplearning4j.arbiter.optimize.parameter.continuous.ContinuousParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.integer.IntegerParameterSpace;
import org.deeplearning4j.arbiter.optimize.runner.IOptimizationRunner;
import org.deeplearning4j.arbiter.optimize.runner.LocalOptimizationRunner;
import org.deeplearning4j.arbiter.saver.local.FileModelSaver;
import org.deeplearning4j.arbiter.scoring.impl.EvaluationScoreFunction;
import org.deeplearning4j.arbiter.task.ComputationGraphTaskCreator;
import org.deeplearning4j.arbiter.task.TaskListener;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.generate.PlantedGraph;
import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
import org.heteroembed.inference.HeteroModelFile;
import org.heteroembed.job.EmbeddingJob;
import org.heteroembed.job.JobRunner;
import org.heteroembed.nn.HeteroEmbeddingModels;
import org.heteroembed.nn.conf.HeteroEmbeddingLayer;
import org.heteroembed.nn.conf.TypeRoutingVertex;
import org.heteroembed.search.AllCandidatesDone;
import org.heteroembed.search.LimitedCandidateGenerator;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * The other kind of search: not the embedding job, but the <em>downstream classifier</em> on top of frozen
 * embeddings, with arbiter-deeplearning4j's own {@link ComputationGraphSpace} and
 * {@link ComputationGraphTaskCreator}.
 *
 * <ol>
 *   <li>Train skip-gram embeddings of a planted user-article-topic graph once (an embedding job with metapath
 *       walks, run by the job runner) and save them ({@code embeddings.zip}).</li>
 *   <li>Describe the classifier of {@code HeteroEmbeddingModels.nodeClassifier} as a space: inputs
 *       {@code nodeType, nodeId}, the {@link TypeRoutingVertex}, the embedding tables in LOOKUP mode inside a
 *       {@link FrozenLayer} (a fixed layer of the space), then a dense layer whose width and activation are
 *       searched, and a softmax output; Adam's learning rate is searched too.</li>
 *   <li>Each candidate: Arbiter builds the network; a {@link TaskListener} copies the trained tables in
 *       ({@code HeteroEmbeddingModels.copyEmbeddings}) before training; the network is fit on 70% of the users
 *       ({@link UserCommunities}, an Arbiter data source) and scored by macro-F1 on the other 30%
 *       ({@link EvaluationScoreFunction}); {@link FileModelSaver} keeps every candidate.</li>
 * </ol>
 *
 * <pre>java -cp ... org.heteroembed.search.examples.ClassifierSearchExample [candidates] [edges] [outputDir]</pre>
 *
 * <p>Note: Arbiter beta7's {@code AdamSpace(lr)} sets beta1, beta2 and epsilon to Adam's default
 * <em>learning rate</em> (1e-3) when they are not given; the space below gives them explicitly.
 */
public final class ClassifierSearchExample {
    static final int EMBEDDING_SIZE = 32;

    private ClassifierSearchExample() {
    }

    /** What a run found: candidates trained, the best one and its macro-F1, and chance (1 / communities). */
    public record Outcome(int candidates, int bestIndex, double bestF1, double chance, Path outputDir) {
    }

    public static void main(String[] args) throws Exception {
        int candidates = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        long edges = args.length > 1 ? Long.parseLong(args[1]) : 20_000;
        Path out = args.length > 2 ? Path.of(args[2]) : Path.of("search-output", "classifier-example");
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        Outcome o = run(edges, 1, candidates, threads, 30, out);
        System.out.printf("%d classifier candidates: best is candidate %d, macro-F1 %.3f on held-out users (chance %.3f); "
                + "models in %s%n", o.candidates(), o.bestIndex(), o.bestF1(), o.chance(), o.outputDir().resolve("candidates"));
    }

    /**
     * Runs the example.
     *
     * @param epochs classifier epochs per candidate (over the training users)
     */
    public static Outcome run(long edges, long seed, int candidates, int threads, int epochs, Path out) throws Exception {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        Files.createDirectories(out);
        PlantedGraph planted = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(edges, seed));
        HeteroGraph g = planted.graph();

        // 1. Embeddings, trained once and frozen below.
        Path embeddings = out.resolve("embeddings.zip");
        HeteroModelFile.save(trainEmbeddings(g, seed), g, embeddings);

        // 2. The classifier space.
        int classes = planted.config().communities();
        ComputationGraphSpace space = classifierSpace(g, classes, epochs, seed);

        // 3. Data, score, saving, and a runner with arbiter-deeplearning4j's task creator.
        CandidateGenerator generator = new LimitedCandidateGenerator(new RandomSearchGenerator(space, null), candidates);
        OptimizationConfiguration configuration = new OptimizationConfiguration.Builder()
                .candidateGenerator(generator)
                .dataSource(UserCommunities.class, UserCommunities.properties(edges, seed, planted.userType(), 0.7, 256))
                .scoreFunction(new EvaluationScoreFunction(Evaluation.Metric.F1))
                .modelSaver(new FileModelSaver(out.resolve("candidates").toFile()))
                .terminationConditions(new AllCandidatesDone(generator))
                .rngSeed(seed)
                .build();
        IOptimizationRunner runner = new LocalOptimizationRunner(threads, configuration,
                new ComputationGraphTaskCreator(null, new CopyEmbeddings(embeddings.toString())));
        runner.execute();

        List<ResultReference> results = runner.getResults();
        ResultReference best = results.stream()
                .max(Comparator.comparingDouble(r -> score(r)))
                .orElseThrow(() -> new IllegalStateException("no classifier candidate finished"));
        return new Outcome(results.size(), best.getResult().getIndex(), score(best), 1.0 / classes, out);
    }

    private static double score(ResultReference r) {
        try {
            Double s = r.getResult().getScore();
            return s == null ? Double.NEGATIVE_INFINITY : s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Skip-gram vectors from metapath walks (user-article-topic-article-user): a job run by the job runner. */
    static ComputationGraph trainEmbeddings(HeteroGraph g, long seed) throws IOException, InterruptedException {
        EmbeddingJob job = EmbeddingJob.parse("""
                walks: {metapaths: [user-article-topic-article-user], walksPerNode: 8, walkLength: 20}
                skipGram: {window: 3}
                model: {dimension: %d}
                training: {engine: fast, learningRate: 0.025, epochs: 2, seed: %d, checkpointMinutes: 0}
                """.formatted(EMBEDDING_SIZE, seed), true, "the example's embedding job");
        return JobRunner.builder(job).graph(g).build().run().net();
    }

    /**
     * {@code HeteroEmbeddingModels.nodeClassifier} as an Arbiter space: the routing vertex and the frozen tables
     * are fixed, the hidden width (8..64), its activation and Adam's learning rate (1e-3..1e-1, log) are searched.
     */
    static ComputationGraphSpace classifierSpace(HeteroGraph g, int classes, int epochs, long seed) {
        List<String> types = HeteroEmbeddingModels.nodeTypes(g);
        int[] counts = HeteroEmbeddingModels.nodeCounts(g);
        HeteroEmbeddingLayer tables = new HeteroEmbeddingLayer.Builder().nodeTypes(types, counts)
                .embeddingSize(EMBEDDING_SIZE).mode(HeteroEmbeddingLayer.Mode.LOOKUP).build();
        return new ComputationGraphSpace.Builder()
                .seed(seed)
                .updater(new AdamSpace(new ContinuousParameterSpace(new LogUniformDistribution(1e-3, 1e-1)),
                        new FixedValue<>(0.9), new FixedValue<>(0.999), new FixedValue<>(1e-8)))
                .addInputs(HeteroEmbeddingModels.NODE_TYPE, HeteroEmbeddingModels.NODE_ID)
                .setInputTypes(InputType.feedForward(1), InputType.feedForward(1))
                .addVertex(HeteroEmbeddingModels.ROUTE, new TypeRoutingVertex(types, counts),
                        HeteroEmbeddingModels.NODE_TYPE, HeteroEmbeddingModels.NODE_ID)
                .layer(HeteroEmbeddingModels.EMBEDDING, new FrozenLayer(tables), HeteroEmbeddingModels.ROUTE)
                .addLayer("hidden", new DenseLayerSpace.Builder().nIn(EMBEDDING_SIZE)
                        .nOut(new IntegerParameterSpace(8, 64))
                        .activation(new DiscreteParameterSpace<>(Activation.RELU, Activation.TANH)).build(),
                        HeteroEmbeddingModels.EMBEDDING)
                .addLayer("classes", new OutputLayerSpace.Builder().nOut(classes).activation(Activation.SOFTMAX)
                        .lossFunction(LossFunctions.LossFunction.MCXENT).build(), "hidden")
                .setOutputs("classes")
                .numEpochs(epochs)
                .build();
    }

    /**
     * Copies the trained tables into each candidate's network before it trains. A {@link TaskListener} must be
     * serializable: it keeps the model file's path and loads the tables once per JVM.
     */
    @SuppressWarnings("rawtypes") // Arbiter's TaskListener takes a raw Candidate
    static final class CopyEmbeddings implements TaskListener {
        private static final long serialVersionUID = 1L;
        private final String modelFile;
        private transient ComputationGraph source;

        CopyEmbeddings(String modelFile) {
            this.modelFile = modelFile;
        }

        private synchronized ComputationGraph source() throws IOException {
            if (source == null) {
                source = HeteroModelFile.network(Path.of(modelFile));
            }
            return source;
        }

        @Override
        public <T extends Model> T preProcess(T model, Candidate candidate) {
            try {
                HeteroEmbeddingModels.copyEmbeddings(source(), (ComputationGraph) model);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return model;
        }

        @Override
        public void postProcess(Model model, Candidate candidate) {
            // nothing: the saver keeps the model
        }
    }
}
