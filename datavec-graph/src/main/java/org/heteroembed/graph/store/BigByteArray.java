package org.heteroembed.graph.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** A {@link BigBuffer} of bytes (UTF-8 string blobs). */
public final class BigByteArray extends BigBuffer {

    private BigByteArray(long length, ByteBuffer[] bytes) {
        super(length, 1, bytes);
    }

    public static BigByteArray allocate(long length) {
        return new BigByteArray(length, allocateChunks(length, 1));
    }

    public static BigByteArray map(FileChannel channel, long position, long length) throws IOException {
        return new BigByteArray(length, mapChunks(channel, position, length, 1));
    }

    public byte get(long i) {
        return bytes[(int) (i >>> CHUNK_SHIFT)].get((int) (i & CHUNK_MASK));
    }

    public void set(long i, byte v) {
        bytes[(int) (i >>> CHUNK_SHIFT)].put((int) (i & CHUNK_MASK), v);
    }

    /** Copies {@code n} bytes starting at {@code from} into {@code dst[0..n)}. */
    public void get(long from, byte[] dst, int n) {
        for (int k = 0; k < n; k++) {
            dst[k] = get(from + k);
        }
    }

    /** Copies {@code src[0..n)} to positions {@code from..from+n). */
    public void set(long from, byte[] src, int n) {
        for (int k = 0; k < n; k++) {
            set(from + k, src[k]);
        }
    }
}
