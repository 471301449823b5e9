package org.heteroembed.examples;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.heteroembed.eval.NodeClassification;
import org.heteroembed.graph.GraphSnapshot;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
import org.heteroembed.graph.io.GraphInput;
import org.heteroembed.inference.HeteroEmbeddings;
import org.heteroembed.job.EmbeddingJob;
import org.heteroembed.job.JobRunner;
import org.heteroembed.job.ModelConfig;
import org.heteroembed.job.TrainingConfig;
import org.heteroembed.spark.GraphSource;
import org.heteroembed.spark.SparkConfig;
import org.heteroembed.spark.SparkEngine;
import org.heteroembed.walk.WalkConfig;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Training on Spark from Java, in {@code local[2]}: an embedding job with a {@code spark} section (the fast engine per
 * partition, walks grouped by label-propagation communities), run by the job runner with the Spark engine; walks are
 * made on the executors from a graph snapshot. Then the model is evaluated. Run with the JVM flags Spark needs on
 * Java 17 ({@code bin/jvm.args}; README, "JVM flags"), e.g. {@code java @bin/jvm.args -cp
 * 'examples/target/hetero-embed.jar:examples/target/lib/*' org.heteroembed.examples.SparkExample [DIR]}.
 */
public final class SparkExample {
    private SparkExample() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "spark-example"));
        HeteroGraph g = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(50_000, 1)).graph();
        Path snapshot = dir.resolve("graph.heg");
        GraphSnapshot.save(g, snapshot);
        EmbeddingJob job = EmbeddingJob.builder()
                .graph(GraphInput.builder().input(snapshot).build())
                .walks(WalkConfig.builder().metapaths("user-article-topic-article-user").walksPerNode(5).walkLength(20).build())
                .model(ModelConfig.builder().dimension(64).build())
                .training(TrainingConfig.builder().epochs(2).seed(7).build())
                .spark(SparkConfig.builder().mode(SparkConfig.Mode.FAST).tasks(2).rounds(4)
                        .partitioning(SparkConfig.Partitioning.LOCALITY).build())
                .build();
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("hetero-embed spark example")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false")
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .set("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            GraphSource source = GraphSource.sharedFile(snapshot);
            SparkEngine engine = new SparkEngine(sc, source, System.out::println);
            Path model = dir.resolve("model.zip");
            JobRunner.builder(job).graph(source.graph()).engine(engine).output(model).build().run();
            SparkEngine.Report r = engine.report();
            System.out.printf("trained %,d pairs in %.1f s (%,.0f pairs/s), %,d KiB exchanged, %.2f of token updates on "
                            + "another partition's rows%n", r.pairs(), r.seconds(), r.fast().pairsPerSecond(),
                    r.fast().bytesExchanged() / 1024, r.fast().crossPartitionFraction());
            NodeClassification.Result f1 = NodeClassification.evaluate(HeteroEmbeddings.load(model), g, "user", 1);
            System.out.printf("saved %s; user macro-F1 at 50%% training: %.3f%n", model,
                    f1.ratios().stream().filter(x -> x.trainRatio() == 0.5).findFirst().orElseThrow().macroF1Mean());
        }
    }
}
