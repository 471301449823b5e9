package org.heteroembed.graph.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.LongBuffer;
import java.nio.channels.FileChannel;

/** A {@link BigBuffer} of {@code long}s. */
public final class BigLongArray extends BigBuffer {
    private final LongBuffer[] views;

    private BigLongArray(long length, ByteBuffer[] bytes) {
        super(length, Long.BYTES, bytes);
        views = new LongBuffer[bytes.length];
        for (int c = 0; c < bytes.length; c++) {
            views[c] = bytes[c].asLongBuffer();
        }
    }

    public static BigLongArray allocate(long length) {
        return new BigLongArray(length, allocateChunks(length, Long.BYTES));
    }

    public static BigLongArray map(FileChannel channel, long position, long length) throws IOException {
        return new BigLongArray(length, mapChunks(channel, position, length, Long.BYTES));
    }

    public long get(long i) {
        return views[(int) (i >>> CHUNK_SHIFT)].get((int) (i & CHUNK_MASK));
    }

    public void set(long i, long v) {
        views[(int) (i >>> CHUNK_SHIFT)].put((int) (i & CHUNK_MASK), v);
    }

    /** Copies {@code n} elements starting at {@code from} into {@code dst[0..n)}. */
    public void get(long from, long[] dst, int n) {
        for (int k = 0; k < n; k++) {
            dst[k] = get(from + k);
        }
    }
}
