package org.heteroembed.graph.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;

/** A {@link BigBuffer} of {@code float}s. */
public final class BigFloatArray extends BigBuffer {
    private final FloatBuffer[] views;

    private BigFloatArray(long length, ByteBuffer[] bytes) {
        super(length, Float.BYTES, bytes);
        views = new FloatBuffer[bytes.length];
        for (int c = 0; c < bytes.length; c++) {
            views[c] = bytes[c].asFloatBuffer();
        }
    }

    public static BigFloatArray allocate(long length) {
        return new BigFloatArray(length, allocateChunks(length, Float.BYTES));
    }

    public static BigFloatArray map(FileChannel channel, long position, long length) throws IOException {
        return new BigFloatArray(length, mapChunks(channel, position, length, Float.BYTES));
    }

    public float get(long i) {
        return views[(int) (i >>> CHUNK_SHIFT)].get((int) (i & CHUNK_MASK));
    }

    public void set(long i, float v) {
        views[(int) (i >>> CHUNK_SHIFT)].put((int) (i & CHUNK_MASK), v);
    }

    /** Copies {@code n} elements starting at {@code from} into {@code dst[0..n)}. */
    public void get(long from, float[] dst, int n) {
        for (int k = 0; k < n; k++) {
            dst[k] = get(from + k);
        }
    }
}
