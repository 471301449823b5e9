package org.heteroembed.bench;

import org.heteroembed.config.ValueType;
import org.heteroembed.eval.F1;
import org.heteroembed.eval.LogisticRegressionClassifier;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.NodeLabels;
import org.heteroembed.graph.generate.PlantedGraph;
import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
import org.heteroembed.inference.EmbeddingQuality;
import org.heteroembed.inference.HeteroEmbeddings;
import org.heteroembed.job.EmbeddingJob;
import org.heteroembed.job.JobRunner;
import org.heteroembed.job.TrainedModel;
import org.heteroembed.job.TrainingConfig;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The three engines behind the job runner on one job, side by side in one run: the same planted graph, walks,
 * pairs and model, trained by {@code fast}, {@code sparse} and {@code fit} (each engine's default updater and
 * rate), repeated in turn. Reports the median training time and pairs/s, and the quality of each model on the
 * planted labels (user neighbour purity, macro-F1 of a logistic regression on 70% of the users).
 */
public final class EnginesBenchmark {
    private final PlantedGraphConfig graphConfig;
    private final EmbeddingJob job;
    private final int repeats;

    public EnginesBenchmark(PlantedGraphConfig graphConfig, EmbeddingJob job, int repeats) {
        this.graphConfig = graphConfig;
        this.job = job;
        this.repeats = repeats;
    }

    private record Run(double seconds, long pairs, double purity, double macroF1) {
    }

    public void run(PrintWriter out) throws Exception {
        HeteroGraph g = PlantedGraphGenerator.generate(graphConfig).graph();
        TrainingConfig.Engine[] engines = TrainingConfig.Engine.values();
        List<List<Run>> runs = new ArrayList<>();
        for (TrainingConfig.Engine ignored : engines) {
            runs.add(new ArrayList<>());
        }
        out.printf("graph %s; job: %s%n", g, job.toTree().without("graph"));
        for (int r = 0; r < repeats; r++) {
            for (int e = 0; e < engines.length; e++) {
                TrainedModel m = JobRunner.builder(job.with(Map.of("training.engine", engines[e]))).graph(g).build().run();
                HeteroEmbeddings vectors = m.embeddings();
                int user = g.schema().nodeType(PlantedGraph.USER);
                NodeLabels labels = g.labels(user);
                int n = g.numNodes(user);
                int[] y = new int[n];
                for (int i = 0; i < n; i++) {
                    y[i] = labels.label(i);
                }
                F1 f1 = LogisticRegressionClassifier.trainAndTest(vectors.vectors(PlantedGraph.USER), y,
                        labels.numClasses(), (int) (0.7 * n), 3);
                Run run = new Run(m.seconds(), m.progress().pairs(),
                        EmbeddingQuality.neighbourPurity(vectors, g, PlantedGraph.USER, 10, Math.min(1000, n)), f1.macro());
                runs.get(e).add(run);
                out.printf("  %-6s run %d: %.1f s, %,d pairs, purity %.3f, macro-F1 %.3f%n", ValueType.name(engines[e]),
                        r + 1, run.seconds(), run.pairs(), run.purity(), run.macroF1());
                out.flush();
            }
        }
        out.printf("%n| engine (%s) | training s (median of %d) | pairs/s | user purity@10 | macro-F1 | time / fast |%n"
                + "|---|---|---|---|---|---|%n", job.training().threads() == null ? "all cores"
                : job.training().threads() + " threads", repeats);
        double fastSeconds = median(runs.get(0).stream().mapToDouble(Run::seconds).toArray());
        for (int e = 0; e < engines.length; e++) {
            List<Run> rs = runs.get(e);
            double s = median(rs.stream().mapToDouble(Run::seconds).toArray());
            Run last = rs.get(rs.size() - 1);
            out.printf("| %s | %.1f | %,.0f | %.3f | %.3f | %.1fx |%n", ValueType.name(engines[e]), s,
                    last.pairs() / s, median(rs.stream().mapToDouble(Run::purity).toArray()),
                    median(rs.stream().mapToDouble(Run::macroF1).toArray()), s / fastSeconds);
        }
        out.flush();
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
