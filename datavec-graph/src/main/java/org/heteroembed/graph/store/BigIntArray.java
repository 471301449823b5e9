package org.heteroembed.graph.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.channels.FileChannel;

/** A {@link BigBuffer} of {@code int}s. */
public final class BigIntArray extends BigBuffer {
    private final IntBuffer[] views;

    private BigIntArray(long length, ByteBuffer[] bytes) {
        super(length, Integer.BYTES, bytes);
        views = new IntBuffer[bytes.length];
        for (int c = 0; c < bytes.length; c++) {
            views[c] = bytes[c].asIntBuffer();
        }
    }

    public static BigIntArray allocate(long length) {
        return new BigIntArray(length, allocateChunks(length, Integer.BYTES));
    }

    public static BigIntArray map(FileChannel channel, long position, long length) throws IOException {
        return new BigIntArray(length, mapChunks(channel, position, length, Integer.BYTES));
    }

    public int get(long i) {
        return views[(int) (i >>> CHUNK_SHIFT)].get((int) (i & CHUNK_MASK));
    }

    public void set(long i, int v) {
        views[(int) (i >>> CHUNK_SHIFT)].put((int) (i & CHUNK_MASK), v);
    }

    /** Copies {@code n} elements starting at {@code from} into {@code dst[0..n)}. */
    public void get(long from, int[] dst, int n) {
        for (int k = 0; k < n; k++) {
            dst[k] = get(from + k);
        }
    }
}
