package org.heteroembed.bench;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.nn.HeteroEmbeddingModels;
import org.heteroembed.train.HeteroTrainer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Milliseconds per training iteration and peak memory for the three ways to train an embedding table of N rows
 * x 128: our layer through DL4J's {@code fit()}, our layer through the sparse {@link HeteroTrainer}, and DL4J's
 * stock {@code EmbeddingLayer} through {@code fit()} (followed by a small output layer, as in
 * {@code dl4j-facts.md}). Each case runs in its own JVM (so peak RSS is that case's alone) with one OpenMP
 * thread; batches are random ids with 5 negatives; SGD everywhere; median over the timed iterations.
 */
public final class ModelBenchmark {
    public enum Path3 {
        FIT, SPARSE, STOCK
    }

    private ModelBenchmark() {
    }

    /** Runs every case in a child JVM and prints a table. */
    public static void runAll(long[] nodes, int[] batches, int iterations, String heap, PrintWriter out) throws IOException, InterruptedException {
        List<String[]> rows = new ArrayList<>();
        for (long n : nodes) {
            for (int b : batches) {
                for (Path3 p : Path3.values()) {
                    String[] result = child(p, n, b, iterations, heap);
                    out.printf("%s N=%,d batch=%d: %s ms/iter, peak RSS %s MB%n", p, n, b, result[0], result[1]);
                    out.flush();
                    rows.add(new String[]{String.format("%,d", n), Integer.toString(b), p.name().toLowerCase(), result[0], result[1]});
                }
            }
        }
        out.printf("%n| rows per table | batch | path | ms/iteration (median) | peak RSS MB |%n|---|---|---|---|---|%n");
        for (String[] r : rows) {
            out.printf("| %s | %s | %s | %s | %s |%n", (Object[]) r);
        }
        out.flush();
    }

    private static String[] child(Path3 path, long nodes, int batch, int iterations, String heap) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx" + heap, "-cp", System.getProperty("java.class.path"),
                ModelBenchmark.class.getName(), path.name(), Long.toString(nodes), Integer.toString(batch), Integer.toString(iterations));
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String result = null;
        StringBuilder all = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                all.append(line).append('\n');
                if (line.startsWith("RESULT ")) {
                    result = line.substring(7);
                }
            }
        }
        int exit = p.waitFor();
        if (exit != 0 || result == null) {
            return new String[]{"failed (exit " + exit + ")", "-"};
        }
        return result.split(" ");
    }

    /** Child entry: {@code PATH NODES BATCH ITERATIONS}; prints {@code RESULT <median ms> <peak RSS MB>}. */
    public static void main(String[] args) throws IOException {
        Path3 path = Path3.valueOf(args[0]);
        int nodes = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        int iterations = Integer.parseInt(args[3]);
        int dim = 128, k = 5;
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        ComputationGraph net;
        if (path == Path3.STOCK) {
            net = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1).updater(new Sgd(0.1)).dataType(DataType.FLOAT)
                    .graphBuilder().addInputs("idx")
                    .addLayer("embedding", new EmbeddingLayer.Builder().nIn(nodes).nOut(dim).build(), "idx")
                    .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(dim).nOut(2)
                            .activation(Activation.SOFTMAX).build(), "embedding")
                    .setOutputs("out").build());
        } else {
            net = new ComputationGraph(HeteroEmbeddingModels.skipGram(List.of("node"), new int[]{nodes}, dim, k,
                    new Sgd(0.1), 1, DataType.FLOAT));
        }
        net.init();
        HeteroTrainer trainer = HeteroTrainer.builder().learningRate(0.1).minLearningRate(0.1).build();
        SplittableRandom rng = new SplittableRandom(7);
        int warmup = 3;
        double[] ms = new double[iterations];
        for (int i = 0; i < warmup + iterations; i++) {
            MultiDataSet m = path == Path3.STOCK ? stockBatch(rng, nodes, batch) : skipGramBatch(rng, nodes, batch, k);
            long t0 = System.nanoTime();
            if (path == Path3.SPARSE) {
                trainer.fit(net, m);
            } else {
                net.fit(m);
            }
            if (i >= warmup) {
                ms[i - warmup] = (System.nanoTime() - t0) / 1e6;
            }
        }
        Arrays.sort(ms);
        System.out.printf("RESULT %.1f %d%n", ms[ms.length / 2], peakRssMb());
    }

    private static MultiDataSet skipGramBatch(SplittableRandom rng, int nodes, int batch, int k) {
        int[] centers = new int[batch], targets = new int[batch * (k + 1)];
        for (int i = 0; i < centers.length; i++) {
            centers[i] = rng.nextInt(nodes);
        }
        for (int i = 0; i < targets.length; i++) {
            targets[i] = rng.nextInt(nodes);
        }
        INDArray labels = Nd4j.zeros(DataType.FLOAT, batch, k + 1);
        labels.getColumn(0).assign(1);
        return new MultiDataSet(new INDArray[]{Nd4j.zeros(DataType.INT, batch, 1), Nd4j.createFromArray(centers).reshape(batch, 1),
                Nd4j.zeros(DataType.INT, batch, k + 1), Nd4j.createFromArray(targets).reshape(batch, k + 1)}, new INDArray[]{labels});
    }

    private static MultiDataSet stockBatch(SplittableRandom rng, int nodes, int batch) {
        float[] idx = new float[batch];
        for (int i = 0; i < batch; i++) {
            idx[i] = rng.nextInt(nodes);
        }
        INDArray labels = Nd4j.zeros(DataType.FLOAT, batch, 2);
        labels.getColumn(0).assign(1);
        return new MultiDataSet(new INDArray[]{Nd4j.createFromArray(idx).reshape(batch, 1)}, new INDArray[]{labels});
    }

    /** Peak resident set size of this process (VmHWM), in MB. */
    static long peakRssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }
}
