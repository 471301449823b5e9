package org.heteroembed.graph.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Maps the raw array sections of a snapshot back, in the order {@link SnapshotWriter} wrote them.
 * Mapping is lazy: pages are read from disk (or the page cache) when first touched.
 */
public final class SnapshotReader {
    private final FileChannel channel;
    private long position;
    private final List<BigBuffer> sections = new ArrayList<>();
    private final List<long[]> ranges = new ArrayList<>();

    public SnapshotReader(FileChannel channel, long position) {
        this.channel = channel;
        this.position = position;
    }

    private long next(long length, int elementBytes) throws IOException {
        position = (position + 7) & ~7L;
        long start = position;
        position += length * elementBytes;
        if (position > channel.size()) {
            throw new IOException("snapshot is truncated: section ends at byte " + position
                    + " but the file has " + channel.size() + " bytes");
        }
        return start;
    }

    public BigIntArray ints(long length) throws IOException {
        long start = next(length, Integer.BYTES);
        return mapped(BigIntArray.map(channel, start, length), start);
    }

    public BigLongArray longs(long length) throws IOException {
        long start = next(length, Long.BYTES);
        return mapped(BigLongArray.map(channel, start, length), start);
    }

    public BigFloatArray floats(long length) throws IOException {
        long start = next(length, Float.BYTES);
        return mapped(BigFloatArray.map(channel, start, length), start);
    }

    public BigByteArray bytes(long length) throws IOException {
        long start = next(length, 1);
        return mapped(BigByteArray.map(channel, start, length), start);
    }

    private <T extends BigBuffer> T mapped(T section, long start) {
        sections.add(section);
        ranges.add(new long[]{start, start + section.byteSize()});
        return section;
    }

    /**
     * Checks every section mapped so far against the checksums {@link SnapshotWriter#checksums} wrote after them
     * (CRC32C, at memory or disk speed: every page is read once).
     *
     * @return false for a snapshot written without checksums (nothing to check)
     * @throws IOException naming the first section whose bytes changed since the file was written
     */
    public boolean verifyChecksums() throws IOException {
        long at = (position + 7) & ~7L;
        byte[] magic = SnapshotWriter.CHECKSUM_MAGIC;
        long expectedSize = at + 8 + 8L * sections.size() + magic.length;
        if (channel.size() == at) {
            return false; // an older snapshot: its sections end the file
        }
        if (channel.size() != expectedSize) {
            throw new IOException("snapshot is truncated or has bytes appended: it has " + channel.size() + " bytes, its "
                    + sections.size() + " sections and their checksums take " + expectedSize);
        }
        ByteBuffer b = ByteBuffer.allocate((int) (expectedSize - at)).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining() && channel.read(b, at + b.position()) >= 0) {
            // keep reading
        }
        b.flip();
        int count = b.getInt();
        b.getInt();
        byte[] end = new byte[magic.length];
        b.get(b.limit() - magic.length, end);
        if (count != sections.size() || !java.util.Arrays.equals(end, magic)) {
            throw new IOException("snapshot's checksum table is damaged (" + count + " checksums for " + sections.size()
                    + " sections)");
        }
        for (int i = 0; i < count; i++) {
            CRC32C crc = new CRC32C();
            sections.get(i).updateChecksum(crc);
            if (crc.getValue() != b.getLong(8 + 8 * i)) {
                throw new IOException(String.format("section %d of %d (bytes %,d to %,d) fails its checksum: the file "
                        + "changed after it was written (a damaged disk or copy); write the snapshot again", i + 1, count,
                        ranges.get(i)[0], ranges.get(i)[1]));
            }
        }
        return true;
    }

    /** Byte position just after the last section mapped. */
    public long position() {
        return position;
    }
}
