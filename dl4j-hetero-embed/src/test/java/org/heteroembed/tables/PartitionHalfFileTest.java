package org.heteroembed.tables;

import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Format-2 files (one table of a partition): round trip, and every wrong or damaged file refused by name. */
class PartitionHalfFileTest {
    private static final int ROWS = 41, DIM = 6;

    @TempDir
    Path dir;

    private static PartitionFile.HalfHeader write(Path file, PartitionFile.Table table, long generation) throws IOException {
        FloatPointer rows = new FloatPointer((long) ROWS * DIM);
        try {
            for (int i = 0; i < ROWS * DIM; i++) {
                rows.put(i, table == PartitionFile.Table.INPUT ? i + 0.5f : -i);
            }
            return PartitionFile.writeHalf(file, 9, 3, 8, table, generation, ROWS, DIM, rows.address());
        } finally {
            rows.deallocate();
        }
    }

    private static float[] read(Path file, PartitionFile.HalfHeader expected) throws IOException {
        FloatPointer rows = new FloatPointer((long) ROWS * DIM);
        try {
            PartitionFile.readHalf(file, expected, rows.address());
            float[] out = new float[ROWS * DIM];
            rows.get(out);
            return out;
        } finally {
            rows.deallocate();
        }
    }

    @Test
    void oneTableRoundTripsWithItsHeader() throws IOException {
        Path in = dir.resolve("in.bin"), out = dir.resolve("out.bin");
        PartitionFile.HalfHeader hi = write(in, PartitionFile.Table.INPUT, 4);
        PartitionFile.HalfHeader ho = write(out, PartitionFile.Table.OUTPUT, 5);
        assertEquals(PartitionFile.HEADER_BYTES + (long) ROWS * DIM * Float.BYTES, Files.size(in));
        assertEquals(hi, PartitionFile.readHalfHeader(in));
        assertEquals(PartitionFile.Table.OUTPUT, PartitionFile.readHalfHeader(out).table());
        float[] a = read(in, hi), b = read(out, ho);
        for (int i = 0; i < ROWS * DIM; i++) {
            assertEquals(i + 0.5f, a[i]);
            assertEquals(-i, b[i]);
        }
    }

    @Test
    void wrongOrDamagedFilesAreRefused() throws IOException {
        Path in = dir.resolve("in.bin");
        PartitionFile.HalfHeader h = write(in, PartitionFile.Table.INPUT, 4);
        // the other table, another generation, another run, another checksum
        assertRefused(in, new PartitionFile.HalfHeader(9, 3, 8, PartitionFile.Table.OUTPUT, ROWS, DIM, 4, h.checksum()), "not the expected table");
        assertRefused(in, new PartitionFile.HalfHeader(9, 3, 8, PartitionFile.Table.INPUT, ROWS, DIM, 5, h.checksum()), "not the expected table");
        assertRefused(in, new PartitionFile.HalfHeader(8, 3, 8, PartitionFile.Table.INPUT, ROWS, DIM, 4, h.checksum()), "another run");
        assertRefused(in, new PartitionFile.HalfHeader(9, 3, 8, PartitionFile.Table.INPUT, ROWS, DIM, 4, h.checksum() ^ 1), "stale");
        // a flipped row byte: the header is right, the rows are not
        try (FileChannel ch = FileChannel.open(in, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, PartitionFile.HEADER_BYTES + 17);
            one.put(0, (byte) (one.get(0) ^ 0x40)).rewind();
            ch.write(one, PartitionFile.HEADER_BYTES + 17);
        }
        assertRefused(in, h, "is damaged");
        // truncated
        try (FileChannel ch = FileChannel.open(in, StandardOpenOption.WRITE)) {
            ch.truncate(Files.size(in) - 4);
        }
        assertRefused(in, h, "truncated");
    }

    @Test
    void theTwoFormatsAreNotTakenForEachOther() throws IOException {
        Path half = dir.resolve("half.bin"), whole = dir.resolve("whole.bin");
        write(half, PartitionFile.Table.OUTPUT, 1);
        FloatPointer in = new FloatPointer((long) ROWS * DIM), out = new FloatPointer((long) ROWS * DIM);
        try {
            PartitionFile.write(whole, 9, 3, 8, 1, ROWS, DIM, in.address(), out.address());
        } finally {
            in.deallocate();
            out.deallocate();
        }
        IOException e = assertThrows(IOException.class, () -> PartitionFile.readHeader(half));
        assertTrue(e.getMessage().contains("holds one table of a partition (format 2), not both"), e.getMessage());
        e = assertThrows(IOException.class, () -> PartitionFile.readHalfHeader(whole));
        assertTrue(e.getMessage().contains("holds both tables of a partition (format 1), not one"), e.getMessage());
    }

    private static void assertRefused(Path file, PartitionFile.HalfHeader expected, String why) {
        IOException e = assertThrows(IOException.class, () -> read(file, expected));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains(why), e.getMessage());
    }
}
