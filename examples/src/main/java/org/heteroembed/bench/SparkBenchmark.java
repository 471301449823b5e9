package org.heteroembed.bench;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.eval.LogisticRegressionClassifier;
import org.heteroembed.graph.GraphSnapshot;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
import org.heteroembed.graph.partition.LabelPropagationPartitioner;
import org.heteroembed.graph.partition.NodePartition;
import org.heteroembed.inference.HeteroEmbeddings;
import org.heteroembed.inference.NodeIdTables;
import org.heteroembed.nn.HeteroEmbeddingModels;
import org.heteroembed.sampling.SkipGramConfig;
import org.heteroembed.spark.GraphSource;
import org.heteroembed.spark.RoundStats;
import org.heteroembed.spark.SparkFastTrainer;
import org.heteroembed.spark.SparkSkipGramTrainer;
import org.heteroembed.spark.SparkTrainingMasters;
import org.heteroembed.spark.SparkWalks;
import org.heteroembed.spark.WalkBlock;
import org.heteroembed.walk.WalkConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Spark training throughput with 1 and 2 workers ({@code local[N]}: executors are threads of one JVM) for the
 * three modes, and the fast engine's traffic per round with hash vs locality (label propagation) partitioning.
 * Each measurement runs in its own JVM (DL4J's parameter server keeps per-JVM state), on the same planted graph.
 */
public final class SparkBenchmark {
    private static final long DL4J_TOKENS = 60_000;
    private final long edges;
    private final long dl4jEdges;
    private final Path dir;
    private final int repeats;

    /**
     * @param edges     graph size for the fast engine
     * @param dl4jEdges graph size for DL4J's masters, whose fit() makes dense passes over the whole tables every
     *                  iteration (a million-edge graph's 150k x 64 tables train at ~1k pairs/s)
     */
    public SparkBenchmark(long edges, long dl4jEdges, Path dir, int repeats) {
        this.edges = edges;
        this.dl4jEdges = dl4jEdges;
        this.dir = dir;
        this.repeats = repeats;
    }

    public void run(PrintWriter out) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        out.printf("Spark training, local[N], one partition per worker; median of %d.%n"
                + "fast: planted graph of %,d edges, 5 metapath walks of 20 per user, 1 epoch in 4 rounds, d=64.%n"
                + "averaging/sharing: planted graph of %,d edges, ~%,d walk tokens, d=64, Adam, batch 512.%n",
                repeats, edges, dl4jEdges, DL4J_TOKENS);
        List<String[]> rows = new ArrayList<>();
        String[][] cases = {
                {"fast", "1", "hash"}, {"fast", "2", "hash"}, {"fast", "2", "locality"},
                {"averaging", "1", "hash"}, {"averaging", "2", "hash"},
                {"sharing", "1", "hash"}, {"sharing", "2", "hash"}};
        for (String[] c : cases) {
            List<String[]> runs = new ArrayList<>();
            for (int i = 0; i < repeats; i++) {
                runs.add(child(c[0], Integer.parseInt(c[1]), c[2]));
                out.printf("  %s, %s worker(s), %s: %s%n", c[0], c[1], c[2], String.join(" ", runs.get(runs.size() - 1)));
                out.flush();
            }
            runs.sort((a, b) -> Double.compare(parse(a[0]), parse(b[0])));
            String[] median = runs.get(runs.size() / 2);
            rows.add(new String[]{c[0], c[1], c[2], median[0], median[1], median[2], median[3], median[4]});
        }
        out.printf("%n| mode | workers | partitioning | pairs/s | KiB exchanged per round (median) | cross-partition token updates | foreign rows | user accuracy |%n"
                + "|---|---|---|---|---|---|---|---|%n");
        for (String[] r : rows) {
            out.printf("| %s | %s | %s | %s | %s | %s | %s | %s |%n", (Object[]) r);
        }
        out.flush();
    }

    private static double parse(String s) {
        try {
            return Double.parseDouble(s.replace(",", ""));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private String[] child(String mode, int workers, String partitioning) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx4g"));
        cmd.addAll(Arrays.asList(SparkTrainingMasters.jvmOptions(dir.resolve("aeron-" + mode + workers).toAbsolutePath().toString()).split(" ")));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), SparkBenchmark.class.getName(),
                mode, Integer.toString(workers), partitioning, Long.toString(mode.equals("fast") ? edges : dl4jEdges),
                dir.toAbsolutePath().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.redirectErrorStream(true);
        Path log = dir.resolve("child-" + mode + "-" + workers + "-" + partitioning + ".log");
        pb.redirectOutput(log.toFile());
        int exit = pb.start().waitFor();
        String result = null;
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith("RESULT ")) {
                result = line.substring(7);
            }
        }
        return exit != 0 || result == null ? new String[]{"failed(exit " + exit + ", see " + log + ")", "-", "-", "-", "-"} : result.split(" ");
    }

    /**
     * Child: {@code MODE WORKERS PARTITIONING EDGES DIR}; prints
     * {@code RESULT <pairs/s> <KiB per round> <cross fraction> <foreign rows> <accuracy>}.
     */
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int workers = Integer.parseInt(args[1]);
        boolean locality = args[2].equals("locality");
        long edges = Long.parseLong(args[3]);
        Path dir = Path.of(args[4]);
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        HeteroGraph g = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(edges, 5)).graph();
        Path snapshot = dir.resolve("planted-" + edges + ".graph");
        if (!Files.exists(snapshot)) {
            GraphSnapshot.save(g, snapshot);
        }
        SparkConf conf = new SparkConf().setMaster("local[" + workers + "]").setAppName("bench-spark")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1").set("spark.ui.enabled", "false")
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .set("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator")
                .set("spark.kryoserializer.buffer.max", "2047m") // DL4J's masters return whole models per worker
                .set("spark.driver.maxResultSize", "0");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("WARN");
            GraphSource source = GraphSource.sharedFile(snapshot);
            boolean fast = mode.equals("fast");
            WalkConfig walkConfig = WalkConfig.builder().metapaths("user-article-topic-article-user")
                    .walksPerNode(fast ? 5 : 1).walkLength(fast ? 20 : 10).seed(1).build();
            JavaRDD<WalkBlock> walks = SparkWalks.generate(sc, source, walkConfig, workers);
            NodePartition owners = null;
            if (locality) {
                owners = LabelPropagationPartitioner.builder().parts(workers).seed(5).build().partition(g);
                walks = SparkWalks.byStartPart(walks, owners, 64);
            }
            walks = walks.persist(StorageLevel.MEMORY_ONLY());
            long[] counts = SparkWalks.countNodes(walks, g.numNodes());
            if (!fast) {
                // DL4J's masters run fit() at thousands to tens of thousands of pairs/s: train them on every
                // stride-th block only, about DL4J_TOKENS tokens (~6 pairs each), so a run takes a minute or two.
                long tokens = Arrays.stream(counts).sum();
                long stride = Math.max(1, tokens / DL4J_TOKENS);
                int chunk = walkConfig.chunkSize();
                walks = walks.filter(b -> (b.firstWalk() / chunk) % stride == 0);
            }
            SkipGramConfig sg = SkipGramConfig.builder().window(5).negatives(5).build();
            ComputationGraph net = new ComputationGraph(HeteroEmbeddingModels.skipGram(g, 64, 5,
                    fast ? new Sgd(0.1) : new Adam(0.01), 7, DataType.FLOAT));
            net.init();
            double pairsPerSecond;
            String kib = "-", cross = "-", foreign = "-";
            if (fast) {
                SparkFastTrainer.Result r = SparkFastTrainer.builder().epochs(1).roundsPerEpoch(4).build()
                        .fit(sc, net, source, walks, sg, counts, owners);
                pairsPerSecond = r.pairsPerSecond();
                long[] perRound = r.rounds().stream().mapToLong(RoundStats::bytesExchanged).sorted().toArray();
                kib = String.format("%,d", perRound[perRound.length / 2] / 1024);
                cross = String.format("%.3f", r.crossPartitionFraction());
                foreign = String.format("%.3f", r.foreignRowFraction());
            } else {
                var master = mode.equals("averaging") ? SparkTrainingMasters.parameterAveraging(workers, 512, 5)
                        : SparkTrainingMasters.sharedGradients(workers, 512, 1e-3, "127.0.0.1", "127.0.0.0/8", 40_323);
                SparkSkipGramTrainer.Result r = SparkSkipGramTrainer.fit(sc, net, master, source, walks, sg, counts, 512, 1,
                        Duration.ofMinutes(20));
                net = r.network();
                pairsPerSecond = r.pairsPerSecond();
            }
            double accuracy = LogisticRegressionClassifier.accuracy(HeteroEmbeddings.of(net, NodeIdTables.of(g)), g, "user", 3);
            System.out.printf("RESULT %,.0f %s %s %s %.3f%n", pairsPerSecond, kib, cross, foreign, accuracy);
        }
        System.exit(0); // DL4J's parameter server leaves non-daemon threads behind
    }
}
