package org.heteroembed.graph.store;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * Maps the raw array sections of a snapshot back, in the order {@link SnapshotWriter} wrote them.
 * Mapping is lazy: pages are read from disk (or the page cache) when first touched.
 */
public final class SnapshotReader {
    private final FileChannel channel;
    private long position;

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
        return BigIntArray.map(channel, next(length, Integer.BYTES), length);
    }

    public BigLongArray longs(long length) throws IOException {
        return BigLongArray.map(channel, next(length, Long.BYTES), length);
    }

    public BigFloatArray floats(long length) throws IOException {
        return BigFloatArray.map(channel, next(length, Float.BYTES), length);
    }

    public BigByteArray bytes(long length) throws IOException {
        return BigByteArray.map(channel, next(length, 1), length);
    }

    /** Byte position just after the last section mapped. */
    public long position() {
        return position;
    }
}
