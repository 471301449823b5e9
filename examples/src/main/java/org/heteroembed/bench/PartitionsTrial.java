package org.heteroembed.bench;

import org.heteroembed.eval.LinkPrediction;
import org.heteroembed.eval.NodeClassification;
import org.heteroembed.eval.Similarity;
import org.heteroembed.graph.GraphSnapshot;
import org.heteroembed.graph.HeldOutLinks;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.generate.PlantedGraph;
import org.heteroembed.inference.HeteroEmbeddings;
import org.heteroembed.job.EmbeddingJob;
import org.heteroembed.job.JobRunner;
import org.heteroembed.job.RunListener;
import org.heteroembed.job.TrainedModel;

import java.nio.file.Path;
import java.util.List;

/**
 * One run of {@link PartitionsBenchmark}, in its own JVM (so its peak RSS is its own): loads the training graph and
 * the held-out clicks, trains the job (whole tables in memory, or partitioned into a model directory), reads the
 * peak RSS at the end of training, then evaluates the model as {@code hetero-embed eval} does and prints one
 * {@link PartitionsReport.Run#toLine() RESULT line}, with where the training time went ({@link StageTimes}).
 * Stage messages go to stdout with the seconds since start.
 */
public final class PartitionsTrial {
    /** Users classified (a seeded sample) and training ratio / repeats of the classifier. */
    static final int USERS = 10_000;
    static final double TRAIN_RATIO = 0.7;
    static final int CLASSIFIER_REPEATS = 3;
    /** Held-out clicks ranked (a seeded sample), each against this many negatives, as eval's default. */
    static final int HELD_OUT_EDGES = 20_000;
    static final int NEGATIVES = LinkPrediction.DEFAULT_NEGATIVES;

    private PartitionsTrial() {
    }

    /** {@code SNAPSHOT HELDOUT JOB OUTPUT|- SEED}: OUTPUT is the model directory of a partitioned job. */
    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            throw new IllegalArgumentException("usage: PartitionsTrial SNAPSHOT HELDOUT JOB OUTPUT|- SEED");
        }
        long t0 = System.nanoTime();
        HeteroGraph graph = GraphSnapshot.load(Path.of(args[0]));
        HeldOutLinks heldOut = HeldOutLinks.read(Path.of(args[1]), graph);
        EmbeddingJob job = EmbeddingJob.fromFile(Path.of(args[2]));
        Path output = args[3].equals("-") ? null : Path.of(args[3]);
        long seed = Long.parseLong(args[4]);
        StageTimes times = StageTimes.install();
        RunListener stages = new RunListener() {
            @Override
            public void stage(String message) {
                System.out.printf("[%7.1f s] %s%n", (System.nanoTime() - t0) / 1e9, message);
            }

            @Override
            public void training(long plannedTokens, org.heteroembed.train.fast.TrainingProgress start) {
                times.counting(true); // from here: not the initial partition files
            }
        };
        stages.stage("graph " + graph + ", " + heldOut.size() + " held-out clicks");
        TrainedModel m = JobRunner.builder(job).graph(graph).output(output).listener(stages).build().run();
        times.counting(false);
        long rss = ModelBenchmark.peakRssMb() << 20;
        stages.stage(String.format("trained %,d tokens in %.1f s; peak RSS %d MiB; %s", m.tokensThisRun(), m.seconds(),
                rss >> 20, m.tableIo()));
        if (!m.completed()) {
            throw new IllegalStateException("training did not complete: " + m.status());
        }
        HeteroEmbeddings vectors = m.embeddings();
        NodeClassification.Result nc = NodeClassification.prepare(graph, PlantedGraph.USER, USERS, seed)
                .evaluate(vectors, List.of(TRAIN_RATIO), CLASSIFIER_REPEATS, true, seed);
        NodeClassification.RatioScores f1 = nc.ratios().get(0);
        double auc = LinkPrediction.prepare(graph, heldOut, NEGATIVES, HELD_OUT_EDGES, seed)
                .evaluate(vectors, Similarity.DOT).overall().auc();
        stages.stage("evaluated");
        TrainedModel.TableIo io = m.tableIo() != null ? m.tableIo() : new TrainedModel.TableIo(0, 0, 0, 0);
        System.out.println(new PartitionsReport.Run(m.tokensThisRun(), m.seconds(), rss, io.loads(), io.bytesRead(),
                io.bytesWritten(), io.spillBytes(), f1.microF1Mean(), f1.macroF1Mean(), auc,
                m.partitioned() ? times.stages() : PartitionsReport.Stages.NONE).toLine());
        System.out.flush();
    }
}
