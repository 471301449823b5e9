package org.heteroembed.inference;

import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.graph.io.AtomicFiles;
import org.heteroembed.graph.partition.NodePartition;
import org.heteroembed.graph.partition.PartitionLayout;
import org.heteroembed.nn.conf.HeteroEmbeddingLayer;
import org.heteroembed.nn.layers.HeteroEmbeddingLayerImpl;
import org.heteroembed.nn.params.HeteroEmbeddingParamInitializer;
import org.heteroembed.tables.PartitionFile;
import org.heteroembed.tables.PartitionedModelDirectory;
import org.heteroembed.tables.PartitionedModelDirectory.Manifest;
import org.heteroembed.tables.PartitionedModelDirectory.PartitionState;
import org.heteroembed.train.fast.FloatRows;
import org.heteroembed.train.fast.TrainingProgress;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Converts between the two model forms: a model file (the DL4J {@code ComputationGraph} zip with ids, the
 * interchange format for models that fit in memory) and a partitioned model directory
 * ({@link PartitionedModelDirectory}).
 * <ul>
 *   <li>{@link #toModelFile}: builds the network from {@code network.json}, copies both tables' rows from the
 *       partition files (each file's checksum verified as it is read) and saves the model file; refused, before
 *       anything is allocated, when the tables do not fit in the native memory the JVM can allocate.</li>
 *   <li>{@link #toDirectory}: splits the tables of a model file into P hash partitions
 *       ({@link NodePartition#hash}) and writes a finished directory with a fresh run id.</li>
 * </ul>
 * Outputs are written under a temporary name beside the target and renamed into place, so a failure never leaves a
 * half-written model under the target's name.
 */
public final class ModelConversion {
    /** Generation of the partition files of a directory written by {@link #toDirectory}. */
    static final long GENERATION = 0;

    private ModelConversion() {
    }

    /** What a conversion wrote: nodes, dimension, partitions (of the directory read or written). */
    public record Summary(long nodes, int dimension, int parts) {
    }

    // ---------------------------------------------------------------- directory -> model file

    /** Converts a partitioned model directory to a model file, if its tables fit in {@link OffHeapMemory#available()}. */
    public static Summary toModelFile(Path dir, Path modelFile) throws IOException {
        return toModelFile(dir, modelFile, OffHeapMemory.available());
    }

    /**
     * As {@link #toModelFile(Path, Path)} with the native memory available given (tests use a small one).
     *
     * @throws IOException naming the directory and both sizes when the tables need more than {@code availableBytes};
     *                     naming the file when a partition file is damaged, stale or of another run
     */
    public static Summary toModelFile(Path dir, Path modelFile, long availableBytes) throws IOException {
        Manifest m = PartitionedModelDirectory.readManifest(dir);
        ComputationGraphConfiguration conf = network(dir);
        HeteroEmbeddingLayer layer = embeddingLayer(conf, dir.resolve(PartitionedModelDirectory.NETWORK));
        if (!Arrays.equals(layer.getNodeCounts(), m.typeCounts()) || layer.getEmbeddingSize() != m.dimension()
                || !layer.getNodeTypes().equals(m.types())) {
            throw new IOException(dir.resolve(PartitionedModelDirectory.NETWORK) + " describes tables of types "
                    + layer.getNodeTypes() + " " + Arrays.toString(layer.getNodeCounts()) + " x " + layer.getEmbeddingSize()
                    + "; the manifest " + m.types() + " " + Arrays.toString(m.typeCounts()) + " x " + m.dimension());
        }
        int maxRows = m.partitions().stream().mapToInt(PartitionState::rows).max().orElse(0);
        long needed = networkBytes(conf) + 2L * maxRows * m.dimension() * Float.BYTES;
        if (needed > availableBytes) {
            throw new IOException(String.format("%s: its tables (%,d nodes x %d, both sides) need %s in memory to become "
                            + "a single-file model, the JVM can allocate %s; the directory is the model: nearest, export, "
                            + "eval and plot read it as it is", dir, m.numNodes(), m.dimension(),
                    OffHeapMemory.format(needed), OffHeapMemory.format(availableBytes)));
        }
        PartitionLayout layout = PartitionedRows.layout(dir, m);
        PartitionedRows.checkPartitions(dir, m, layout);
        NodeIdTables ids = NodeIdTables.read(dir, m.types(), m.typeCounts());
        Path jobFile = dir.resolve(PartitionedModelDirectory.JOB);
        String job = Files.isRegularFile(jobFile) ? Files.readString(jobFile, StandardCharsets.UTF_8) : null;

        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        HeteroEmbeddingLayerImpl impl = HeteroEmbeddingLayerImpl.find(net, true);
        INDArray[] tables = impl.sharedSizeTables("converting a partitioned model");
        if (tables[0].dataType() != DataType.FLOAT) {
            throw new IOException(dir.resolve(PartitionedModelDirectory.NETWORK) + " has " + tables[0].dataType()
                    + " parameters; partition files hold FLOAT rows");
        }
        readRows(dir, m, layout, v -> v, new FloatRows(tables[0]), new FloatRows(tables[1]));
        TrainingProgress p = m.progress();
        HeteroModelFile.save(net, ids, new TrainingProgress(p.epoch(), 0, p.tokens(), p.pairs()),
                m.identity().isEmpty() ? null : m.identity(), job, HeteroModelFile.runRecord(dir), modelFile);
        return new Summary(m.numNodes(), m.dimension(), m.parts());
    }

    /** Receives a partitioned model's rows, one node at a time ({@link #readRows(Path, Manifest, RowConsumer)}). */
    @FunctionalInterface
    public interface RowConsumer {
        /** Node {@code node} (global order of the model's types): its input and output row (reused buffers). */
        void row(int node, float[] in, float[] out) throws IOException;
    }

    /**
     * Reads a partitioned model's input and output rows into whole tables, one partition in memory at a time: the row
     * of the directory's node {@code v} (global order of its types) goes to row {@code destination(v)} of {@code in}
     * and {@code out}, or nowhere when that is negative (a warm start's nodes that are gone).
     *
     * @throws IOException naming a partition file that is damaged, stale or of another run
     */
    public static void readRows(Path dir, Manifest m, java.util.function.IntUnaryOperator destination, FloatRows in,
                                FloatRows out) throws IOException {
        readRows(dir, m, PartitionedRows.layout(dir, m), destination, in, out);
    }

    private static void readRows(Path dir, Manifest m, PartitionLayout layout, java.util.function.IntUnaryOperator destination,
                                 FloatRows in, FloatRows out) throws IOException {
        readRows(dir, m, layout, (v, inRow, outRow) -> {
            int w = destination.applyAsInt(v);
            if (w >= 0) {
                in.write(w, inRow);
                out.write(w, outRow);
            }
        });
    }

    /** Every row of a partitioned model, partition by partition, to {@code consumer}. */
    public static void readRows(Path dir, Manifest m, RowConsumer consumer) throws IOException {
        readRows(dir, m, PartitionedRows.layout(dir, m), consumer);
    }

    private static void readRows(Path dir, Manifest m, PartitionLayout layout, RowConsumer consumer) throws IOException {
        int d = m.dimension();
        int maxRows = m.partitions().stream().mapToInt(PartitionState::rows).max().orElse(0);
        FloatPointer scratch = new FloatPointer(Math.max(1, 2L * maxRows * d));
        try {
            float[] inRow = new float[d], outRow = new float[d];
            for (PartitionState s : m.partitions()) {
                Path file = PartitionedModelDirectory.partitionFile(dir, s.part(), s.generation());
                long scratchIn = scratch.address(), scratchOut = scratchIn + (long) s.rows() * d * Float.BYTES;
                PartitionFile.read(file, new PartitionFile.Header(m.runId(), s.part(), m.parts(), s.rows(), d,
                        s.generation(), s.checksum()), scratchIn, scratchOut);
                FloatRows partIn = FloatRows.at(scratchIn, s.rows(), d), partOut = FloatRows.at(scratchOut, s.rows(), d);
                for (int r = 0; r < s.rows(); r++) {
                    partIn.read(r, inRow);
                    partOut.read(r, outRow);
                    consumer.row(layout.node(s.part(), r), inRow, outRow);
                }
            }
        } finally {
            scratch.deallocate();
        }
    }

    /** Bytes of a network's parameters and updater state (what {@code init()} and a save allocate). */
    static long networkBytes(ComputationGraphConfiguration conf) {
        long bytes = 0;
        for (GraphVertex v : conf.getVertices().values()) {
            if (v instanceof LayerVertex lv && lv.getLayerConf() != null) {
                Layer l = lv.getLayerConf().getLayer();
                long params = l.initializer().numParams(l);
                long state = l instanceof BaseLayer b && b.getIUpdater() != null ? b.getIUpdater().stateSize(params) : 0;
                bytes += (params + state) * conf.getDataType().width();
            }
        }
        return bytes;
    }

    private static ComputationGraphConfiguration network(Path dir) throws IOException {
        Path file = dir.resolve(PartitionedModelDirectory.NETWORK);
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " is missing: the network configuration of the model");
        }
        try {
            return ComputationGraphConfiguration.fromJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IOException(file + " is not a DL4J ComputationGraph configuration: " + e.getMessage(), e);
        }
    }

    private static HeteroEmbeddingLayer embeddingLayer(ComputationGraphConfiguration conf, Path file) throws IOException {
        for (GraphVertex v : conf.getVertices().values()) {
            if (v instanceof LayerVertex lv && lv.getLayerConf() != null
                    && lv.getLayerConf().getLayer() instanceof HeteroEmbeddingLayer h) {
                return h;
            }
        }
        throw new IOException(file + " has no HeteroEmbeddingLayer");
    }

    // ---------------------------------------------------------------- model file -> directory

    /**
     * Splits a model file's tables into {@code parts} hash partitions and writes a finished partitioned model
     * directory (fresh random run id, partition files of generation {@value #GENERATION}). An existing
     * {@code dir} is replaced (the caller decides whether it may be).
     *
     * @throws IllegalArgumentException if {@code parts < 1} or the model's types have their own table sizes
     */
    public static Summary toDirectory(Path modelFile, Path dir, int parts, long seed) throws IOException {
        if (parts < 1) {
            throw new IllegalArgumentException("parts must be >= 1, got " + parts);
        }
        ComputationGraph net = HeteroModelFile.network(modelFile);
        NodeIdTables ids = HeteroModelFile.ids(modelFile);
        String job = HeteroModelFile.job(modelFile);
        String identity = HeteroModelFile.runSettings(modelFile);
        Object saved = HeteroModelFile.progress(modelFile);
        TrainingProgress progress = saved instanceof TrainingProgress p
                ? new TrainingProgress(p.epoch(), 0, p.tokens(), p.pairs()) : TrainingProgress.START;
        HeteroEmbeddingLayerImpl impl = HeteroEmbeddingLayerImpl.find(net, true);
        HeteroEmbeddingLayer conf = (HeteroEmbeddingLayer) impl.conf().getLayer();
        if (conf.hasProjections()) {
            throw new IllegalArgumentException(modelFile + " has per-type table sizes (projections): partitioned "
                    + "tables hold rows of one shared dimension");
        }
        INDArray in = HeteroEmbeddingParamInitializer.allInputVectors(conf, impl.params());
        INDArray out = HeteroEmbeddingParamInitializer.allOutputVectors(conf, impl.params());
        if (in.dataType() != DataType.FLOAT) {
            in = in.castTo(DataType.FLOAT).dup('c');
            out = out.castTo(DataType.FLOAT).dup('c');
        }
        int n = Math.toIntExact(conf.totalNodes()), d = conf.getEmbeddingSize();
        NodePartition partition = NodePartition.hash(n, parts, seed);
        int[] offsets = new int[conf.getNodeCounts().length + 1];
        for (int t = 0; t < conf.getNodeCounts().length; t++) {
            offsets[t + 1] = offsets[t] + conf.getNodeCounts()[t];
        }
        PartitionLayout layout = PartitionLayout.of(partition, offsets);
        long runId = new SecureRandom().nextLong();
        FloatRows tableIn = new FloatRows(in), tableOut = new FloatRows(out);

        AtomicFiles.writeDirectory(dir, tmp -> {
            Files.writeString(tmp.resolve(PartitionedModelDirectory.NETWORK), net.getConfiguration().toJson(), StandardCharsets.UTF_8);
            if (job != null) {
                Files.writeString(tmp.resolve(PartitionedModelDirectory.JOB), job, StandardCharsets.UTF_8);
            }
            PartitionedModelDirectory.writeIds(tmp, ids.source());
            PartitionedModelDirectory.writeOwners(tmp, partition);
            List<PartitionState> states = new ArrayList<>();
            FloatPointer scratch = new FloatPointer(Math.max(1, 2L * layout.maxRows() * d));
            try {
                float[] row = new float[d];
                for (int p = 0; p < parts; p++) {
                    int rows = layout.rows(p);
                    long scratchIn = scratch.address(), scratchOut = scratchIn + (long) rows * d * Float.BYTES;
                    FloatRows partIn = FloatRows.at(scratchIn, rows, d), partOut = FloatRows.at(scratchOut, rows, d);
                    for (int r = 0; r < rows; r++) {
                        int v = layout.node(p, r);
                        tableIn.read(v, row);
                        partIn.write(r, row);
                        tableOut.read(v, row);
                        partOut.write(r, row);
                    }
                    PartitionFile.Header h = PartitionFile.write(PartitionedModelDirectory.partitionFile(tmp, p, GENERATION),
                            runId, p, parts, GENERATION, rows, d, scratchIn, scratchOut);
                    states.add(new PartitionState(p, rows, GENERATION, h.checksum()));
                }
            } finally {
                scratch.deallocate();
            }
            PartitionedModelDirectory.writeManifest(tmp, new Manifest(runId, d, ids.types(), conf.getNodeCounts().clone(),
                    parts, partition.method(), states, progress, 0, 0, Long.MAX_VALUE, identity == null ? "" : identity, true));
        });
        return new Summary(n, d, parts);
    }
}
