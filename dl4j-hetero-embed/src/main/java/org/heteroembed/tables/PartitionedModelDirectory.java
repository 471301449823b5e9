package org.heteroembed.tables;

import org.heteroembed.config.SettingsJson;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.io.AtomicFiles;
import org.heteroembed.graph.partition.NodePartition;
import org.heteroembed.train.fast.TrainingProgress;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

import java.io.BufferedWriter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A model whose tables are partitioned on disk: a directory any tool can read without the JVM.
 * <pre>
 * MODEL/
 *   hetero-embed-model.json   the manifest: format, run id, types and counts, dimension, the partition files
 *                             (generation and checksum), training progress, whether training finished
 *   job.json                  the job the model was trained with
 *   network.json              the DL4J ComputationGraphConfiguration of the model (the tables' layout, no values)
 *   partitioning.bin          the partition of every node (see {@link #writeOwners})
 *   ids/type-T.txt            the external ids of type T, one per line, in the graph's order
 *   part-PPPPP.gGGGGGG.bin    partition P's input and output rows, generation G ({@link PartitionFile})
 * </pre>
 * Node {@code v} of type {@code t} (the {@code i}-th id of {@code ids/type-t.txt}, global index
 * {@code v = sum of counts of types < t, + i}) has its rows in partition {@code partOf(v)}, at the local row
 * {@code PartitionLayout} gives. The manifest is replaced atomically and names exactly one generation per partition:
 * it is the checkpoint; files of other generations are leftovers of a run that went on after it.
 */
public final class PartitionedModelDirectory {
    public static final String MANIFEST = "hetero-embed-model.json";
    public static final String JOB = "job.json";
    public static final String NETWORK = "network.json";
    public static final String OWNERS = "partitioning.bin";
    public static final String IDS = "ids";
    static final String FORMAT = "hetero-embed partitioned model";
    static final int FORMAT_VERSION = 1;
    private static final long OWNERS_MAGIC = 0x48454f574e523031L; // "HEOWNR01"

    /** One partition file as the manifest names it. */
    public record PartitionState(int part, int rows, long generation, long checksum) {
    }

    /**
     * The manifest: everything needed to open the model and to resume its training.
     *
     * @param progress     epoch, buckets done in it ({@code chunk}), tokens and pairs trained
     * @param sliceStart   the first walk chunk of the slice being trained (epochs whose windows exceed the spill
     *                     limit are spilled and trained in slices)
     * @param segmentsDone segments of the next bucket already trained (a run stopped inside a bucket)
     * @param spillLimit   the run's spill limit in bytes (a resume keeps it: it decides the slices)
     */
    public record Manifest(long runId, int dimension, List<String> types, int[] typeCounts, int parts,
                           String partitioner, List<PartitionState> partitions, TrainingProgress progress,
                           long sliceStart, long segmentsDone, long spillLimit, String identity, boolean finished) {
        public long numNodes() {
            long n = 0;
            for (int c : typeCounts) {
                n += c;
            }
            return n;
        }
    }

    private PartitionedModelDirectory() {
    }

    /** Whether {@code path} is a directory holding a partitioned model's manifest. */
    public static boolean isModelDirectory(Path path) {
        return Files.isDirectory(path) && Files.isRegularFile(path.resolve(MANIFEST));
    }

    /**
     * Whether a partitioned run has written into {@code path}: it holds a manifest, or the job file a run writes
     * first (a run stopped before its first manifest, e.g. killed while writing the initial partitions).
     */
    public static boolean holdsRun(Path path) {
        return isModelDirectory(path) || Files.isDirectory(path) && Files.isRegularFile(path.resolve(JOB));
    }

    /** The file of a partition's generation. */
    public static Path partitionFile(Path dir, int part, long generation) {
        return dir.resolve(String.format("part-%05d.g%06d.bin", part, generation));
    }

    /**
     * The file of one table of a partition's generation ({@link PartitionFile} format 2), as Spark's partitioned mode
     * writes them while it trains; the finished directory holds format-1 files ({@link #partitionFile}).
     */
    public static Path halfFile(Path dir, int part, PartitionFile.Table table, long generation) {
        return dir.resolve(String.format("part-%05d.%s.g%06d.bin", part, table == PartitionFile.Table.INPUT ? "in" : "out",
                generation));
    }

    /** The ids file of type {@code t}. */
    public static Path idsFile(Path dir, int type) {
        return dir.resolve(IDS).resolve("type-" + type + ".txt");
    }

    // ---------------------------------------------------------------- manifest

    public static void writeManifest(Path dir, Manifest m) throws IOException {
        ObjectNode root = SettingsJson.mapper().createObjectNode();
        root.put("format", FORMAT).put("version", FORMAT_VERSION).put("runId", Long.toHexString(m.runId()))
                .put("dimension", m.dimension()).put("parts", m.parts()).put("partitioner", m.partitioner())
                .put("finished", m.finished());
        ArrayNode types = root.putArray("types");
        for (int t = 0; t < m.types().size(); t++) {
            types.addObject().put("name", m.types().get(t)).put("nodes", m.typeCounts()[t]);
        }
        ArrayNode parts = root.putArray("partitions");
        for (PartitionState p : m.partitions()) {
            parts.addObject().put("part", p.part()).put("rows", p.rows()).put("generation", p.generation())
                    .put("checksum", Long.toHexString(p.checksum()))
                    .put("file", partitionFile(dir, p.part(), p.generation()).getFileName().toString());
        }
        TrainingProgress pr = m.progress();
        root.putObject("progress").put("epoch", pr.epoch()).put("bucketsDone", pr.chunk()).put("tokens", pr.tokens())
                .put("pairs", pr.pairs())
                .put("sliceStart", m.sliceStart()).put("segmentsDone", m.segmentsDone());
        root.put("spillLimit", m.spillLimit());
        root.put("identity", m.identity());
        AtomicFiles.writeText(dir.resolve(MANIFEST), out -> out.write(SettingsJson.write(root, false)));
    }

    /**
     * Reads a model directory's manifest.
     *
     * @throws IOException naming the directory when it holds no (readable) manifest
     */
    public static Manifest readManifest(Path dir) throws IOException {
        Path file = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            throw new IOException(dir + " is not a partitioned model directory (no " + MANIFEST + ")");
        }
        JsonNode root;
        try {
            root = SettingsJson.parse(Files.readString(file, StandardCharsets.UTF_8), false, file.toString());
        } catch (RuntimeException e) {
            throw new IOException(file + " is not readable: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(root.path("format").asText()) || root.path("version").asInt() != FORMAT_VERSION) {
            throw new IOException(file + " is not a " + FORMAT + " of version " + FORMAT_VERSION);
        }
        List<String> types = new ArrayList<>();
        JsonNode typeNodes = root.path("types");
        int[] counts = new int[typeNodes.size()];
        for (int t = 0; t < counts.length; t++) {
            types.add(typeNodes.get(t).path("name").asText());
            counts[t] = typeNodes.get(t).path("nodes").asInt();
        }
        List<PartitionState> parts = new ArrayList<>();
        for (JsonNode p : root.path("partitions")) {
            parts.add(new PartitionState(p.path("part").asInt(), p.path("rows").asInt(), p.path("generation").asLong(),
                    Long.parseUnsignedLong(p.path("checksum").asText(), 16)));
        }
        JsonNode pr = root.path("progress");
        TrainingProgress progress = new TrainingProgress(pr.path("epoch").asInt(), pr.path("bucketsDone").asLong(),
                pr.path("tokens").asLong(), pr.path("pairs").asLong());
        return new Manifest(Long.parseUnsignedLong(root.path("runId").asText(), 16), root.path("dimension").asInt(),
                types, counts, root.path("parts").asInt(), root.path("partitioner").asText(), parts, progress,
                pr.path("sliceStart").asLong(), pr.path("segmentsDone").asLong(),
                root.path("spillLimit").asLong(Long.MAX_VALUE), root.path("identity").asText(), root.path("finished").asBoolean());
    }

    // ---------------------------------------------------------------- ids and owners

    /** The external ids of a model's rows, by type and position (a graph's, or a model file's). */
    public interface IdSource {
        int types();

        int count(int type);

        String id(int type, int index);
    }

    /** Writes the graph's external ids, one file per type. */
    public static void writeIds(Path dir, HeteroGraph graph) throws IOException {
        writeIds(dir, new IdSource() {
            @Override
            public int types() {
                return graph.numNodeTypes();
            }

            @Override
            public int count(int type) {
                return graph.numNodes(type);
            }

            @Override
            public String id(int type, int index) {
                return graph.ids(type).get(index);
            }
        });
    }

    /** Writes external ids, one file per type, one id per line. */
    public static void writeIds(Path dir, IdSource ids) throws IOException {
        Files.createDirectories(dir.resolve(IDS));
        for (int t = 0; t < ids.types(); t++) {
            int type = t, n = ids.count(t);
            AtomicFiles.write(idsFile(dir, t), tmp -> {
                try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                    for (int i = 0; i < n; i++) {
                        w.write(ids.id(type, i));
                        w.write('\n');
                    }
                }
            });
        }
    }

    /**
     * Writes the partition of every node: a header (magic "HEOWNR01", node count, partitions, CRC32C of the owners,
     * big-endian) and one big-endian int per node in global order.
     */
    public static void writeOwners(Path dir, NodePartition partition) throws IOException {
        writeOwners(dir, partition.numNodes(), partition.parts(), partition.method(), partition::partOf);
    }

    /**
     * {@link #writeOwners(Path, NodePartition)} from a function of the node, in two passes (the checksum, then the
     * file), so that no int per node is held: how Spark's driver writes a hash partition it never materialises.
     */
    public static void writeOwners(Path dir, int numNodes, int parts, String method, java.util.function.IntUnaryOperator ownerOf)
            throws IOException {
        long checksum = checksum(numNodes, ownerOf);
        AtomicFiles.write(dir.resolve(OWNERS), tmp -> {
            try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
                out.writeLong(OWNERS_MAGIC);
                out.writeInt(numNodes);
                out.writeInt(parts);
                out.writeLong(checksum);
                out.writeUTF(method);
                for (int v = 0; v < numNodes; v++) {
                    out.writeInt(ownerOf.applyAsInt(v));
                }
            }
        });
    }

    /** CRC32C of the big-endian bytes of {@code values(0 .. n-1)}. */
    private static long checksum(int n, java.util.function.IntUnaryOperator values) {
        CRC32C crc = new CRC32C();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1 << 16);
        for (int v = 0; v < n; v++) {
            if (!b.hasRemaining()) {
                crc.update(b.flip());
                b.clear();
            }
            b.putInt(values.applyAsInt(v));
        }
        crc.update(b.flip());
        return crc.getValue();
    }

    /** Reads the partition written by {@link #writeOwners}, checking it is whole. */
    public static NodePartition readOwners(Path dir) throws IOException {
        Path file = dir.resolve(OWNERS);
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readLong() != OWNERS_MAGIC) {
                throw new IOException(file + " is not a partitioning file (wrong magic number)");
            }
            int n = in.readInt(), parts = in.readInt();
            long checksum = in.readLong();
            String method = in.readUTF();
            int[] owners = new int[n];
            for (int v = 0; v < n; v++) {
                owners[v] = in.readInt();
            }
            if (checksum(owners.length, v -> owners[v]) != checksum) {
                throw new IOException(file + " is damaged (checksum mismatch)");
            }
            return NodePartition.of(parts, owners, method);
        } catch (java.io.EOFException e) {
            throw new IOException(file + " is truncated", e);
        }
    }
}
