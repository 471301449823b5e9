package org.heteroembed.bench;

import org.heteroembed.config.ByteSize;
import org.heteroembed.graph.GraphSnapshot;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.generate.PlantedGraph;
import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
import org.heteroembed.graph.io.AtomicFiles;
import org.heteroembed.graph.partition.LabelPropagationPartitioner;
import org.heteroembed.graph.partition.NodePartition;
import org.heteroembed.graph.partition.PartitionLayout;
import org.heteroembed.job.EmbeddingJob;
import org.heteroembed.job.TablesConfig;
import org.heteroembed.jvm.JvmFlags;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Whole tables in memory against partitioned tables on disk ({@code tables.partitions} = P, {@code tables.memory} =
 * a quarter of the tables' bytes), on the same planted graph and job: tokens/s (and its ratio to the in-memory run),
 * peak RSS, partition loads and bytes read and written per epoch, and the quality of the vectors (users' planted
 * communities: macro-F1 of node classification; held-out clicks: link-prediction AUC), as {@code eval} computes them.
 *
 * <p>Every run is its own JVM ({@link PartitionsTrial}, with the project's JVM flags) so its peak RSS is its own; the
 * configurations alternate within each repeat (the machine is shared: compare within one run of the benchmark, by
 * medians and ratios). The graph is generated once, its held-out clicks written beside its snapshot.
 */
public final class PartitionsBenchmark {
    private final PlantedGraphConfig graphConfig;
    private final EmbeddingJob job;
    private final int[] partitions;
    private final int repeats;
    private final String heap;
    private final Path dir;
    private final long evalSeed;

    /**
     * @param job        the job every configuration trains (its tables.partitions and tables.memory are set per
     *                   configuration; its partitioner is used)
     * @param partitions the partition counts to compare with the in-memory run
     * @param heap       {@code -Xmx} of each run's JVM
     * @param dir        where the graph, the models, the logs and the CSV files go
     * @param evalSeed   seed of the evaluation's samples, splits and negatives (the same for every run)
     */
    public PartitionsBenchmark(PlantedGraphConfig graphConfig, EmbeddingJob job, int[] partitions, int repeats,
                               String heap, Path dir, long evalSeed) {
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be >= 1, got " + repeats);
        }
        this.graphConfig = graphConfig;
        this.job = job;
        this.partitions = partitions.clone();
        this.repeats = repeats;
        this.heap = heap;
        this.dir = dir;
        this.evalSeed = evalSeed;
    }

    /** Bytes of the in-memory tables of a graph: input and output rows of every node, 4-byte floats. */
    static long tableBytes(HeteroGraph g, int dim) {
        return 2L * g.numNodes() * dim * Float.BYTES;
    }

    /**
     * The configuration of P partitions: a memory budget of a quarter of the tables, raised (rounded up) to the rows
     * of two partitions when a quarter holds fewer (the trainer needs two resident; P=1 needs one), for the partition
     * of the graph's nodes the job's run makes (its partitioner and seed, as the partitioned runner partitions).
     */
    static PartitionsReport.Config config(HeteroGraph g, int dim, int parts, TablesConfig.Partitioner partitioner, long seed) {
        NodePartition partition = switch (partitioner) {
            case HASH -> NodePartition.hash(g.numNodes(), parts, seed);
            case LABEL_PROPAGATION -> LabelPropagationPartitioner.builder().parts(parts).seed(seed).build().partition(g);
        };
        PartitionLayout layout = PartitionLayout.of(partition, g.typeOffsets());
        long quarter = (tableBytes(g, dim) + 3) / 4;
        long needed = (parts == 1 ? 1 : 2) * 2L * layout.maxRows() * dim * Float.BYTES;
        return new PartitionsReport.Config(parts, Math.max(quarter, needed), needed > quarter);
    }

    public void run(PrintWriter out) throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("logs"));
        long t0 = System.nanoTime();
        PlantedGraph pg = PlantedGraphGenerator.generate(graphConfig);
        HeteroGraph g = pg.graph();
        Path snapshot = dir.resolve("graph.heg"), heldOut = dir.resolve("heldout.tsv");
        GraphSnapshot.save(g, snapshot);
        pg.heldOut().write(heldOut, g);
        int dim = job.model().dimension();
        long seed = job.training().seed();
        List<PartitionsReport.Config> configs = new ArrayList<>(List.of(PartitionsReport.Config.IN_MEMORY));
        for (int p : partitions) {
            configs.add(config(g, dim, p, job.tables().partitioner(), seed));
        }
        out.printf("graph %s (generated in %.1f s), %,d held-out clicks; tables %s (2 x %,d rows x %d floats)%n", g,
                (System.nanoTime() - t0) / 1e9, pg.heldOut().size(), ByteSize.format(tableBytes(g, dim)), g.numNodes(), dim);
        out.printf("job: %s; partitioner %s%n", job.toTree().without(List.of("graph", "tables")),
                org.heteroembed.config.ValueType.name(job.tables().partitioner()));
        for (PartitionsReport.Config c : configs.subList(1, configs.size())) {
            out.printf("  P=%d: --memory %s%s%n", c.partitions(), ByteSize.format(c.memoryBytes()), c.roundedUp()
                    ? " (a quarter of the tables holds fewer than two partitions' rows: rounded up to two)" : "");
        }
        out.printf("each run in its own JVM (-Xmx%s, %s), configurations alternating, %d repeat(s); logs in %s%n", heap,
                "OMP_NUM_THREADS=1", repeats, dir.resolve("logs"));
        out.flush();

        PartitionsReport report = new PartitionsReport(configs, job.training().epochs());
        for (int r = 0; r < repeats; r++) {
            for (int i = 0; i < configs.size(); i++) {
                PartitionsReport.Config c = configs.get((i + r) % configs.size()); // rotate: no configuration always first
                Path log = dir.resolve("logs").resolve(String.format("%s-run%d.log", c.inMemory() ? "memory" : "p" + c.partitions(), r + 1));
                PartitionsReport.Run run = child(c, snapshot, heldOut, log);
                report.add(c, run);
                out.printf("  run %d, %-9s: %s%n", r + 1, c.label(), run == null ? "FAILED, see " + log
                        : String.format("%,.0f tokens/s (%.1f s), peak RSS %s, %d loads, macro-F1 %.3f, AUC %.3f",
                        run.tokensPerSecond(), run.seconds(), ByteSize.format(run.peakRssBytes()), run.loads(),
                        run.macroF1(), run.auc()));
                out.flush();
            }
        }
        out.printf("%n%s%nWhere the training time goes (median seconds per epoch):%n%n%s", report.markdown(),
                report.timeMarkdown());
        Path summary = dir.resolve("partitions-summary.csv"), runs = dir.resolve("partitions-runs.csv");
        AtomicFiles.writeText(summary, w -> w.write(report.summaryCsv()));
        AtomicFiles.writeText(runs, w -> w.write(report.runsCsv()));
        out.printf("wrote %s and %s (%.1f min in all)%n", summary, runs, (System.nanoTime() - t0) / 60e9);
        out.flush();
    }

    /** Trains and evaluates one configuration in a child JVM; null when it failed (its log says why). */
    private PartitionsReport.Run child(PartitionsReport.Config c, Path snapshot, Path heldOut, Path log)
            throws IOException, InterruptedException {
        Path model = dir.resolve("model-p" + c.partitions());
        Path spill = dir.resolve(model.getFileName() + ".spill"); // the trainer's default, beside the model
        deleteTree(model);
        deleteTree(spill);
        EmbeddingJob runJob = job.with(c.inMemory() ? Map.of("tables.partitions", 0)
                : Map.of("tables.partitions", c.partitions(), "tables.memory", Long.toString(c.memoryBytes())));
        Path jobFile = dir.resolve("job-p" + c.partitions() + ".json");
        String json = runJob.toJson();
        AtomicFiles.writeText(jobFile, w -> w.write(json));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(JvmFlags.all());
        cmd.addAll(List.of("-Xmx" + heap, "-cp", System.getProperty("java.class.path"), PartitionsTrial.class.getName(),
                snapshot.toString(), heldOut.toString(), jobFile.toString(), c.inMemory() ? "-" : model.toString(),
                Long.toString(evalSeed)));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("OMP_NUM_THREADS", "1"); // as the launcher: our threads, not OpenMP's, use the cores
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        int exit = pb.start().waitFor();
        deleteTree(model);
        deleteTree(spill);
        PartitionsReport.Run result = null;
        for (String line : Files.readAllLines(log)) {
            PartitionsReport.Run r = PartitionsReport.Run.parse(line);
            result = r != null ? r : result;
        }
        return exit == 0 ? result : null;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
