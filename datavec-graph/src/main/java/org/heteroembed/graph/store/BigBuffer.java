package org.heteroembed.graph.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * A fixed-length array of primitives that may hold more than 2^31 elements, stored as little-endian
 * {@link ByteBuffer} chunks: heap buffers when built in memory, read-only memory-mapped file regions when
 * loaded from a snapshot. Both kinds are read through the same typed views, so graph code has one code
 * path whether the graph was parsed or mapped.
 *
 * <p>Chunks hold {@code 2^CHUNK_SHIFT} elements (1 GiB of ints), so a {@code long} index splits into a
 * chunk number and an {@code int} offset with two cheap bit operations.
 */
public abstract class BigBuffer {
    /** log2 of the number of elements per chunk. */
    public static final int CHUNK_SHIFT = 27;
    static final long CHUNK_MASK = (1L << CHUNK_SHIFT) - 1;

    protected final long length;
    protected final int elementBytes;
    protected final ByteBuffer[] bytes;

    protected BigBuffer(long length, int elementBytes, ByteBuffer[] bytes) {
        this.length = length;
        this.elementBytes = elementBytes;
        this.bytes = bytes;
    }

    /** Number of elements. */
    public long length() {
        return length;
    }

    /** Number of bytes the elements occupy (heap or mapped). */
    public long byteSize() {
        return length * elementBytes;
    }

    static int chunkCount(long length) {
        return (int) ((length + CHUNK_MASK) >>> CHUNK_SHIFT);
    }

    static int chunkLength(long length, int chunk) {
        long start = (long) chunk << CHUNK_SHIFT;
        return (int) Math.min(1L << CHUNK_SHIFT, length - start);
    }

    /** Heap chunks for {@code length} elements of {@code elementBytes} bytes each, zero-filled. */
    static ByteBuffer[] allocateChunks(long length, int elementBytes) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        ByteBuffer[] chunks = new ByteBuffer[chunkCount(length)];
        for (int c = 0; c < chunks.length; c++) {
            chunks[c] = ByteBuffer.allocate(chunkLength(length, c) * elementBytes).order(ByteOrder.LITTLE_ENDIAN);
        }
        return chunks;
    }

    /** Read-only mapped chunks of a file region that starts at {@code position}. */
    static ByteBuffer[] mapChunks(FileChannel channel, long position, long length, int elementBytes) throws IOException {
        ByteBuffer[] chunks = new ByteBuffer[chunkCount(length)];
        long pos = position;
        for (int c = 0; c < chunks.length; c++) {
            long size = (long) chunkLength(length, c) * elementBytes;
            chunks[c] = channel.map(FileChannel.MapMode.READ_ONLY, pos, size).order(ByteOrder.LITTLE_ENDIAN);
            pos += size;
        }
        return chunks;
    }

    /** Adds all elements' bytes, in order, to {@code checksum} (CRC32C's intrinsic reads mapped chunks at memory speed). */
    public void updateChecksum(java.util.zip.Checksum checksum) {
        for (ByteBuffer chunk : bytes) {
            ByteBuffer b = chunk.duplicate();
            b.clear();
            checksum.update(b);
        }
    }

    /** Writes all elements, in order, at the channel's current position. */
    public void writeTo(FileChannel channel) throws IOException {
        for (ByteBuffer chunk : bytes) {
            ByteBuffer b = chunk.duplicate();
            b.clear();
            while (b.hasRemaining()) {
                channel.write(b);
            }
        }
    }
}
