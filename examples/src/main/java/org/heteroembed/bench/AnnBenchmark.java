package org.heteroembed.bench;

import org.heteroembed.inference.ApproximateNearest;
import org.heteroembed.inference.ApproximateNearest.IndexInfo;
import org.heteroembed.inference.HeteroEmbeddings;
import org.heteroembed.inference.HeteroEmbeddings.Measure;
import org.heteroembed.inference.HeteroEmbeddings.Neighbour;
import org.heteroembed.inference.HnswParameters;
import org.heteroembed.inference.NodeIdTables;
import org.heteroembed.train.fast.VectorMath;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Exact against approximate (HNSW) nearest neighbours on one node type with many rows: the index's build time, size on
 * disk and read time, the median latency of one k-nearest query each way, and recall@k of the approximate lists against
 * the exact ones, for several search-time ef. The vectors: generated ({@code planted}: around many centres, like trained
 * embeddings; {@code random}: Gaussian, no structure, the hard case) and/or the largest type of a trained model.
 */
public final class AnnBenchmark {
    /**
     * What to measure.
     *
     * @param rows       rows of each generated type
     * @param dimension  dimension of the generated vectors
     * @param kinds      generated vector sets: planted, random (empty: none)
     * @param model      a trained model whose {@code type} is measured too (null: none)
     * @param type       the model's type to measure (null: its largest)
     * @param queries    query nodes per measurement (medians and recall over them)
     * @param k          neighbours per query
     * @param efs        search-time ef values
     * @param parameters M and efConstruction of the indexes
     * @param dot        whether to measure the dot-product index too
     * @param dir        where the generated sets' indexes are written (deleted at the end)
     * @param seed       seed of the generated vectors and the query choice
     */
    public record Config(int rows, int dimension, List<String> kinds, Path model, String type, int queries, int k, int[] efs,
                         HnswParameters parameters, boolean dot, Path dir, long seed) {
    }

    private final Config config;
    /** The index files this run wrote (deleted at the end: it deleted any it found, to measure the build). */
    private final List<Path> written = new ArrayList<>();

    /**
     * A benchmark of the given settings.
     *
     * @param config what to measure
     */
    public AnnBenchmark(Config config) {
        this.config = config;
    }

