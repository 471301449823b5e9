package org.heteroembed.cli;

import org.heteroembed.bench.LoadBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code hetero-embed bench ...}: the benchmarks whose figures BENCHMARKS.md quotes. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run the benchmarks whose figures BENCHMARKS.md quotes.",
        subcommands = {BenchCommand.Load.class, BenchCommand.Walks.class, BenchCommand.Model.class, BenchCommand.Engine.class,
                BenchCommand.Engines.class,
                BenchCommand.Spark.class, BenchCommand.Partitions.class, BenchCommand.Ann.class, BenchWarmStartCommand.class})
final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** @throws picocli.CommandLine.ParameterException (exit 2) with the message when {@code ok} is false */
    static void check(picocli.CommandLine.Model.CommandSpec spec, boolean ok, String message) {
        if (!ok) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), message);
        }
    }

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing benchmark name: load, walks, model, engine, engines, spark, partitions or ann");
    }

    @Command(name = "spark", mixinStandardHelpOptions = true,
            description = {"Measure Spark training pairs/s with 1 and 2 workers for each training mode.",
                    "Workers are local[N]; modes are the fast engine, parameter averaging and gradient sharing. Also the "
                            + "fast engine's bytes per round with hash vs locality partitioning."})
    static final class Spark implements Callable<Integer> {
        @Option(names = "--edges", paramLabel = "N", defaultValue = "1000000", description = "Edges of the planted graph (fast engine). Default: ${DEFAULT-VALUE}.")
        long edges;

        @Option(names = "--dl4j-edges", paramLabel = "N", defaultValue = "100000",
                description = "Edges of the planted graph for DL4J's masters (dense passes over the tables). Default: ${DEFAULT-VALUE}.")
        long dl4jEdges;

        @Option(names = "--repeats", paramLabel = "N", defaultValue = "1", description = "Runs of each case (median reported). Default: ${DEFAULT-VALUE}.")
        int repeats;

        @Option(names = "--dir", defaultValue = "target/bench-spark", paramLabel = "DIR",
                description = "Where to write the graph snapshot and Aeron files. Default: ${DEFAULT-VALUE}.")
        Path dir;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (repeats < 1 || edges < 1000 || dl4jEdges < 1000) {
                throw new IllegalArgumentException("--repeats must be >= 1, --edges and --dl4j-edges >= 1000");
            }
            new org.heteroembed.bench.SparkBenchmark(edges, dl4jEdges, dir, repeats).run(spec.commandLine().getOut());
            return 0;
        }
    }

    @Command(name = "load", mixinStandardHelpOptions = true,
            description = "Compare text load (DataVec) with snapshot load of a generated graph, with bytes per edge.")
    static final class Load implements Callable<Integer> {
        @Mixin
        PlantedGraphOptions planted;

        @Option(names = "--repeats", paramLabel = "N", defaultValue = "3", description = "Runs of each load (median reported). Default: ${DEFAULT-VALUE}.")
        int repeats;

        @Option(names = "--dir", defaultValue = "target/bench-load", paramLabel = "DIR",
                description = "Where to write the generated graph. Default: ${DEFAULT-VALUE}.")
        Path dir;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (repeats < 1) {
                throw new IllegalArgumentException("--repeats must be >= 1");
            }
            new LoadBenchmark(planted.config(), dir, repeats).run(spec.commandLine().getOut());
            return 0;
        }
    }

    @Command(name = "walks", mixinStandardHelpOptions = true,
            description = "Measure walk steps/s (uniform, metapath, node2vec; 1 thread and all) and skip-gram records/s.")
    static final class Walks implements Callable<Integer> {
        @Mixin
        PlantedGraphOptions planted;

        @Option(names = "--steps", paramLabel = "N", defaultValue = "30000000", description = "Walk steps consumed per measurement. Default: ${DEFAULT-VALUE}.")
        long steps;

        @Option(names = "--pairs", paramLabel = "N", defaultValue = "20000000", description = "Skip-gram pairs consumed per measurement (a quarter for the iterator and reader). Default: ${DEFAULT-VALUE}.")
        long pairs;

        @Option(names = "--repeats", paramLabel = "N", defaultValue = "3", description = "Repeats of each measurement (median reported). Default: ${DEFAULT-VALUE}.")
        int repeats;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (repeats < 1 || steps < 1 || pairs < 1) {
                throw new IllegalArgumentException("--repeats, --steps and --pairs must be >= 1");
            }
            new org.heteroembed.bench.WalkBenchmark(planted.config(), steps, pairs, repeats).run(spec.commandLine().getOut());
            return 0;
        }
    }

    @Command(name = "model", mixinStandardHelpOptions = true,
            description = {"Measure ms per training iteration and peak RSS of our layer and of DL4J's EmbeddingLayer.",
                    "Our layer is trained via fit() and via the sparse trainer."})
    static final class Model implements Callable<Integer> {
        @Option(names = "--nodes", paramLabel = "N", split = ",", defaultValue = "100000,1000000,4000000", description = "Rows per table. Default: ${DEFAULT-VALUE}.")
        long[] nodes;

        @Option(names = "--batch", paramLabel = "N", split = ",", defaultValue = "1024,8192", description = "Batch sizes. Default: ${DEFAULT-VALUE}.")
        int[] batches;

        @Option(names = "--iterations", paramLabel = "N", defaultValue = "15", description = "Timed iterations per case (after 3 warm-up). Default: ${DEFAULT-VALUE}.")
        int iterations;

        @Option(names = "--heap", paramLabel = "SIZE", defaultValue = "12g", description = "-Xmx of each case's JVM. Default: ${DEFAULT-VALUE}.")
        String heap;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (iterations < 1) {
                throw new IllegalArgumentException("--iterations must be >= 1");
            }
            org.heteroembed.bench.ModelBenchmark.runAll(nodes, batches, iterations, heap, spec.commandLine().getOut());
            return 0;
        }
    }

    @Command(name = "engine", mixinStandardHelpOptions = true,
            description = "Compare the fast engine with DL4J's Word2Vec on one walk corpus: tokens/s, wall time, micro/macro-F1.")
    static final class Engine implements Callable<Integer> {
        @Mixin
        PlantedGraphOptions planted;

        @Option(names = "--walks-per-node", paramLabel = "N", defaultValue = "10", description = "Walks per user. Default: ${DEFAULT-VALUE}.")
        int walksPerNode;

        @Option(names = "--walk-length", paramLabel = "N", defaultValue = "40", description = "Nodes per walk. Default: ${DEFAULT-VALUE}.")
        int walkLength;

        @Option(names = "--dir", defaultValue = "target/bench-engine", paramLabel = "DIR", description = "Where to write the corpus. Default: ${DEFAULT-VALUE}.")
        Path dir;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            java.nio.file.Files.createDirectories(dir);
            new org.heteroembed.bench.EngineBenchmark(planted.config(), walksPerNode, walkLength, dir).run(spec.commandLine().getOut());
            return 0;
        }
    }

    @Command(name = "engines", mixinStandardHelpOptions = true,
            description = {"Compare the job runner's engines (fast, sparse, fit) on one job.",
                    "Reports training time, pairs/s, user neighbour purity and macro-F1 on the planted communities.",
                    "The job is the demo's (metapath user-article-topic-article-user) unless --config gives one."})
    static final class Engines implements Callable<Integer> {
        @Mixin
        PlantedGraphOptions planted;

        @Option(names = "--config", paramLabel = "FILE", description = "Job file for the runs (its graph section is ignored: the planted graph is used).")
        Path config;

        @Option(names = "--repeats", paramLabel = "N", defaultValue = "3", description = "Runs of each engine, in turn (median reported). Default: ${DEFAULT-VALUE}.")
        int repeats;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (repeats < 1) {
                throw new IllegalArgumentException("--repeats must be >= 1, got " + repeats);
            }
            org.heteroembed.job.EmbeddingJob job = config != null ? org.heteroembed.job.EmbeddingJob.fromFile(config)
                    : org.heteroembed.job.EmbeddingJob.parse("""
                    walks: {metapaths: [user-article-topic-article-user], walksPerNode: 3, walkLength: 40}
                    model: {dimension: 64}
                    training: {checkpointMinutes: 0}
                    """, true, "the default benchmark job");
            new org.heteroembed.bench.EnginesBenchmark(planted.config(), job, repeats).run(spec.commandLine().getOut());
            return 0;
        }
    }

    @Command(name = "partitions", mixinStandardHelpOptions = true,
            description = {"Compare whole tables in memory with partitioned tables on disk on one planted graph.",
                    "Partitioned runs use --partitions P with --memory a quarter of the tables. Reports tokens/s, peak RSS, "
                            + "partition I/O per epoch, user macro-F1 and link-prediction AUC. Each run in its own JVM; "
                            + "configurations alternate; medians. Writes CSV files to --dir."})
    static final class Partitions implements Callable<Integer> {
        @Option(names = "--edges", defaultValue = "2000000", paramLabel = "N",
                description = "Edges of the planted graph (2M: 305,000 nodes, 312 MiB of tables at d=128). Default: ${DEFAULT-VALUE}.")
        long edges;

        @Option(names = "--dimension", defaultValue = "128", paramLabel = "N", description = "Embedding dimension. Default: ${DEFAULT-VALUE}.")
        int dimension;

        @Option(names = "--partitions", split = ",", defaultValue = "4,8,16", paramLabel = "P",
                description = "Partition counts compared with the in-memory run. Default: ${DEFAULT-VALUE}.")
        int[] partitions;

        @Option(names = "--repeats", defaultValue = "3", paramLabel = "N",
                description = "Runs of each configuration, alternating (medians reported). Default: ${DEFAULT-VALUE}.")
        int repeats;

        @Option(names = "--threads", paramLabel = "N", description = "Training threads. Default: all cores.")
        Integer threads;

        @Option(names = "--walks-per-node", paramLabel = "N", defaultValue = "1", description = "Metapath walks per user. Default: ${DEFAULT-VALUE}.")
        int walksPerNode;

        @Option(names = "--walk-length", paramLabel = "N", defaultValue = "40", description = "Nodes per walk. Default: ${DEFAULT-VALUE}.")
        int walkLength;

        @Option(names = "--epochs", paramLabel = "N", defaultValue = "1", description = "Training epochs (I/O is reported per epoch). Default: ${DEFAULT-VALUE}.")
        int epochs;

        @Option(names = "--partitioner", defaultValue = "hash", paramLabel = "hash|label-propagation",
                description = "How nodes are assigned to partitions. Default: ${DEFAULT-VALUE}.")
        String partitioner;

        @Option(names = "--heap", paramLabel = "SIZE", defaultValue = "1g",
                description = "-Xmx of each run's JVM (small, so that the peak RSS shows the tables rather than the heap). Default: ${DEFAULT-VALUE}.")
        String heap;

        @Option(names = "--seed", paramLabel = "SEED", defaultValue = "42", description = "Seed of the graph, the training and the evaluation. Default: ${DEFAULT-VALUE}.")
        long seed;

        @Option(names = "--dir", defaultValue = "target/bench-partitions", paramLabel = "DIR",
                description = "Where the graph, the models (deleted after each run), the logs and the CSV files go. Default: ${DEFAULT-VALUE}.")
        Path dir;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            check(edges >= 1000, "--edges must be >= 1000, got " + edges);
            check(dimension >= 1, "--dimension must be >= 1, got " + dimension);
            check(repeats >= 1, "--repeats must be >= 1, got " + repeats);
            check(threads == null || threads >= 1, "--threads must be >= 1, got " + threads);
            check(epochs >= 1, "--epochs must be >= 1, got " + epochs);
            check(walksPerNode >= 1 && walkLength >= 2, "--walks-per-node must be >= 1 and --walk-length >= 2");
            for (int p : partitions) {
                check(p >= 1, "--partitions: each count must be >= 1 (the in-memory run is always made), got " + p);
            }
            org.heteroembed.job.EmbeddingJob job = org.heteroembed.job.EmbeddingJob.parse(String.format(java.util.Locale.ROOT, """
                    walks: {metapaths: [user-article-topic-article-user], walksPerNode: %d, walkLength: %d}
                    model: {dimension: %d}
                    training: {epochs: %d, seed: %d, checkpointMinutes: 0}
                    """, walksPerNode, walkLength, dimension, epochs, seed), true, "the partitions benchmark's job");
            var how = org.heteroembed.config.ValueType.parseEnum(org.heteroembed.job.TablesConfig.Partitioner.class, partitioner);
            check(how != null, "--partitioner: expected hash or label-propagation, got '" + partitioner + "'");
            job = job.with(java.util.Map.of("tables.partitioner", how));
            if (threads != null) {
                job = job.with(java.util.Map.of("training.threads", threads));
            }
            for (int p : partitions) {
                job.with(java.util.Map.of("tables.partitions", p)); // the setting's own range check, naming it
            }
            new org.heteroembed.bench.PartitionsBenchmark(org.heteroembed.graph.generate.PlantedGraphConfig.forEdges(edges, seed),
                    job, partitions, repeats, heap, dir, seed).run(spec.commandLine().getOut());
            return 0;
        }

        private void check(boolean ok, String message) {
            BenchCommand.check(spec, ok, message);
        }
    }

    @Command(name = "ann", mixinStandardHelpOptions = true,
            description = {"Exact against approximate (HNSW) nearest neighbours on a type with many rows.",
                    "Measures index build time, size on disk and read time, median latency of one k-nearest query each way, and recall@k of the",
                    "approximate lists against the exact ones, per search-time ef. Generated vectors (planted: around many",
                    "centres, like trained embeddings; random: Gaussian, the hard case) and/or a trained model's type."})
    static final class Ann implements Callable<Integer> {
        @Option(names = "--rows", defaultValue = "200000", paramLabel = "N", description = "Rows of each generated set. Default: ${DEFAULT-VALUE}.")
        int rows;

        @Option(names = "--dimension", defaultValue = "128", paramLabel = "D", description = "Dimension of the generated vectors. Default: ${DEFAULT-VALUE}.")
        int dimension;

        @Option(names = "--vectors", split = ",", defaultValue = "planted,random", paramLabel = "KIND",
                description = "Generated sets: planted, random, none. Default: ${DEFAULT-VALUE}.")
        List<String> kinds;

        @Option(names = "--model", paramLabel = "MODEL", description = "A trained model (file or directory) to measure too (its indexes are deleted at the end).")
        Path model;

        @Option(names = "--type", paramLabel = "TYPE", description = "With --model: the type to measure. Default: its largest.")
        String type;

        @Option(names = "--queries", defaultValue = "200", paramLabel = "Q", description = "Query nodes per measurement. Default: ${DEFAULT-VALUE}.")
        int queries;

        @Option(names = "-k", defaultValue = "10", paramLabel = "K", description = "Neighbours per query. Default: ${DEFAULT-VALUE}.")
        int k;

        @Option(names = "--ef", split = ",", defaultValue = "50,100,200", paramLabel = "EF",
                description = "Search-time ef values measured. Default: ${DEFAULT-VALUE}.")
        int[] efs;

        @Option(names = "--hnsw-m", defaultValue = "" + org.heteroembed.inference.HnswParameters.DEFAULT_M, paramLabel = "M",
                description = "M of the indexes. Default: ${DEFAULT-VALUE}.")
        int m;

        @Option(names = "--hnsw-ef-construction", defaultValue = "" + org.heteroembed.inference.HnswParameters.DEFAULT_EF_CONSTRUCTION,
                paramLabel = "N", description = "efConstruction of the indexes. Default: ${DEFAULT-VALUE}.")
        int efConstruction;

        @Option(names = "--dot", description = "Measure the dot-product index too (one more build per set).")
        boolean dot;

        @Option(names = "--seed", paramLabel = "SEED", defaultValue = "42", description = "Seed of the generated vectors and the queries. Default: ${DEFAULT-VALUE}.")
        long seed;

        @Option(names = "--dir", defaultValue = "target/bench-ann", paramLabel = "DIR",
                description = "Where the generated sets' indexes are written (deleted at the end). Default: ${DEFAULT-VALUE}.")
        Path dir;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            List<String> generated = new java.util.ArrayList<>(kinds);
            generated.remove("none");
            for (String kind : generated) {
                check(kind.equals("planted") || kind.equals("random"), "--vectors: expected planted, random or none, got '" + kind + "'");
            }
            check(!generated.isEmpty() || model != null, "nothing to measure: --vectors none and no --model");
            check(rows >= 100 && dimension >= 1, "--rows must be >= 100 and --dimension >= 1");
            check(queries >= 1 && k >= 1, "--queries and -k must be >= 1");
            check(type == null || model != null, "--type needs --model");
            org.heteroembed.inference.HnswParameters parameters;
            try {
                parameters = new org.heteroembed.inference.HnswParameters(m, efConstruction, org.heteroembed.inference.HnswParameters.DEFAULT_EF);
                for (int ef : efs) {
                    parameters.withEf(ef); // its range check
                }
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            new org.heteroembed.bench.AnnBenchmark(new org.heteroembed.bench.AnnBenchmark.Config(rows, dimension, generated, model,
                    type, queries, k, efs, parameters, dot, dir, seed))
                    .run(spec.commandLine().getOut(), new IndexBuildProgress(spec.commandLine().getErr(), parameters));
            return 0;
        }

        private void check(boolean ok, String message) {
            BenchCommand.check(spec, ok, message);
        }
    }
}
