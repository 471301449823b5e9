package org.heteroembed.examples;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.eval.NodeClassification;
import org.heteroembed.graph.GraphSnapshot;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
import org.heteroembed.graph.partition.LabelPropagationPartitioner;
import org.heteroembed.graph.partition.NodePartition;
import org.heteroembed.inference.HeteroEmbeddings;
import org.heteroembed.inference.HeteroModelFile;
import org.heteroembed.inference.NodeIdTables;
import org.heteroembed.nn.HeteroEmbeddingModels;
import org.heteroembed.sampling.SkipGramConfig;
import org.heteroembed.spark.GraphSource;
import org.heteroembed.spark.SparkFastTrainer;
import org.heteroembed.spark.SparkWalks;
import org.heteroembed.spark.WalkBlock;
import org.heteroembed.walk.WalkConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Training on Spark from Java, in {@code local[2]}: walks made on the executors from a graph snapshot, grouped by
 * label-propagation communities, the fast engine per partition with row-delta merging, then the model saved and
 * evaluated. Run with the JVM flags Spark needs on Java 17 ({@code bin/jvm.args}; README, "JVM flags"), e.g.
 * {@code java @bin/jvm.args -cp 'examples/target/hetero-embed.jar:examples/target/lib/*'
 * org.heteroembed.examples.SparkExample [DIR]}.
 */
public final class SparkExample {
    private SparkExample() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "spark-example"));
        HeteroGraph g = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(50_000, 1)).graph();
        Path snapshot = dir.resolve("graph.heg");
        GraphSnapshot.save(g, snapshot);
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("hetero-embed spark example")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false")
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .set("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            GraphSource source = GraphSource.sharedFile(snapshot);
            WalkConfig walks = WalkConfig.builder().metapaths("user-article-topic-article-user").walksPerNode(5).walkLength(20).build();
            NodePartition communities = LabelPropagationPartitioner.builder().parts(2).build().partition(g);
            JavaRDD<WalkBlock> corpus = SparkWalks.byStartPart(SparkWalks.generate(sc, source, walks, 2), communities, 64)
                    .persist(StorageLevel.MEMORY_AND_DISK_SER());
            long[] counts = SparkWalks.countNodes(corpus, g.numNodes());
            ComputationGraph net = new ComputationGraph(HeteroEmbeddingModels.skipGram(g, 64, 5, new Sgd(0.025), 7, DataType.FLOAT));
            net.init();
            SparkFastTrainer.Result r = SparkFastTrainer.builder().epochs(2).roundsPerEpoch(4).build()
                    .fit(sc, net, source, corpus, SkipGramConfig.builder().window(5).negatives(5).build(), counts, communities);
            System.out.printf("trained %,d pairs in %.1f s (%,.0f pairs/s), %,d KiB exchanged, %.2f of token updates on "
                            + "another partition's rows%n", r.pairs(), r.seconds(), r.pairsPerSecond(), r.bytesExchanged() / 1024,
                    r.crossPartitionFraction());
            Path model = dir.resolve("model.zip");
            HeteroModelFile.save(net, NodeIdTables.of(g), model);
            NodeClassification.Result f1 = NodeClassification.evaluate(HeteroEmbeddings.load(model), g, "user", 1);
            System.out.printf("saved %s; user macro-F1 at 50%% training: %.3f%n", model,
                    f1.ratios().stream().filter(x -> x.trainRatio() == 0.5).findFirst().orElseThrow().macroF1Mean());
        }
    }
}
