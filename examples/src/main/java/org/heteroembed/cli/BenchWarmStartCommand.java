package org.heteroembed.cli;

import org.heteroembed.eval.LogisticRegressionClassifier;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.NodeHoldout;
import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
import org.heteroembed.inference.HeteroEmbeddings;
import org.heteroembed.inference.NodeInference;
import org.heteroembed.job.EmbeddingJob;
import org.heteroembed.job.JobRunner;
import org.heteroembed.job.ModelConfig;
import org.heteroembed.job.TablesConfig;
import org.heteroembed.job.TrainingConfig;
import org.heteroembed.sampling.SkipGramConfig;
import org.heteroembed.walk.WalkConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code hetero-embed bench warm-start}: a planted graph grown by a fraction of new users and articles, and the ways
 * to give the new nodes vectors: retraining from scratch, warm starts from the model of the graph before (all walks;
 * walks from the changed nodes; frozen old nodes), and inductive vectors from that model without training (fold-in,
 * mean of neighbours, random). Quality: user-community accuracy (logistic regression) on the new users, trained on the
 * old users' vectors of the same model, and on the old users (trained on 70% of them); drift: the mean cosine between
 * the old model's and the new model's vectors of the old nodes.
 */
@Command(name = "warm-start", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure warm start and inductive vectors against retraining on a planted graph that grew.",
                "Prints one table row per method: wall seconds, accuracy on new and on old users, drift of old vectors."})
final class BenchWarmStartCommand implements Callable<Integer> {
    @Option(names = "--edges", defaultValue = "200000", paramLabel = "N", description = "Edges of the grown planted graph. Default: ${DEFAULT-VALUE}.")
    int edges;

    @Option(names = "--growth", defaultValue = "0.1", paramLabel = "FRACTION", description = "Share of users and articles that are new. Default: ${DEFAULT-VALUE}.")
    double growth;

    @Option(names = "--dimension", defaultValue = "64", paramLabel = "D", description = "Embedding size. Default: ${DEFAULT-VALUE}.")
    int dimension;

    @Option(names = "--epochs", defaultValue = "2", paramLabel = "N", description = "Epochs of the runs from scratch. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--warm-epochs", defaultValue = "1", paramLabel = "N", description = "Epochs of the warm starts. Default: ${DEFAULT-VALUE}.")
    int warmEpochs;

    @Option(names = "--threads", defaultValue = "2", paramLabel = "N", description = "Training threads. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--partitions", defaultValue = "0", paramLabel = "P", description = "Also run the warm starts with "
            + "the new tables in P partitions on disk (0: only in memory). Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--work", defaultValue = "target/bench-warm-start", paramLabel = "DIR", description = "Where the models go. Default: ${DEFAULT-VALUE}.")
    Path work;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private HeteroGraph grown, before;
    private int user;

