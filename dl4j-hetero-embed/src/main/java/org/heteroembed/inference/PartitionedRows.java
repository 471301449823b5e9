package org.heteroembed.inference;

import org.heteroembed.graph.partition.NodePartition;
import org.heteroembed.graph.partition.PartitionLayout;
import org.heteroembed.tables.MappedPartition;
import org.heteroembed.tables.PartitionFile;
import org.heteroembed.tables.PartitionedModelDirectory;
import org.heteroembed.tables.PartitionedModelDirectory.Manifest;
import org.heteroembed.tables.PartitionedModelDirectory.PartitionState;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The input rows of a partitioned model directory, read in place: each partition file's input table is
 * memory-mapped ({@link MappedPartition}) and global row {@code v} is local row {@code localRow(v)} of partition
 * {@code partOf(v)} ({@link PartitionLayout}). Nothing table-sized is held in the heap or in native memory: the
 * layout's two ints per node, and whatever pages of the files the operating system keeps cached.
 *
 * <p>A range of global rows of one type visits each partition's rows of that type in order (the layout keeps the
 * graph's order within a type), so a scan over all rows (export, nearest) reads every file sequentially.
 */
final class PartitionedRows implements VectorRows {
    private final PartitionLayout layout;
    private final MappedPartition[] parts;
    private final int dim;

    private PartitionedRows(PartitionLayout layout, MappedPartition[] parts, int dim) {
        this.layout = layout;
        this.parts = parts;
        this.dim = dim;
    }

    /**
     * Opens the rows of a model directory whose manifest has been read.
     *
     * @throws IOException naming the file when the partitioning or a partition file does not match the manifest
     */
    static PartitionedRows open(Path dir, Manifest m) throws IOException {
        PartitionLayout layout = layout(dir, m);
        checkPartitions(dir, m, layout);
        MappedPartition[] mapped = new MappedPartition[m.parts()];
        for (PartitionState s : m.partitions()) {
            mapped[s.part()] = MappedPartition.open(PartitionedModelDirectory.partitionFile(dir, s.part(), s.generation()),
                    new PartitionFile.Header(m.runId(), s.part(), m.parts(), s.rows(), m.dimension(), s.generation(),
                            s.checksum()));
        }
        return new PartitionedRows(layout, mapped, m.dimension());
    }

    /**
     * The layout of a model directory: its partitioning file, checked against the manifest's nodes and partitions.
     *
     * @throws IOException naming the partitioning file when it is missing, damaged or does not match
     */
    static PartitionLayout layout(Path dir, Manifest m) throws IOException {
        Path owners = dir.resolve(PartitionedModelDirectory.OWNERS);
        if (!java.nio.file.Files.isRegularFile(owners)) {
            throw new IOException(owners + " is missing: the partition of every node");
        }
        NodePartition partition = PartitionedModelDirectory.readOwners(dir);
        if (partition.numNodes() != m.numNodes() || partition.parts() != m.parts()) {
            throw new IOException(owners + " assigns " + partition.numNodes() + " nodes to " + partition.parts()
                    + " partitions; the manifest has " + m.numNodes() + " nodes in " + m.parts());
        }
        int[] offsets = new int[m.typeCounts().length + 1];
        for (int t = 0; t < m.typeCounts().length; t++) {
            offsets[t + 1] = Math.addExact(offsets[t], m.typeCounts()[t]);
        }
        return PartitionLayout.of(partition, offsets);
    }

    /**
     * Checks that the manifest names every partition once, with the rows the layout gives it.
     *
     * @throws IOException naming the manifest otherwise
     */
    static void checkPartitions(Path dir, Manifest m, PartitionLayout layout) throws IOException {
        Path manifest = dir.resolve(PartitionedModelDirectory.MANIFEST);
        boolean[] seen = new boolean[m.parts()];
        for (PartitionState s : m.partitions()) {
            if (s.part() < 0 || s.part() >= m.parts() || seen[s.part()]) {
                throw new IOException(manifest + " names partition " + s.part() + " twice or out of [0, " + m.parts() + ")");
            }
            seen[s.part()] = true;
            if (s.rows() != layout.rows(s.part())) {
                throw new IOException(manifest + " gives partition " + s.part() + " " + s.rows()
                        + " rows; the partitioning gives it " + layout.rows(s.part()));
            }
        }
        for (int p = 0; p < seen.length; p++) {
            if (!seen[p]) {
                throw new IOException(manifest + " names no file for partition " + p);
            }
        }
    }

    @Override
    public long rows() {
        return layout.numNodes();
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public float[] row(long row) {
        float[] v = new float[dim];
        read(row, v, 0);
        return v;
    }

    @Override
    public INDArray block(long from, long to) {
        int n = Math.toIntExact(to - from);
        float[] flat = new float[Math.multiplyExact(n, dim)];
        for (int i = 0; i < n; i++) {
            read(from + i, flat, i * dim);
        }
        return Nd4j.create(flat, new long[]{n, dim}, 'c');
    }

    @Override
    public INDArray gather(long[] rows) {
        float[] flat = new float[Math.multiplyExact(rows.length, dim)];
        for (int i = 0; i < rows.length; i++) {
            read(rows[i], flat, i * dim);
        }
        return Nd4j.create(flat, new long[]{rows.length, dim}, 'c');
    }

    @Override
    public boolean inMemory() {
        return false;
    }

    private void read(long row, float[] dst, int offset) {
        int v = Math.toIntExact(row);
        parts[layout.partOf(v)].read(layout.localRow(v), dst, offset);
    }
}
