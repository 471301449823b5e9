package org.heteroembed.graph.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Writes the raw array sections of a snapshot, each starting on an 8-byte boundary so that every section
 * can be mapped and read with aligned accesses.
 */
public final class SnapshotWriter {
    private final FileChannel channel;

    public SnapshotWriter(FileChannel channel) {
        this.channel = channel;
    }

    public void section(BigBuffer array) throws IOException {
        align();
        array.writeTo(channel);
    }

    public void align() throws IOException {
        long pad = (8 - channel.position() % 8) % 8;
        if (pad > 0) {
            channel.write(ByteBuffer.allocate((int) pad));
        }
    }
}
