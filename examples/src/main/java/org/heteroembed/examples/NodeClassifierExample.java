package org.heteroembed.examples;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.NodeLabels;
import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
import org.heteroembed.inference.EmbeddingQuality;
import org.heteroembed.job.EmbeddingJob;
import org.heteroembed.job.JobRunner;
import org.heteroembed.job.ModelConfig;
import org.heteroembed.job.TrainingConfig;
import org.heteroembed.nn.HeteroEmbeddingModels;
import org.heteroembed.sampling.SkipGramConfig;
import org.heteroembed.walk.WalkConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Composition: train skip-gram embeddings (a job run by {@link JobRunner}) of a user-article-topic graph, then put the trained tables under a
 * dense layer and a softmax in one ComputationGraph and learn to predict each user's community, with the
 * embeddings frozen (pass {@code --fine-tune} to train them too).
 *
 * <pre>java -cp examples/target/hetero-embed.jar org.heteroembed.examples.NodeClassifierExample [--fine-tune]</pre>
 */
public final class NodeClassifierExample {
    private NodeClassifierExample() {
    }

    public static void main(String[] args) throws Exception {
        boolean fineTune = args.length > 0 && args[0].equals("--fine-tune");
        HeteroGraph g = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(20_000, 1)).graph();

        // 1. Skip-gram embeddings from metapath walks: a job run by the job runner with the sparse engine (HeteroTrainer,
        //    per-row AdaGrad), the same run as `hetero-embed train --engine sparse --updater adagrad ...`.
        EmbeddingJob job = EmbeddingJob.builder()
                .walks(WalkConfig.builder().metapaths("user-article-topic-article-user").walksPerNode(8).walkLength(20).build())
                .skipGram(SkipGramConfig.builder().window(3).build())
                .model(ModelConfig.builder().dimension(32).build())
                .training(TrainingConfig.builder().engine(TrainingConfig.Engine.SPARSE).updater(TrainingConfig.Updater.ADAGRAD)
                        .epochs(2).seed(1).build())
                .build();
        ComputationGraph skipGram = JobRunner.builder(job).graph(g).build().run().net();

        // 2. The classifier: (type, id) -> the same tables in LOOKUP mode -> dense -> softmax over communities.
        int user = g.schema().nodeType("user");
        NodeLabels labels = g.labels(user);
        ComputationGraph classifier = new ComputationGraph(HeteroEmbeddingModels.nodeClassifier(
                HeteroEmbeddingModels.nodeTypes(g), HeteroEmbeddingModels.nodeCounts(g), 32, 32, labels.numClasses(),
                !fineTune, new Adam(0.01), 2, DataType.FLOAT));
        classifier.init();
        HeteroEmbeddingModels.copyEmbeddings(skipGram, classifier);

        int n = g.numNodes(user), train = (int) (0.7 * n);
        INDArray types = Nd4j.zeros(DataType.INT, n, 1).addi(user);
        INDArray ids = Nd4j.arange(n).castTo(DataType.INT).reshape(n, 1);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, labels.numClasses());
        for (int i = 0; i < n; i++) {
            y.putScalar(i, labels.label(i), 1f);
        }
        MultiDataSet trainSet = new MultiDataSet(new INDArray[]{types.get(NDArrayIndex.interval(0, train)),
                ids.get(NDArrayIndex.interval(0, train))}, new INDArray[]{y.get(NDArrayIndex.interval(0, train))});
        for (int epoch = 0; epoch < 200; epoch++) {
            classifier.fit(trainSet);
        }
        int[] predicted = classifier.outputSingle(types.get(NDArrayIndex.interval(train, n)), ids.get(NDArrayIndex.interval(train, n)))
                .argMax(1).toIntVector();
        System.out.printf("community of held-out users (%s embeddings): accuracy %.3f, chance %.3f%n",
                fineTune ? "fine-tuned" : "frozen", EmbeddingQuality.accuracy(predicted, labels, train), 1.0 / labels.numClasses());
    }
}