    @Override
    public Integer call() throws Exception {
        PrintWriter pw = spec.commandLine().getOut();
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        Files.createDirectories(work);
        grown = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(edges, 7)).graph();
        before = NodeHoldout.split(grown, Map.of("user", growth, "article", growth), 11).kept();
        user = grown.schema().nodeType("user");
        pw.printf("graph: %s; before the growth: %,d nodes (%,d new)%n", grown, before.numNodes(),
                grown.numNodes() - before.numNodes());
        EmbeddingJob job = EmbeddingJob.builder()
                .walks(WalkConfig.builder().metapaths("user-article-topic-article-user").walksPerNode(10).walkLength(40).build())
                .skipGram(SkipGramConfig.builder().window(5).negatives(5).build())
                .model(ModelConfig.builder().dimension(dimension).build())
                .training(TrainingConfig.builder().epochs(epochs).threads(threads).seed(3).checkpointMinutes(0).build())
                .build();
        Path old = work.resolve("before.zip");
        double oldSeconds = train(job, before, old);
        HeteroEmbeddings oldModel = HeteroEmbeddings.load(old);
        pw.printf("model of the graph before: %.1f s%n", oldSeconds);
        pw.println("| method | wall s | vs retraining | new users: accuracy | old users: accuracy | old vectors: mean cosine to before |");
        pw.println("|---|---|---|---|---|---|");
        Path retrained = work.resolve("retrained.zip");
        double retrainSeconds = train(job, grown, retrained);
        row(pw, "retrain from scratch (" + epochs + " epochs)", retrainSeconds, retrainSeconds, HeteroEmbeddings.load(retrained), oldModel);
        for (int p : partitions > 0 ? new int[]{0, partitions} : new int[]{0}) {
            for (TrainingConfig.WalksFrom from : TrainingConfig.WalksFrom.values()) {
                for (boolean freeze : new boolean[]{false, true}) {
                    if (from == TrainingConfig.WalksFrom.ALL && freeze || p > 0 && from == TrainingConfig.WalksFrom.NEW) {
                        continue;
                    }
                    EmbeddingJob warm = job.toBuilder().training(job.training().toBuilder().epochs(warmEpochs)
                                    .initFrom(old.toString()).walksFrom(from).freezeExisting(freeze).build())
                            .tables(TablesConfig.builder().partitions(p).build()).build();
                    String name = "warm-" + from.name().toLowerCase() + (freeze ? "-frozen" : "") + (p > 0 ? "-p" + p : "");
                    Path out = work.resolve(p > 0 ? name : name + ".zip");
                    org.apache.commons.io.FileUtils.deleteDirectory(out.toFile());
                    double s = train(warm, grown, out);
                    row(pw, "warm start" + (p > 0 ? " (" + p + " partitions on disk)" : "") + ", walks from "
                            + from.name().toLowerCase() + (freeze ? ", old frozen" : "") + " (" + warmEpochs + " epoch)",
                            s, retrainSeconds, HeteroEmbeddings.load(out), oldModel);
                }
            }
        }
        NodeInference inference = NodeInference.load(old);
        for (NodeInference.Method m : NodeInference.Method.values()) {
            long t0 = System.nanoTime();
            List<float[]> vectors = new ArrayList<>();
            for (int i = 0; i < grown.numNodes(user); i++) {
                String id = grown.ids(user).get(i);
                if (before.node(user, id) < 0) {
                    vectors.add(inference.infer("user", NodeInference.neighbours(grown, grown.globalId(user, i)), m).vector());
                }
            }
            double s = (System.nanoTime() - t0) / 1e9;
            double accuracy = newUserAccuracy(id -> oldModel.vector("user", id), vectors);
            pw.printf("| inductive, %s (old model unchanged) | %.2f | %.3fx | %.3f | - | 1 |%n",
                    m == NodeInference.Method.FOLD_IN ? "fold-in" : "mean of neighbours", s, s / retrainSeconds, accuracy);
        }
        java.util.Random r = new java.util.Random(5);
        List<float[]> random = new ArrayList<>();
        for (int i = 0; i < grown.numNodes(user); i++) {
            if (before.node(user, grown.ids(user).get(i)) < 0) {
                float[] v = new float[dimension];
                for (int j = 0; j < dimension; j++) {
                    v[j] = (float) r.nextGaussian();
                }
                random.add(v);
            }
        }
        pw.printf("| random vectors for the new users | - | - | %.3f | - | - |%n",
                newUserAccuracy(id -> oldModel.vector("user", id), random));
        pw.flush();
        return 0;
    }

    private double train(EmbeddingJob job, HeteroGraph graph, Path out) throws Exception {
        Files.deleteIfExists(out);
        long t0 = System.nanoTime();
        JobRunner.builder(job).graph(graph).output(out).build().run();
        return (System.nanoTime() - t0) / 1e9;
    }

    private void row(PrintWriter pw, String name, double seconds, double retrainSeconds, HeteroEmbeddings model,
                     HeteroEmbeddings oldModel) {
        List<float[]> newUsers = new ArrayList<>();
        for (int i = 0; i < grown.numNodes(user); i++) {
            String id = grown.ids(user).get(i);
            if (before.node(user, id) < 0) {
                newUsers.add(model.vector("user", id));
            }
        }
        double drift = 0;
        int n = 0;
        for (int t = 0; t < before.numNodeTypes(); t++) {
            String type = before.schema().nodeTypes().get(t);
            for (int i = 0; i < before.numNodes(t); i += 7) {
                String id = before.ids(t).get(i);
                drift += cosine(model.vector(type, id), oldModel.vector(type, id));
                n++;
            }
        }
        pw.printf("| %s | %.1f | %.2fx | %.3f | %.3f | %.3f |%n", name, seconds, seconds / retrainSeconds,
                newUserAccuracy(id -> model.vector("user", id), newUsers), oldUserAccuracy(model), drift / n);
        pw.flush();
    }

    /** A classifier trained on the old users' vectors ({@code oldVector}) predicts the new users' communities. */
    private double newUserAccuracy(Function<String, float[]> oldVector, List<float[]> newVectors) {
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>(), newLabels = new ArrayList<>();
        for (int i = 0; i < grown.numNodes(user); i++) {
            String id = grown.ids(user).get(i);
            if (before.node(user, id) >= 0) {
                rows.add(oldVector.apply(id));
                labels.add(grown.labels(user).label(i));
            } else {
                newLabels.add(grown.labels(user).label(i));
            }
        }
        int train = rows.size();
        for (int i = 0; i < newVectors.size(); i++) {
            if (newVectors.get(i) != null) {
                rows.add(newVectors.get(i));
                labels.add(newLabels.get(i));
            }
        }
        return accuracy(rows, labels, train);
    }

    /** The old users: trained on the first 70%, tested on the rest. */
    private double oldUserAccuracy(HeteroEmbeddings model) {
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int i = 0; i < grown.numNodes(user); i++) {
            String id = grown.ids(user).get(i);
            if (before.node(user, id) >= 0) {
                rows.add(model.vector("user", id));
                labels.add(grown.labels(user).label(i));
            }
        }
        return accuracy(rows, labels, (int) (0.7 * rows.size()));
    }

    /** Accuracy (micro-F1) of the classifier trained on the first {@code train} rows, tested on the rest. */
    private double accuracy(List<float[]> rows, List<Integer> labels, int train) {
        return LogisticRegressionClassifier.trainAndTest(Nd4j.create(rows.toArray(new float[0][])),
                labels.stream().mapToInt(Integer::intValue).toArray(), grown.labels(user).numClasses(), train, 1).micro();
    }

    private static double cosine(float[] a, float[] b) {
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }
}
