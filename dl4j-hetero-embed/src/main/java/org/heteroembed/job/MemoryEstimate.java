package org.heteroembed.job;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.nn.HeteroEmbeddingModels;
import org.heteroembed.sampling.SkipGramConfig;
import org.heteroembed.spark.SparkConfig;
import org.heteroembed.walk.WalkConfig;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The memory a run needs beyond what is allocated once its graph is loaded, itemised so that a refusal can say what
 * dominates. Computed from the resolved job and the graph alone (the network's configuration is built, never
 * initialised), so a run that cannot fit is refused before anything large is allocated.
 *
 * <p>Where each figure comes from (the code that allocates it):
 * <ul>
 *   <li>ND4J, off the Java heap: the network's parameters ({@code ComputationGraph.init} allocates and zeroes one
 *       flattened array of every vertex's {@code numParams}): the input and output tables of every type at their
 *       widths, and the per-type projections. The fit engine adds DL4J's gradient view (as large as the parameters,
 *       allocated on the first {@code fit}) and the updater's state ({@code IUpdater.stateSize}: Adam 2x, AdaGrad 1x,
 *       SGD nothing). The sparse engine's per-row AdaGrad keeps one float per row of both tables
 *       ({@code HeteroTrainer}). Both minibatch engines gather each batch's rows: about four arrays of
 *       {@code [B(1+k), d]} floats (the targets, the repeated centers, their product, the scaled gradient; see
 *       {@code SkipGramGradient}), plus the step workspace's 20% over-allocation. The fast engine writes the
 *       tables in place and adds nothing per parameter.</li>
 *   <li>Java arrays, on the heap: node frequencies (a {@code long} per node, and one more per walk thread while
 *       counting: {@code NodeFrequencies.count}), the negative sampler's packed alias tables (a {@code long} per
 *       node; building a table of n nodes takes 20 bytes per node for a moment: weights, probabilities, aliases and
 *       two work lists), subsampling's keep probabilities (a {@code float} per node), and the walk and pair chunks
 *       in flight in the walker pipeline.</li>
 *   <li>On Spark the driver holds the tables (it is the parameter store in the fast mode) and the global negative
 *       sampler; in the averaging and sharing modes DL4J also sums the workers' parameters and updater state into
 *       arrays of the same size. Not counted: the rows the fast mode ships per round (they depend on the walks), the
 *       serialised copy of the parameters DL4J broadcasts (Spark's block manager spills it to disk), and, in a
 *       {@code local[N]} master, the executors' own copies in this JVM.</li>
 * </ul>
 * Figures are estimates: the tables and DL4J's per-parameter arrays are exact, the rest is an upper bound of the
 * peak (the temporary sampler arrays are counted as if they coexisted).
 */
public final class MemoryEstimate {
    /** The name of the tables' item. */
    public static final String TABLES = "the tables";

    /** Where an item lives, which decides the limit it counts against. */
    public enum Space {
        /** ND4J's native buffers (JavaCPP), outside the Java heap. */
        OFF_HEAP,
        /** Java arrays. */
        HEAP
    }

    /**
     * One thing the run allocates.
     *
     * @param name   what it is, as the refusal names it ("the tables", "adam's state")
     * @param detail how its size is made up ("152,500 nodes x 2 tables x 20,000 x 4 bytes"), or empty
     */
    public record Item(String name, Space space, long bytes, String detail) {
    }

    private final List<Item> items;
    private final long tableBytes;
    private final int dimension;
    private final boolean uniformWidths;

    private MemoryEstimate(List<Item> items, long tableBytes, int dimension, boolean uniformWidths) {
        this.items = List.copyOf(items);
        this.tableBytes = tableBytes;
        this.dimension = dimension;
        this.uniformWidths = uniformWidths;
    }

    /**
     * The estimate of a run of {@code job} on {@code graph}.
     *
     * @param job a resolved job ({@link EmbeddingJob#resolved}): its engine and updater are set
     */
    public static MemoryEstimate of(EmbeddingJob job, HeteroGraph graph) {
        TrainingConfig t = job.training();
        if (t.engine() == null) {
            throw new IllegalArgumentException("the job is not resolved: its engine is unset");
        }
        List<String> types = HeteroEmbeddingModels.nodeTypes(graph);
        int[] widths = job.model().tableWidths(types);
        int d = job.model().dimension();
        ComputationGraphConfiguration conf = JobRunner.network(job, graph);
        int bytesPerParam = conf.getDataType().width();
        long params = 0, updaterState = 0;
        for (GraphVertex v : conf.getVertices().values()) {
            long n = v.numParams(true);
            params += n;
            if (v instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof BaseLayer bl && bl.getIUpdater() != null) {
                updaterState += bl.getIUpdater().stateSize(n);
            }
        }
        long tableParams = 0;
        for (int type = 0; type < types.size(); type++) {
            tableParams += 2L * graph.numNodes(type) * (widths == null ? d : widths[type]);
        }
        long nodes = graph.numNodes();

        List<Item> items = new ArrayList<>();
        items.add(new Item(TABLES, Space.OFF_HEAP, tableParams * bytesPerParam, widths == null
                ? String.format("%,d nodes x 2 tables x %,d x %d bytes", nodes, d, bytesPerParam)
                : String.format("%,d nodes x 2 tables at widths %s x %d bytes", nodes, widthRange(widths), bytesPerParam)));
        add(items, "the projections", Space.OFF_HEAP, (params - tableParams) * bytesPerParam, "");

        SparkConfig spark = job.spark();
        if (spark != null) {
            sparkDriver(items, spark.mode(), job, nodes, params * bytesPerParam, updaterState * bytesPerParam);
            return new MemoryEstimate(items, tableParams * bytesPerParam, d, widths == null);
        }
        SkipGramConfig sg = job.skipGram();
        WalkConfig w = job.walks();
        switch (t.engine()) {
            case FIT -> {
                add(items, "fit's gradient view", Space.OFF_HEAP, params * bytesPerParam, "DL4J's, as large as the parameters");
                add(items, org.heteroembed.config.ValueType.name(t.updater()) + "'s state", Space.OFF_HEAP, updaterState * bytesPerParam, "");
                add(items, "the batch arrays", Space.OFF_HEAP, batchArrays(t, sg, d), "");
            }
            case SPARSE -> {
                if (t.updater() == TrainingConfig.Updater.ADAGRAD) {
                    add(items, "adagrad's row history", Space.OFF_HEAP, 2 * nodes * Float.BYTES, "a float per row of both tables");
                }
                add(items, "the batch arrays", Space.OFF_HEAP, batchArrays(t, sg, d), "");
            }
            case FAST -> add(items, "the training threads' rows", Space.HEAP,
                    (long) w.threads() * (4L * sg.window() + 2L * (1 + sg.negatives())) * maxWidth(widths, d) * Float.BYTES, "");
        }
        samplers(items, job, graph, w.threads());
        long walkChunk = (long) w.chunkSize() * w.walkLength() * Integer.BYTES;
        long pairChunk = t.engine() == TrainingConfig.Engine.FAST ? 0
                : 2L * sg.window() * w.chunkSize() * w.walkLength() * (2 + sg.negatives()) * Integer.BYTES;
        add(items, "the walk and pair chunks in flight", Space.HEAP,
                (long) (w.maxChunksInFlight() + w.threads()) * (walkChunk + pairChunk), "");
        return new MemoryEstimate(items, tableParams * bytesPerParam, d, widths == null);
    }

    /** The Spark driver's share: see the class comment. */
    private static void sparkDriver(List<Item> items, SparkConfig.Mode mode, EmbeddingJob job, long nodes,
                                    long paramBytes, long updaterBytes) {
        add(items, "the node counts", Space.HEAP, nodes * Long.BYTES, "");
        if (mode == SparkConfig.Mode.FAST) {
            add(items, "the negative sampler", Space.HEAP, nodes * Long.BYTES + nodes * 20L, "");
        } else {
            add(items, "DL4J's averaged parameters and updater state", Space.OFF_HEAP, paramBytes + updaterBytes, "");
        }
    }

    /** The frequencies, negative sampler and subsampling of the local pair generator. */
    private static void samplers(List<Item> items, EmbeddingJob job, HeteroGraph graph, int threads) {
        long nodes = graph.numNodes();
        long largestTable = nodes;
        if (job.skipGram().typeAwareNegatives()) {
            largestTable = 0;
            for (int type = 0; type < graph.numNodeTypes(); type++) {
                largestTable = Math.max(largestTable, graph.numNodes(type));
            }
        }
        add(items, "the node frequencies", Space.HEAP, nodes * Long.BYTES * (1L + threads),
                "a long per node, and one per walk thread while counting");
        add(items, "the negative sampler", Space.HEAP, nodes * Long.BYTES + largestTable * 20L,
                "a long per node, and 20 bytes per node of a table while it is built");
        if (job.skipGram().subsample() > 0) {
            add(items, "the subsampling probabilities", Space.HEAP, nodes * Float.BYTES, "a float per node");
        }
    }

    /** Four {@code [B(1+k), d]} float arrays and the step workspace's over-allocation (see the class comment). */
    private static long batchArrays(TrainingConfig t, SkipGramConfig sg, int d) {
        return (long) (1.2 * 4 * t.batchSize() * (1L + sg.negatives()) * d * Float.BYTES);
    }

    private static int maxWidth(int[] widths, int d) {
        int max = d;
        if (widths != null) {
            for (int w : widths) {
                max = Math.max(max, w);
            }
        }
        return max;
    }

    private static String widthRange(int[] widths) {
        int min = Integer.MAX_VALUE, max = 0;
        for (int w : widths) {
            min = Math.min(min, w);
            max = Math.max(max, w);
        }
        return String.format("%,d-%,d", min, max);
    }

    private static void add(List<Item> items, String name, Space space, long bytes, String detail) {
        if (bytes > 0) {
            items.add(new Item(name, space, bytes, detail));
        }
    }

    /** Every item, in the order they are allocated. */
    public List<Item> items() {
        return items;
    }

    /** The items of one space, largest first. */
    public List<Item> items(Space space) {
        return items.stream().filter(i -> i.space() == space).sorted(Comparator.comparingLong(Item::bytes).reversed()).toList();
    }

    /** The bytes of one space. */
    public long bytes(Space space) {
        return items.stream().filter(i -> i.space() == space).mapToLong(Item::bytes).sum();
    }

    /** The bytes of the input and output tables (without projections). */
    public long tableBytes() {
        return tableBytes;
    }

    /** The job's shared dimension. */
    public int dimension() {
        return dimension;
    }

    /** Whether every type's tables have the shared dimension (then the off-heap bytes scale with it). */
    public boolean uniformWidths() {
        return uniformWidths;
    }
}
