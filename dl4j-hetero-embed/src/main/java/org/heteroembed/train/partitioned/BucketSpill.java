package org.heteroembed.train.partitioned;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One epoch's windows on disk, one file per bucket ({@code bucket-I-J.bin}), so that training a bucket reads only
 * its windows, sequentially. Segments are appended in walk order from one thread; each bucket has a small write
 * buffer, so memory stays bounded by {@code P^2} buffers whatever the corpus size. Big-endian, internal to a run:
 * a segment is a header ({@code firstWalk} long, tokens, pairs, records, payload bytes: ints) and its payload.
 *
 * <p>The spill is the run's largest disk use after the tables (several bytes per pair per epoch), so rows are packed:
 * when every partition has fewer than 2^24 rows and a window fewer than 256 contexts ({@code narrow}), a local row
 * takes 3 bytes and a window's context count 1; otherwise 4 bytes each.
 */
final class BucketSpill implements AutoCloseable {
    private static final int HEADER_BYTES = 24;
    private final Path dir;
    private final int parts;
    private final FileChannel[] files;
    private final ByteBuffer[] buffers;
    private final long[] segments;
    private final boolean narrow;
    private long bytes;
    private long records;

    /**
     * @param bufferBytes write buffer per bucket (the spill's memory is {@code P^2} of them)
     */
    BucketSpill(Path dir, int parts, int bufferBytes, boolean narrow) throws IOException {
        this.dir = dir;
        this.parts = parts;
        this.narrow = narrow;
        Files.createDirectories(dir);
        int buckets = parts * parts;
        files = new FileChannel[buckets];
        buffers = new ByteBuffer[buckets];
        segments = new long[buckets];
        for (int b = 0; b < buckets; b++) {
            buffers[b] = ByteBuffer.allocate(Math.max(HEADER_BYTES + 4 + 3 * 255 + 64, bufferBytes));
        }
    }

    Path file(int bucket) {
        return dir.resolve("bucket-" + bucket / parts + "-" + bucket % parts + ".bin");
    }

    /** Whether rows fit in 3 bytes and window sizes in 1 (see the class comment). */
    static boolean narrow(int maxRows, int window) {
        return maxRows < (1 << 24) && 2 * window < 256;
    }

    /** Appends a segment to its bucket's file. */
    void append(int bucket, Segment s) throws IOException {
        ByteBuffer b = buffers[bucket];
        if (b.remaining() < HEADER_BYTES) {
            flush(bucket);
        }
        int[] payload = s.payload();
        int payloadBytes = narrow ? 4 * s.records() + 3 * (s.length() - 2 * s.records()) : 4 * s.length();
        b.putLong(s.firstWalk()).putInt(s.tokens()).putInt(s.pairs()).putInt(s.records()).putInt(payloadBytes);
        if (!narrow) {
            for (int i = 0; i < s.length(); i++) {
                if (b.remaining() < 4) {
                    flush(bucket);
                }
                b.putInt(payload[i]);
            }
        } else {
            for (int k = 0, r = 0; r < s.records(); r++) {
                int c = payload[k + 1];
                if (b.remaining() < 4 + 3 * c) {
                    flush(bucket);
                }
                put3(b, payload[k]);
                b.put((byte) c);
                for (int x = 0; x < c; x++) {
                    put3(b, payload[k + 2 + x]);
                }
                k += 2 + c;
            }
        }
        segments[bucket]++;
        records += s.records();
        bytes += HEADER_BYTES + payloadBytes;
    }

    private static void put3(ByteBuffer b, int v) {
        b.put((byte) (v >>> 16)).put((byte) (v >>> 8)).put((byte) v);
    }

    private static int get3(byte[] a, int i) {
        return (a[i] & 0xff) << 16 | (a[i + 1] & 0xff) << 8 | (a[i + 2] & 0xff);
    }

    private void flush(int bucket) throws IOException {
        ByteBuffer b = buffers[bucket];
        b.flip();
        try {
            if (files[bucket] == null) {
                files[bucket] = FileChannel.open(file(bucket), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
            }
            while (b.hasRemaining()) {
                files[bucket].write(b);
            }
        } catch (IOException e) {
            throw new IOException("spilling skip-gram windows to " + file(bucket) + " failed: " + e.getMessage()
                    + "; free disk space or point --spill-directory elsewhere, then continue with --resume (the model "
                    + "directory keeps its last checkpoint)", e);
        }
        b.clear();
    }

    /** Flushes and closes every bucket's file: the spill is then ready to read. */
    void finish() throws IOException {
        for (int b = 0; b < files.length; b++) {
            if (buffers[b].position() > 0) {
                flush(b);
            }
            if (files[b] != null) {
                files[b].close();
                files[b] = null;
            }
        }
    }

    /** Sub-window records spilled so far. */
    long records() {
        return records;
    }

    /** Bytes spilled so far. */
    long bytes() {
        return bytes;
    }

    /** Segments in a bucket. */
    long segments(int bucket) {
        return segments[bucket];
    }

    /** Reads a bucket's segments in order; thread-safe (threads take whole segments). */
    Reader reader(int bucket) throws IOException {
        return new Reader(segments[bucket] == 0 ? null : file(bucket), narrow);
    }

    /** Deletes the spill's files. */
    @Override
    public void close() throws IOException {
        for (int b = 0; b < files.length; b++) {
            if (files[b] != null) {
                files[b].close();
                files[b] = null;
            }
            Files.deleteIfExists(file(b));
        }
    }

    /** The segments of one bucket, in the order they were spilled. */
    static final class Reader implements AutoCloseable {
        private final Path file;
        private final DataInputStream in;
        private final boolean narrow;
        private long taken;

        private Reader(Path file, boolean narrow) throws IOException {
            this.file = file;
            this.in = file == null ? null : new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
            this.narrow = narrow;
        }

        /** The next segment, or null at the end. */
        synchronized Segment next() {
            if (in == null) {
                return null;
            }
            try {
                long firstWalk;
                try {
                    firstWalk = in.readLong();
                } catch (EOFException end) {
                    return null;
                }
                int tokens = in.readInt(), pairs = in.readInt(), records = in.readInt(), payloadBytes = in.readInt();
                byte[] raw = new byte[payloadBytes];
                in.readFully(raw);
                int[] payload;
                if (!narrow) {
                    payload = new int[payloadBytes / 4];
                    ByteBuffer.wrap(raw).asIntBuffer().get(payload);
                } else {
                    payload = new int[2 * records + pairs];
                    int k = 0;
                    for (int i = 0, r = 0; r < records; r++) {
                        payload[k++] = get3(raw, i);
                        int c = raw[i + 3] & 0xff;
                        payload[k++] = c;
                        i += 4;
                        for (int x = 0; x < c; x++, i += 3) {
                            payload[k++] = get3(raw, i);
                        }
                    }
                }
                taken++;
                return new Segment(firstWalk, tokens, pairs, records, payload, payload.length);
            } catch (IOException e) {
                throw new UncheckedIOException("reading spilled windows from " + file + " failed: " + e.getMessage(), e);
            }
        }

        /** Skips {@code n} segments (a resumed bucket's trained ones). */
        void skip(long n) {
            for (long i = 0; i < n; i++) {
                if (next() == null) {
                    throw new IllegalStateException("the spill has fewer segments than the checkpoint trained: " + n);
                }
            }
        }

        /** Segments handed out so far. */
        synchronized long taken() {
            return taken;
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
            }
        }
    }
}
