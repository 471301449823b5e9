package org.heteroembed.tables;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One partition file's input rows, memory-mapped read-only: what inference reads of a partitioned model, without
 * copying the table into the heap or into native memory (the operating system pages rows in as they are read and
 * can drop them again, so tables larger than memory are served).
 *
 * <p>Opening checks the header against what the manifest expects (run, partition, shape, generation, and that the
 * header's checksum is the one the manifest recorded) and the file's size, so a truncated file, a file of another run
 * and a stale generation are refused, naming the file. It does <em>not</em> recompute the checksum of the rows:
 * that reads the whole table (minutes for tens of GB) before the first lookup. Damage inside the rows of a file
 * with an intact header and size goes unnoticed here; {@link PartitionFile#read} (used by training and by the
 * conversion to a single-file model) verifies it.
 *
 * <p>The rows are mapped in pieces of {@code 2^k} rows of at most {@value #MAX_PIECE_BYTES} bytes (a mapping holds
 * under 2 GiB; a row never straddles two pieces). Reads use absolute bulk gets, so concurrent readers are safe.
 * The mappings are released when this object is garbage-collected (the JDK offers no explicit unmap).
 */
public final class MappedPartition {
    static final long MAX_PIECE_BYTES = 1L << 30;

    private final FloatBuffer[] pieces;
    private final int rowShift;
    private final int rowMask;
    private final int rows;
    private final int dim;

    private MappedPartition(FloatBuffer[] pieces, int rowShift, int rows, int dim) {
        this.pieces = pieces;
        this.rowShift = rowShift;
        this.rowMask = (1 << rowShift) - 1;
        this.rows = rows;
        this.dim = dim;
    }

    /**
     * Maps the input rows of a partition file after checking it is the file {@code expected} describes.
     *
     * @throws IOException naming the file when it is missing, truncated, of another run, of another partition or
     *                     shape, or of another generation than the manifest's
     */
    public static MappedPartition open(Path file, PartitionFile.Header expected) throws IOException {
        return open(file, expected, MAX_PIECE_BYTES);
    }

    /** With pieces of at most {@code maxPieceBytes} (tests use small pieces to cross piece boundaries). */
    static MappedPartition open(Path file, PartitionFile.Header expected, long maxPieceBytes) throws IOException {
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new IOException(file + " is missing: the manifest names it as partition " + expected.part()
                    + " (generation " + expected.generation() + ")");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            PartitionFile.Header h = PartitionFile.readHeader(file); // checks magic, version and the file's size
            PartitionFile.requireExpected(file, h, expected);
            PartitionFile.requireChecksum(file, h, expected);
            int dim = h.dim();
            long rowsPerPiece = Math.max(1, maxPieceBytes / ((long) dim * Float.BYTES));
            int shift = Math.min(30, 63 - Long.numberOfLeadingZeros(rowsPerPiece));
            int count = (int) ((h.rows() + (1L << shift) - 1) >>> shift);
            FloatBuffer[] pieces = new FloatBuffer[count];
            for (int c = 0; c < count; c++) {
                long first = (long) c << shift;
                long n = Math.min(1L << shift, h.rows() - first);
                pieces[c] = ch.map(FileChannel.MapMode.READ_ONLY, PartitionFile.HEADER_BYTES + first * dim * Float.BYTES,
                        n * dim * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            }
            return new MappedPartition(pieces, shift, h.rows(), dim);
        }
    }

    public int rows() {
        return rows;
    }

    public int dim() {
        return dim;
    }

    /** Copies input row {@code localRow} into {@code dst[offset, offset + dim)}. */
    public void read(int localRow, float[] dst, int offset) {
        pieces[localRow >>> rowShift].get((localRow & rowMask) * dim, dst, offset, dim);
    }
}
