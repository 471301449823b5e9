package org.heteroembed.graph.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Writes the raw array sections of a snapshot, each starting on an 8-byte boundary so that every section
 * can be mapped and read with aligned accesses.
 */
public final class SnapshotWriter {
    /** Ends a snapshot whose sections carry checksums. */
    public static final byte[] CHECKSUM_MAGIC = "HECRC001".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final FileChannel channel;
    private final List<Long> checksums = new ArrayList<>();

    public SnapshotWriter(FileChannel channel) {
        this.channel = channel;
    }

    public void section(BigBuffer array) throws IOException {
        align();
        CRC32C crc = new CRC32C();
        array.updateChecksum(crc);
        checksums.add(crc.getValue());
        array.writeTo(channel);
    }

    /**
     * Ends the file with the sections' CRC32C checksums ({@link SnapshotReader#verifyChecksums}): the count, one long
     * per section, then {@link #CHECKSUM_MAGIC}. A snapshot without them (written before they existed) still loads.
     */
    public void checksums() throws IOException {
        align();
        ByteBuffer b = ByteBuffer.allocate(4 + 4 + 8 * checksums.size() + CHECKSUM_MAGIC.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(checksums.size()).putInt(0);
        for (long c : checksums) {
            b.putLong(c);
        }
        b.put(CHECKSUM_MAGIC).flip();
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    public void align() throws IOException {
        long pad = (8 - channel.position() % 8) % 8;
        if (pad > 0) {
            channel.write(ByteBuffer.allocate((int) pad));
        }
    }
}
