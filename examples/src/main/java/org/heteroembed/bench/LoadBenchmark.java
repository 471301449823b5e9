package org.heteroembed.bench;

import org.heteroembed.graph.GraphSnapshot;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.generate.PlantedGraph;
import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
import org.heteroembed.graph.generate.PlantedGraphWriter;
import org.heteroembed.graph.io.GraphLoader;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Graph loading benchmark: text (graph spec + TSV through DataVec) against the binary snapshot, side by side
 * in one JVM, alternating runs so machine noise hits both alike; reports medians and their ratio, and
 * bytes per edge of the in-memory graph.
 *
 * <p>The snapshot figure is measured twice: "map" is {@link GraphSnapshot#load} alone (lazy), "map+scan"
 * also reads every offset, neighbour and weight once, which is what a fair comparison with a text load
 * that materialises everything needs.
 */
public final class LoadBenchmark {
    private final PlantedGraphConfig config;
    private final Path dir;
    private final int repeats;

    public LoadBenchmark(PlantedGraphConfig config, Path dir, int repeats) {
        this.config = config;
        this.dir = dir;
        this.repeats = repeats;
    }

    public void run(PrintWriter out) throws IOException {
        out.printf("generating %s into %s%n", config, dir);
        out.flush();
        long g0 = System.nanoTime();
        PlantedGraph pg = PlantedGraphGenerator.generate(config);
        PlantedGraphWriter.write(pg, dir);
        Path snap = dir.resolve("graph.heg");
        pg = null; // let the generated graph go before measuring
        out.printf("generated and wrote in %.1f s%n", (System.nanoTime() - g0) / 1e9);
        Path spec = dir.resolve(PlantedGraphWriter.SPEC);

        double[] text = new double[repeats], map = new double[repeats], scan = new double[repeats];
        long edges = 0, entries = 0, adjacencyBytes = 0, dictionaryBytes = 0, checksum = 0;
        double save = 0;
        for (int r = 0; r < repeats; r++) {
            System.gc();
            long t0 = System.nanoTime();
            GraphLoader loader = new GraphLoader();
            HeteroGraph g = loader.loadSpec(spec);
            text[r] = (System.nanoTime() - t0) / 1e9;
            edges = g.numEdges();
            entries = g.numAdjacencyEntries();
            adjacencyBytes = g.adjacencyBytes();
            dictionaryBytes = g.dictionaryBytes();
            if (r == 0) {
                long s0 = System.nanoTime();
                GraphSnapshot.save(g, snap);
                save = (System.nanoTime() - s0) / 1e9;
            }
            g = null;
            System.gc();
            long m0 = System.nanoTime();
            HeteroGraph m = GraphSnapshot.load(snap);
            map[r] = (System.nanoTime() - m0) / 1e9;
            checksum += touchAll(m);
            scan[r] = (System.nanoTime() - m0) / 1e9;
            out.printf("run %d: text %.2f s, snapshot map %.4f s, map+scan %.3f s%n", r + 1, text[r], map[r], scan[r]);
            out.flush();
        }
        double textMed = median(text), mapMed = median(map), scanMed = median(scan);
        long textBytes = Files.size(dir.resolve(PlantedGraphWriter.EDGES)) + Files.size(dir.resolve(PlantedGraphWriter.LABELS));
        out.printf("%n%,d edges, %,d adjacency entries, weighted=%s, checksum %d%n", edges, entries, config.weighted(), checksum);
        out.printf("| measure | median of %d | rate |%n|---|---|---|%n", repeats);
        out.printf("| text load (DataVec, %,d bytes of TSV incl. labels) | %.2f s | %,.0f edges/s |%n", textBytes, textMed, edges / textMed);
        out.printf("| snapshot write (%,d bytes) | %.2f s (1 run) | %,.0f edges/s |%n", Files.size(snap), save, edges / save);
        out.printf("| snapshot load, map only | %.4f s | %,.0f edges/s |%n", mapMed, edges / mapMed);
        out.printf("| snapshot load, map + read every array once | %.3f s | %,.0f edges/s |%n", scanMed, edges / scanMed);
        out.printf("| speed-up of snapshot (map + scan) over text | %.1fx | |%n", textMed / scanMed);
        out.printf("| adjacency arrays | %,d bytes | %.2f bytes/adjacency entry, %.2f bytes/edge |%n",
                adjacencyBytes, (double) adjacencyBytes / entries, (double) adjacencyBytes / edges);
        out.printf("| id dictionaries + labels | %,d bytes | %.2f bytes/node |%n", dictionaryBytes,
                (double) dictionaryBytes / (config.users() + config.articles() + config.topics()));
        out.flush();
    }

    /** Reads every offset, neighbour and weight once; returns a checksum so the JIT cannot skip the work. */
    static long touchAll(HeteroGraph g) {
        long sum = 0;
        for (int v = 0; v < g.numNodes(); v++) {
            long end = g.neighbourEnd(v);
            for (long i = g.neighbourStart(v); i < end; i++) {
                sum += g.neighbour(i) + (long) g.weight(i);
            }
        }
        return sum;
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
