package org.heteroembed.bench;

import org.heteroembed.datavec.SkipGramMultiDataSetIterator;
import org.heteroembed.datavec.SkipGramRecordReader;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
import org.heteroembed.sampling.NodeFrequencies;
import org.heteroembed.sampling.PairChunk;
import org.heteroembed.sampling.SkipGramConfig;
import org.heteroembed.sampling.SkipGramPairGenerator;
import org.heteroembed.walk.OrderedPipeline;
import org.heteroembed.walk.WalkChunk;
import org.heteroembed.walk.WalkConfig;
import org.heteroembed.walk.WalkGenerator;
import org.heteroembed.walk.WalkKind;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Walk and skip-gram record throughput on a generated graph: steps/s for uniform, metapath and node2vec walks
 * with 1 thread (the per-thread figure) and with all threads, then skip-gram records/s for the raw pair
 * stream, the MultiDataSet iterator and the DataVec record reader. Each measurement consumes a fixed
 * number of steps or pairs from a fresh stream and reports the median of its repeats.
 */
public final class WalkBenchmark {
    private final PlantedGraphConfig graphConfig;
    private final long steps;
    private final long pairs;
    private final int repeats;

    public WalkBenchmark(PlantedGraphConfig graphConfig, long steps, long pairs, int repeats) {
        this.graphConfig = graphConfig;
        this.steps = steps;
        this.pairs = pairs;
        this.repeats = repeats;
    }

    public void run(PrintWriter out) throws InterruptedException {
        out.printf("generating %s%n", graphConfig);
        out.flush();
        HeteroGraph g = PlantedGraphGenerator.generate(graphConfig).graph();
        out.printf("%s, %,d adjacency entries%n", g, g.numAdjacencyEntries());
        int cores = Runtime.getRuntime().availableProcessors();
        List<String[]> rows = new ArrayList<>();
        WalkConfig[] kinds = {
                WalkConfig.builder().kind(WalkKind.UNIFORM).walksPerNode(1).walkLength(80).build(),
                WalkConfig.builder().metapaths("user-article-topic-article-user").walksPerNode(1).walkLength(80).build(),
                WalkConfig.builder().kind(WalkKind.NODE2VEC).p(0.5).q(2).walksPerNode(1).walkLength(80).build()};
        String[] names = {"uniform", "metapath user-article-topic-article-user", "node2vec p=0.5 q=2"};
        walkRate(g, kinds[0].toBuilder().threads(cores).build()); // warm-up: JIT and page faults
        for (int k = 0; k < kinds.length; k++) {
            double[] perThread = new double[repeats], all = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                perThread[r] = walkRate(g, kinds[k].toBuilder().threads(1).seed(r).build());
                all[r] = walkRate(g, kinds[k].toBuilder().threads(cores).seed(r).build());
            }
            rows.add(new String[]{names[k], fmt(LoadBenchmark.median(perThread)), fmt(LoadBenchmark.median(all)) + " (" + cores + " threads)"});
            out.printf("%s: 1 thread %s steps/s, %d threads %s steps/s%n", names[k], fmt(LoadBenchmark.median(perThread)), cores, fmt(LoadBenchmark.median(all)));
            out.flush();
        }
        out.printf("%n| walk kind (length 80) | steps/s, 1 thread | steps/s, all threads |%n|---|---|---|%n");
        for (String[] row : rows) {
            out.printf("| %s | %s | %s |%n", row[0], row[1], row[2]);
        }

        WalkGenerator walks = new WalkGenerator(g, WalkConfig.builder().metapaths("user-article-topic-article-user")
                .walksPerNode(1).walkLength(80).threads(cores).build());
        long f0 = System.nanoTime();
        NodeFrequencies freq = NodeFrequencies.count(walks);
        out.printf("%ncounted node frequencies over %,d walk steps in %.1f s%n", freq.total(), (System.nanoTime() - f0) / 1e9);
        SkipGramConfig sg = SkipGramConfig.builder().window(5).negatives(5).subsample(1e-3).build();
        SkipGramPairGenerator pg = new SkipGramPairGenerator(g, sg, freq);
        double[] raw = new double[repeats], batches = new double[repeats], records = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            raw[r] = pairRate(walks, pg);
            batches[r] = iteratorRate(walks, pg);
            records[r] = readerRate(walks, pg);
        }
        out.printf("%n| skip-gram records (window 5, 5 negatives, subsample 1e-3, metapath walks, %d threads) | records/s |%n|---|---|%n", cores);
        out.printf("| pair stream (primitive arrays) | %s |%n", fmt(LoadBenchmark.median(raw)));
        out.printf("| SkipGramMultiDataSetIterator, batches of 1024 | %s |%n", fmt(LoadBenchmark.median(batches)));
        out.printf("| SkipGramRecordReader (DataVec Writables) | %s |%n", fmt(LoadBenchmark.median(records)));
        out.flush();
    }

    private static String fmt(double rate) {
        return String.format("%,.2fM", rate / 1e6);
    }

    private double walkRate(HeteroGraph g, WalkConfig config) throws InterruptedException {
        WalkGenerator gen = new WalkGenerator(g, config);
        long taken = 0;
        long t0 = System.nanoTime();
        try (OrderedPipeline<WalkChunk> p = gen.start()) {
            for (WalkChunk c = p.next(); c != null && taken < steps; c = p.next()) {
                taken += c.totalNodes() - c.size();
            }
        }
        return taken / ((System.nanoTime() - t0) / 1e9);
    }

    private double pairRate(WalkGenerator walks, SkipGramPairGenerator pg) throws InterruptedException {
        long taken = 0;
        long t0 = System.nanoTime();
        try (OrderedPipeline<PairChunk> p = pg.start(walks)) {
            for (PairChunk c = p.next(); c != null && taken < pairs; c = p.next()) {
                taken += c.size();
            }
        }
        return taken / ((System.nanoTime() - t0) / 1e9);
    }

    private double iteratorRate(WalkGenerator walks, SkipGramPairGenerator pg) {
        SkipGramMultiDataSetIterator it = SkipGramMultiDataSetIterator.builder(walks, pg).batchSize(1024).build();
        long taken = 0;
        long t0 = System.nanoTime();
        while (taken < pairs / 4 && it.hasNext()) {
            MultiDataSet m = it.next();
            taken += m.getLabels(0).size(0);
        }
        double rate = taken / ((System.nanoTime() - t0) / 1e9);
        it.close();
        return rate;
    }

    private double readerRate(WalkGenerator walks, SkipGramPairGenerator pg) {
        SkipGramRecordReader reader = new SkipGramRecordReader(walks, pg);
        reader.initialize(null);
        long taken = 0;
        long t0 = System.nanoTime();
        while (taken < pairs / 4 && reader.hasNext()) {
            reader.next();
            taken++;
        }
        double rate = taken / ((System.nanoTime() - t0) / 1e9);
        reader.close();
        return rate;
    }
}
