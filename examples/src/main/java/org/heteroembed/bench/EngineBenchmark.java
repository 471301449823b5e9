package org.heteroembed.bench;

import org.deeplearning4j.models.word2vec.Word2Vec;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.text.sentenceiterator.BasicLineIterator;
import org.deeplearning4j.text.tokenization.tokenizerfactory.DefaultTokenizerFactory;
import org.heteroembed.eval.F1;
import org.heteroembed.eval.LogisticRegressionClassifier;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.NodeLabels;
import org.heteroembed.graph.generate.PlantedGraph;
import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
import org.heteroembed.graph.io.NodeTokens;
import org.heteroembed.inference.HeteroEmbeddings;
import org.heteroembed.inference.NodeIdTables;
import org.heteroembed.nn.HeteroEmbeddingModels;
import org.heteroembed.sampling.SkipGramConfig;
import org.heteroembed.sampling.SkipGramPairGenerator;
import org.heteroembed.train.fast.FastSkipGramEngine;
import org.heteroembed.walk.WalkConfig;
import org.heteroembed.walk.WalkCorpusWriter;
import org.heteroembed.walk.WalkGenerator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The fast engine against DL4J's Word2Vec, side by side in one run on the same metapath walk corpus with the
 * same settings (dimension 128, window 5, 5 negatives, subsampling 1e-3, 1 epoch, all cores): tokens/s and
 * wall time, and the quality of both on the planted labels (users' communities: micro- and macro-F1 of a
 * logistic regression, 70/30 split). Word2Vec reads the corpus file the engine's walks were written to; its
 * wall time includes building its vocabulary, the engine's includes counting node frequencies.
 */
public final class EngineBenchmark {
    private final PlantedGraphConfig graphConfig;
    private final int walksPerNode;
    private final int walkLength;
    private final Path dir;

    public EngineBenchmark(PlantedGraphConfig graphConfig, int walksPerNode, int walkLength, Path dir) {
        this.graphConfig = graphConfig;
        this.walksPerNode = walksPerNode;
        this.walkLength = walkLength;
        this.dir = dir;
    }

    public void run(PrintWriter out) throws IOException, InterruptedException {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        int threads = Runtime.getRuntime().availableProcessors();
        PlantedGraph pg = PlantedGraphGenerator.generate(graphConfig);
        HeteroGraph g = pg.graph();
        WalkGenerator walks = new WalkGenerator(g, WalkConfig.builder().metapaths("user-article-topic-article-user")
                .walksPerNode(walksPerNode).walkLength(walkLength).threads(threads).seed(1).build());
        Path corpus = dir.resolve("walks.txt");
        WalkCorpusWriter.write(walks, corpus, null);
        SkipGramConfig sg = SkipGramConfig.builder().window(5).negatives(5).subsample(1e-3).build();

        // The engine: frequencies (one walk pass) + training, fed by walks generated on the fly.
        long e0 = System.nanoTime();
        SkipGramPairGenerator pairs = SkipGramPairGenerator.forWalks(walks, sg);
        ComputationGraph net = new ComputationGraph(HeteroEmbeddingModels.skipGram(g, 128, 5, new Sgd(0.025), 1, DataType.FLOAT));
        net.init();
        FastSkipGramEngine.Result r = FastSkipGramEngine.builder().epochs(1).build().fit(net, walks, pairs);
        double engineWall = (System.nanoTime() - e0) / 1e9;
        long tokens = pairs.corpusTokens();
        out.printf("corpus: %,d walks, %,d tokens (%s)%n", walks.numWalks(), tokens, corpus);
        out.printf("engine: %.1f s wall (training %.1f s, %,.0f tokens/s in training)%n", engineWall, r.seconds(), r.tokensPerSecond());
        out.flush();

        // DL4J Word2Vec on the same corpus and settings.
        long w0 = System.nanoTime();
        Word2Vec w2v = new Word2Vec.Builder().minWordFrequency(1).layerSize(128).windowSize(5).negativeSample(5)
                .useHierarchicSoftmax(false).sampling(1e-3).epochs(1).iterations(1).learningRate(0.025)
                .minLearningRate(0.025 * 1e-4).workers(threads).seed(1)
                .iterate(new BasicLineIterator(corpus.toFile())).tokenizerFactory(new DefaultTokenizerFactory()).build();
        w2v.fit();
        double w2vWall = (System.nanoTime() - w0) / 1e9;
        out.printf("DL4J Word2Vec: %.1f s wall (%,.0f tokens/s)%n", w2vWall, tokens / w2vWall);
        out.flush();

        // Quality on the same users.
        int user = g.schema().nodeType(PlantedGraph.USER);
        NodeLabels labels = g.labels(user);
        int n = g.numNodes(user);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = labels.label(i);
        }
        INDArray engineVectors = HeteroEmbeddings.of(net, NodeIdTables.of(g)).vectors(PlantedGraph.USER);
        INDArray w2vVectors = Nd4j.create(DataType.FLOAT, n, 128);
        int missing = 0;
        for (int i = 0; i < n; i++) {
            String token = NodeTokens.token(PlantedGraph.USER, g.ids(user).get(i));
            if (w2v.hasWord(token)) {
                w2vVectors.putRow(i, w2v.getWordVectorMatrix(token).castTo(DataType.FLOAT));
            } else {
                missing++;
            }
        }
        int train = (int) (n * 0.7);
        F1 f1Engine = LogisticRegressionClassifier.trainAndTest(engineVectors, y, labels.numClasses(), train, 3);
        F1 f1W2v = LogisticRegressionClassifier.trainAndTest(w2vVectors, y, labels.numClasses(), train, 3);
        out.printf("%n| trainer (dim 128, window 5, 5 negatives, 1 epoch, %d threads) | wall time | tokens/s | micro-F1 | macro-F1 |%n"
                + "|---|---|---|---|---|%n", threads);
        out.printf("| hetero-embed fast engine | %.1f s | %,.0f | %.3f | %.3f |%n", engineWall, tokens / engineWall, f1Engine.micro(), f1Engine.macro());
        out.printf("| DL4J Word2Vec 1.0.0-M2.1 | %.1f s | %,.0f | %.3f | %.3f |%n", w2vWall, tokens / w2vWall, f1W2v.micro(), f1W2v.macro());
        out.printf("speed-up %.1fx (wall time); %d users had no Word2Vec vector%n", w2vWall / engineWall, missing);
        out.flush();
    }
}
