package org.heteroembed.tables;

import org.heteroembed.graph.io.AtomicFiles;
import org.heteroembed.train.fast.FloatRows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * One partition's rows on disk: a {@value #HEADER_BYTES}-byte header, then the input rows {@code [rows, dim]} and the
 * output rows {@code [rows, dim]}, little-endian floats, row-major (so the file can be memory-mapped and read as
 * float arrays by any tool: numpy's {@code np.memmap(f, '<f4', offset=4096, shape=(2, rows, dim))}).
 *
 * <p>The header carries what makes a stale or damaged file detectable: the run it belongs to, the partition, the
 * shape, a generation number and the CRC32C of the rows. Files are written to a temporary name, forced to disk and
 * renamed, so a crash never leaves a half-written file under a valid name; reading checks the header against what
 * the caller expects and the checksum against the rows read.
 *
 * <p>Format 2 holds one of the two tables ({@link #writeHalf}, {@link #readHalf}; the header also names the table):
 * Spark's partitioned mode rewrites a partition's input rows and its output rows on different executors at different
 * times. Each reader refuses the other format by name.
 */
public final class PartitionFile {
    private static final Logger log = LoggerFactory.getLogger(PartitionFile.class);
    /** "HEPART01": hetero-embed partition, format 1. */
    static final long MAGIC = 0x4845504152543031L;
    static final int VERSION = 1;
    /** Format 2: one table of a partition (Spark's partitioned mode writes input and output rows at different times). */
    static final int HALF_VERSION = 2;
    public static final int HEADER_BYTES = 4096;
    /** I/O in pieces of at most this many bytes (a direct ByteBuffer holds under 2 GiB). */
    private static final int IO_BYTES = 1 << 26;
    /**
     * Opens the temporary file a partition is written to. Package-private so that a test can write to
     * {@code /dev/full} instead and see what a full disk does to a run (there is no other unprivileged way to get
     * ENOSPC on a chosen write).
     */
    static volatile TempOpener tempOpener = tmp -> FileChannel.open(tmp, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);

    /** See {@link #tempOpener}. */
    @FunctionalInterface
    interface TempOpener {
        FileChannel open(Path tmp) throws IOException;
    }

    /** What a partition file's header says. */
    public record Header(long runId, int part, int parts, int rows, int dim, long generation, long checksum) {
        /** Bytes of one table's rows (input or output). */
        public long tableBytes() {
            return (long) rows * dim * Float.BYTES;
        }

        public long fileBytes() {
            return HEADER_BYTES + 2 * tableBytes();
        }
    }

    /** Which of a partition's two tables a format-2 file holds. */
    public enum Table { INPUT, OUTPUT }

    /** What a format-2 file's header says: one table of a partition. */
    public record HalfHeader(long runId, int part, int parts, Table table, int rows, int dim, long generation,
                             long checksum) {
        /** Bytes of the table's rows. */
        public long tableBytes() {
            return (long) rows * dim * Float.BYTES;
        }

        /** Bytes of the file: the header and the table. */
        public long fileBytes() {
            return HEADER_BYTES + tableBytes();
        }
    }

    /** Bytes of rows this JVM read from or wrote to partition files (see {@link #rowBytesThisJvm}). */
    private static final java.util.concurrent.atomic.LongAdder ROW_BYTES = new java.util.concurrent.atomic.LongAdder();

    private PartitionFile() {
    }

    /**
     * Bytes of table rows this JVM has read from or written to partition files: how a test proves that a process
     * (Spark's driver in the partitioned mode) never held a row.
     */
    public static long rowBytesThisJvm() {
        return ROW_BYTES.sum();
    }

    /**
     * Writes one table of a partition (format 2) from native memory, atomically (temporary file, forced, renamed).
     *
     * @param rowsAddress address of {@code rows x dim} floats
     * @return the header written (with the checksum of the rows)
     */
    public static HalfHeader writeHalf(Path file, long runId, int part, int parts, Table table, long generation, int rows,
                                       int dim, long rowsAddress) throws IOException {
        long checksum = writeAtomically(file, new long[]{rowsAddress}, (long) rows * dim * Float.BYTES,
                c -> encode(new HalfHeader(runId, part, parts, table, rows, dim, generation, c)));
        return new HalfHeader(runId, part, parts, table, rows, dim, generation, checksum);
    }

    /** Reads and checks a format-2 file's header (not its rows). */
    public static HalfHeader readHalfHeader(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return halfHeader(file, ch);
        }
    }

    /**
     * Reads one table of a partition (format 2) into native memory after checking the file is the one expected (run,
     * partition, table, shape, generation, checksum in the header) and intact (size, checksum of the rows).
     *
     * @throws IOException naming the file and what is wrong with it
     */
    public static void readHalf(Path file, HalfHeader expected, long rowsAddress) throws IOException {
        requireLittleEndian();
        long t0 = System.nanoTime();
        IoTimes times = new IoTimes();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            HalfHeader h = halfHeader(file, ch);
            if (h.runId() != expected.runId()) {
                throw new IOException(file + " belongs to another run (run id " + Long.toHexString(h.runId())
                        + ", expected " + Long.toHexString(expected.runId()) + ")");
            }
            if (!h.equals(new HalfHeader(h.runId(), expected.part(), expected.parts(), expected.table(), expected.rows(),
                    expected.dim(), expected.generation(), h.checksum()))) {
                throw new IOException(file + " is not the expected table: " + h + ", expected " + expected);
            }
            if (h.checksum() != expected.checksum()) {
                throw new IOException(file + " is stale: its rows' checksum " + Long.toHexString(h.checksum())
                        + " is not the expected " + Long.toHexString(expected.checksum()));
            }
            readTables(file, ch, new long[]{rowsAddress}, h.tableBytes(), h.checksum(), times);
            times.log("read", file, h.fileBytes(), t0);
        }
    }

    private static HalfHeader halfHeader(Path file, FileChannel ch) throws IOException {
        ByteBuffer b = headerFields(file, ch, HALF_VERSION);
        long runId = b.getLong();
        int part = b.getInt(), parts = b.getInt(), rows = b.getInt(), dim = b.getInt();
        long generation = b.getLong(), checksum = b.getLong();
        int table = b.getInt();
        if (table < 0 || table >= Table.values().length) {
            throw new IOException(file + " names table " + table + ", not input (0) or output (1)");
        }
        HalfHeader h = new HalfHeader(runId, part, parts, Table.values()[table], rows, dim, generation, checksum);
        if (ch.size() != h.fileBytes()) {
            throw new IOException(file + " is truncated or padded: " + ch.size() + " bytes, its header says "
                    + h.fileBytes() + " (" + rows + " rows x " + dim + ", one table)");
        }
        return h;
    }

    /**
     * Writes a partition's input and output rows from native memory, atomically.
     *
     * @param in  address of {@code rows x dim} input floats
     * @param out address of {@code rows x dim} output floats
     * @return the header written (with the checksum of the rows)
     */
    public static Header write(Path file, long runId, int part, int parts, long generation, int rows, int dim,
                               long in, long out) throws IOException {
        long checksum = writeAtomically(file, new long[]{in, out}, (long) rows * dim * Float.BYTES,
                c -> encode(new Header(runId, part, parts, rows, dim, generation, c)));
        return new Header(runId, part, parts, rows, dim, generation, checksum);
    }

    /**
     * Writes the tables at {@code bases} and then the header made from their checksum to a temporary file, forces it
     * to disk (before a manifest can name it) and renames it to {@code file}; returns the checksum.
     */
    private static long writeAtomically(Path file, long[] bases, long tableBytes,
                                        java.util.function.LongFunction<ByteBuffer> header) throws IOException {
        requireLittleEndian();
        long[] checksum = new long[1];
        try {
            long t0 = System.nanoTime();
            IoTimes times = new IoTimes();
            AtomicFiles.write(file, tmp -> {
                try (FileChannel ch = tempOpener.open(tmp)) {
                    checksum[0] = writeTables(ch, bases, tableBytes, times);
                    writeFully(ch, header.apply(checksum[0]), 0);
                    long f0 = System.nanoTime();
                    ch.force(true);
                    times.force = System.nanoTime() - f0;
                }
            });
            times.log("wrote", file, HEADER_BYTES + bases.length * tableBytes, t0);
            return checksum[0];
        } catch (IOException | RuntimeException e) {
            throw new IOException("could not write partition file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads and checks a partition file's header (not its rows). */
    public static Header readHeader(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return header(file, ch);
        }
    }

    /**
     * Reads a partition's rows into native memory after checking the file is the one expected (run, partition,
     * shape, generation, the checksum in its header) and intact (size, checksum of the rows).
     *
     * @throws IOException naming the file and what is wrong with it
     */
    public static void read(Path file, Header expected, long in, long out) throws IOException {
        requireLittleEndian();
        long t0 = System.nanoTime();
        IoTimes times = new IoTimes();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Header h = header(file, ch);
            requireExpected(file, h, expected);
            requireChecksum(file, h, expected);
            readTables(file, ch, new long[]{in, out}, h.tableBytes(), h.checksum(), times);
            times.log("read", file, h.fileBytes(), t0);
        }
    }

    /** Writes the tables at {@code bases} after the header, in pieces; returns the CRC32C of their bytes. */
    private static long writeTables(FileChannel ch, long[] bases, long tableBytes, IoTimes times) throws IOException {
        CRC32C crc = new CRC32C();
        long pos = HEADER_BYTES;
        for (long base : bases) {
            for (long off = 0; off < tableBytes; off += IO_BYTES) {
                int n = (int) Math.min(IO_BYTES, tableBytes - off);
                ByteBuffer b = FloatRows.bytes(base + off, n);
                long c0 = System.nanoTime();
                crc.update(b.duplicate());
                times.checksum += System.nanoTime() - c0;
                pos += writeFully(ch, b, pos);
                ROW_BYTES.add(n);
            }
        }
        return crc.getValue();
    }

    /** Reads the tables after the header into {@code bases} and checks their CRC32C against {@code checksum}. */
    private static void readTables(Path file, FileChannel ch, long[] bases, long tableBytes, long checksum, IoTimes times)
            throws IOException {
        CRC32C crc = new CRC32C();
        long pos = HEADER_BYTES;
        for (long base : bases) {
            for (long off = 0; off < tableBytes; off += IO_BYTES) {
                int n = (int) Math.min(IO_BYTES, tableBytes - off);
                ByteBuffer b = FloatRows.bytes(base + off, n);
                pos += readFully(file, ch, b, pos);
                ROW_BYTES.add(n);
                b.flip();
                long c0 = System.nanoTime();
                crc.update(b);
                times.checksum += System.nanoTime() - c0;
            }
        }
        if (crc.getValue() != checksum) {
            throw new IOException(file + " is damaged: the checksum of its rows is " + Long.toHexString(crc.getValue())
                    + ", its header says " + Long.toHexString(checksum));
        }
    }

    /**
     * Where a partition file's read or write spent its time, for a debug log. {@code bench partitions} sums the log's
     * arguments (what, file name, bytes, total ms, checksum ms, force ms): keep their order.
     */
    private static final class IoTimes {
        long checksum, force;

        void log(String what, Path file, long bytes, long start) {
            if (log.isDebugEnabled()) {
                log.debug("{} {}: {} bytes in {} ms (checksum {} ms, force {} ms)", what, file.getFileName(), bytes,
                        (System.nanoTime() - start) / 1_000_000, checksum / 1_000_000, force / 1_000_000);
            }
        }
    }

    /**
     * Checks that a file's header is the one expected: same run, partition, shape and generation (not the checksum:
     * {@link #read} recomputes it from the rows).
     *
     * @throws IOException naming the file and what differs
     */
    public static void requireExpected(Path file, Header h, Header expected) throws IOException {
        if (h.runId() != expected.runId()) {
            throw new IOException(file + " belongs to another run (run id " + Long.toHexString(h.runId())
                    + ", expected " + Long.toHexString(expected.runId()) + ")");
        }
        if (h.part() != expected.part() || h.parts() != expected.parts() || h.rows() != expected.rows()
                || h.dim() != expected.dim() || h.generation() != expected.generation()) {
            throw new IOException(file + " is not the expected partition: " + h + ", expected " + expected);
        }
    }

    /**
     * Checks that a file's header carries the checksum the manifest recorded for it: a file of the right run and
     * generation whose rows are not the ones checkpointed (written over by hand, or a copy from another directory of
     * the same run) is refused before its rows are read.
     */
    public static void requireChecksum(Path file, Header h, Header expected) throws IOException {
        if (h.checksum() != expected.checksum()) {
            throw new IOException(file + " is stale: its rows' checksum " + Long.toHexString(h.checksum())
                    + " is not the manifest's " + Long.toHexString(expected.checksum()));
        }
    }

    /** Rows are copied as native memory: the file's little-endian floats must be the machine's. */
    private static void requireLittleEndian() {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new UnsupportedOperationException("partitioned tables need a little-endian machine");
        }
    }

    /** The header's bytes after the magic number and the format version, which must be {@code version}. */
    private static ByteBuffer headerFields(Path file, FileChannel ch, int version) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        if (ch.size() < HEADER_BYTES) {
            throw new IOException(file + " is not a partition file (" + ch.size() + " bytes, shorter than its header)");
        }
        readFully(file, ch, b, 0);
        b.flip();
        if (b.getLong() != MAGIC) {
            throw new IOException(file + " is not a hetero-embed partition file (wrong magic number)");
        }
        int found = b.getInt();
        if (found != version) {
            throw new IOException(file + (found == VERSION ? " holds both tables of a partition (format 1), not one"
                    : found == HALF_VERSION ? " holds one table of a partition (format 2), not both"
                    : " has partition format " + found + "; this version reads " + VERSION + " and " + HALF_VERSION));
        }
        return b;
    }

    private static Header header(Path file, FileChannel ch) throws IOException {
        ByteBuffer b = headerFields(file, ch, VERSION);
        Header h = new Header(b.getLong(), b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getLong(), b.getLong());
        if (ch.size() != h.fileBytes()) {
            throw new IOException(file + " is truncated or padded: " + ch.size() + " bytes, its header says "
                    + h.fileBytes() + " (" + h.rows() + " rows x " + h.dim() + ", two tables)");
        }
        return h;
    }

    private static ByteBuffer encode(HalfHeader h) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(MAGIC).putInt(HALF_VERSION).putLong(h.runId()).putInt(h.part()).putInt(h.parts()).putInt(h.rows())
                .putInt(h.dim()).putLong(h.generation()).putLong(h.checksum()).putInt(h.table().ordinal());
        b.clear();
        return b;
    }

    private static ByteBuffer encode(Header h) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(MAGIC).putInt(VERSION).putLong(h.runId()).putInt(h.part()).putInt(h.parts()).putInt(h.rows())
                .putInt(h.dim()).putLong(h.generation()).putLong(h.checksum());
        b.clear();
        return b;
    }

    static int writeFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        int n = b.remaining();
        while (b.hasRemaining()) {
            pos += ch.write(b, pos);
        }
        return n;
    }

    static int readFully(Path file, FileChannel ch, ByteBuffer b, long pos) throws IOException {
        int n = b.remaining();
        while (b.hasRemaining()) {
            int r = ch.read(b, pos);
            if (r < 0) {
                throw new IOException(file + " ended early at byte " + pos);
            }
            pos += r;
        }
        return n;
    }
}