    /**
     * Runs every measurement and prints a Markdown table.
     *
     * @param out      where the table and progress lines go
     * @param listener told about index builds (progress bar); may be null
     * @throws IOException when the model cannot be read or the index directory written
     */
    public void run(PrintWriter out, ApproximateNearest.BuildListener listener) throws IOException {
        out.printf(Locale.ROOT, "dot product: %s; JVM max heap %,d MB; %d cores%n", VectorMath.implementation(),
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
        List<String> rows = new ArrayList<>();
        Files.createDirectories(config.dir());
        try {
            for (String kind : config.kinds()) {
                Generated g = generate(kind);
                rows.addAll(measure(kind, g::open, kind, out, listener));
            }
            if (config.model() != null) {
                HeteroEmbeddings e = HeteroEmbeddings.load(config.model());
                String type = config.type() != null ? config.type()
                        : e.types().stream().max((a, b) -> Integer.compare(e.numNodes(a), e.numNodes(b))).orElseThrow();
                rows.addAll(measure(config.model().getFileName() + " " + type, () -> HeteroEmbeddings.load(config.model()),
                        type, out, listener));
            }
        } finally {
            for (Path file : written) {
                Files.deleteIfExists(file);
            }
        }
        out.printf(Locale.ROOT, "%nk=%d, %d queries each; M=%d, efConstruction=%d; latency: median of single-query calls%n",
                config.k(), config.queries(), config.parameters().m(), config.parameters().efConstruction());
        out.println("| vectors | measure | rows x d | index build | index read | index file | exact query | ef "
                + "| approximate query | speed-up | recall@" + config.k() + " |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        rows.forEach(out::println);
        out.flush();
    }

    /** Vectors opened afresh, as another process would open them. */
    @FunctionalInterface
    private interface Opener {
        HeteroEmbeddings open() throws IOException;
    }

    /** One type of one generated kind: its vectors in memory, its indexes saved in the benchmark's directory. */
    private record Generated(NodeIdTables ids, org.nd4j.linalg.api.ndarray.INDArray vectors, Path source) {
        HeteroEmbeddings open() {
            return HeteroEmbeddings.of(ids, vectors, source);
        }
    }

    private Generated generate(String kind) {
        int n = config.rows(), d = config.dimension();
        Random rnd = new Random(config.seed());
        float[] flat = new float[Math.multiplyExact(n, d)];
        if (kind.equals("random")) {
            for (int i = 0; i < flat.length; i++) {
                flat[i] = (float) rnd.nextGaussian();
            }
        } else {
            // about 100 rows per centre, each row its centre plus noise of 70% of the centres' spread per component
            float[][] centres = new float[Math.max(1, n / 100)][d];
            for (float[] c : centres) {
                for (int j = 0; j < d; j++) {
                    c[j] = (float) rnd.nextGaussian();
                }
            }
            for (int i = 0; i < n; i++) {
                float[] c = centres[rnd.nextInt(centres.length)];
                for (int j = 0; j < d; j++) {
                    flat[i * d + j] = (float) (c[j] + 0.7 * rnd.nextGaussian());
                }
            }
        }
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = "v" + i;
        }
        return new Generated(new NodeIdTables(new String[]{kind}, new String[][]{ids}), Nd4j.create(flat, new long[]{n, d}, 'c'),
                config.dir().resolve(kind));
    }

    private List<String> measure(String label, Opener vectors, String type, PrintWriter out,
                                 ApproximateNearest.BuildListener listener) throws IOException {
        List<String> rows = new ArrayList<>();
        HeteroEmbeddings e = vectors.open();
        for (Measure measure : config.dot() ? new Measure[]{Measure.COSINE, Measure.DOT} : new Measure[]{Measure.COSINE}) {
            rows.addAll(measure(label, e, vectors, type, measure, out, listener));
        }
        return rows;
    }

    private List<String> measure(String label, HeteroEmbeddings e, Opener vectors, String type, Measure measure,
                                 PrintWriter out, ApproximateNearest.BuildListener listener) throws IOException {
        int n = e.numNodes(type);
        Random rnd = new Random(config.seed() + 1);
        List<String> queries = new ArrayList<>();
        for (int i = 0; i < Math.min(config.queries(), n); i++) {
            queries.add(e.id(type, rnd.nextInt(n)));
        }
        ApproximateNearest ann = e.approximate(config.parameters(), listener);
        Path file = ann.indexFile(type, measure);
        Files.deleteIfExists(file); // measure a build
        written.add(file);
        out.printf(Locale.ROOT, "%s: %,d x %d, %s%n", label, n, e.dimension(), measure);
        out.flush();
        IndexInfo built = ann.index(type, measure);
        // a second process's view: the same vectors, the index read from its file (fingerprint check included)
        IndexInfo read = vectors.open().approximate(config.parameters(), listener).index(type, measure);

        List<List<Neighbour>> exact = new ArrayList<>();
        double[] exactMs = new double[queries.size()];
        for (int i = 0; i < Math.min(10, queries.size()); i++) {
            exact(e, type, queries.get(i), measure); // warm-up
        }
        for (int i = 0; i < queries.size(); i++) {
            long t0 = System.nanoTime();
            exact.add(exact(e, type, queries.get(i), measure));
            exactMs[i] = (System.nanoTime() - t0) / 1e6;
        }
        double exactMedian = LoadBenchmark.median(exactMs);
        List<String> rows = new ArrayList<>();
        for (int ef : config.efs()) {
            ApproximateNearest search = e.approximate(config.parameters().withEf(ef), listener);
            for (int i = 0; i < Math.min(50, queries.size()); i++) {
                search.nearest(type, List.of(queries.get(i)), config.k(), type, measure); // warm-up
            }
            double[] ms = new double[queries.size()];
            double recall = 0;
            for (int i = 0; i < queries.size(); i++) {
                long t0 = System.nanoTime();
                List<Neighbour> found = search.nearest(type, List.of(queries.get(i)), config.k(), type, measure).get(0);
                ms[i] = (System.nanoTime() - t0) / 1e6;
                recall += recall(exact.get(i), found);
            }
            double median = LoadBenchmark.median(ms);
            recall /= queries.size();
            out.printf(Locale.ROOT, "  ef=%d: %.3f ms (exact %.2f ms), recall@%d %.4f%n", ef, median, exactMedian, config.k(), recall);
            out.flush();
            rows.add(String.format(Locale.ROOT, "| %s | %s | %,d x %d | %.1f s | %.2f s | %.1f MB | %.2f ms | %d | %.3f ms | %.0fx | %.4f |",
                    label, measure.name().toLowerCase(Locale.ROOT), n, e.dimension(), built.seconds(), read.seconds(),
                    built.bytes() / 1e6, exactMedian, ef, median, exactMedian / median, recall));
        }
        return rows;
    }

    private List<Neighbour> exact(HeteroEmbeddings e, String type, String id, Measure measure) {
        return e.nearest(type, List.of(id), config.k(), type, measure).get(0);
    }

    private static double recall(List<Neighbour> exact, List<Neighbour> approximate) {
        Set<String> truth = new HashSet<>();
        exact.forEach(n -> truth.add(n.id()));
        return exact.isEmpty() ? 1 : approximate.stream().filter(n -> truth.contains(n.id())).count() / (double) exact.size();
    }
}
