package org.heteroembed.tables;

import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Memory-mapped input rows read back as written, across piece boundaries; wrong files are refused by name. */
class MappedPartitionTest {
    private static final int ROWS = 37, DIM = 5;

    @TempDir
    Path dir;

    private PartitionFile.Header write(Path file, long runId, long generation) throws IOException {
        FloatPointer in = new FloatPointer((long) ROWS * DIM), out = new FloatPointer((long) ROWS * DIM);
        try {
            for (int i = 0; i < ROWS * DIM; i++) {
                in.put(i, i + 0.25f);
                out.put(i, -i);
            }
            return PartitionFile.write(file, runId, 2, 4, generation, ROWS, DIM, in.address(), out.address());
        } finally {
            in.deallocate();
            out.deallocate();
        }
    }

    @Test
    void inputRowsReadBackAcrossPieces() throws IOException {
        Path file = dir.resolve("p.bin");
        PartitionFile.Header h = write(file, 7, 3);
        // 3 rows' bytes per piece at most: pieces of 2 rows, so rows cross 19 pieces
        for (long pieceBytes : new long[]{3L * DIM * Float.BYTES, MappedPartition.MAX_PIECE_BYTES}) {
            MappedPartition m = MappedPartition.open(file, h, pieceBytes);
            float[] row = new float[DIM + 2];
            for (int r = 0; r < ROWS; r++) {
                m.read(r, row, 1);
                for (int j = 0; j < DIM; j++) {
                    assertTrue(row[1 + j] == r * DIM + j + 0.25f, "row " + r + " column " + j + ": " + row[1 + j]);
                }
            }
        }
    }

    @Test
    void otherRunGenerationOrChecksumIsRefusedNamingTheFile() throws IOException {
        Path file = dir.resolve("p.bin");
        PartitionFile.Header h = write(file, 7, 3);
        PartitionFile.Header otherRun = new PartitionFile.Header(8, 2, 4, ROWS, DIM, 3, h.checksum());
        PartitionFile.Header otherGeneration = new PartitionFile.Header(7, 2, 4, ROWS, DIM, 4, h.checksum());
        PartitionFile.Header otherChecksum = new PartitionFile.Header(7, 2, 4, ROWS, DIM, 3, h.checksum() ^ 1);
        String[] expected = {"another run", "not the expected partition", "stale"};
        PartitionFile.Header[] wrong = {otherRun, otherGeneration, otherChecksum};
        for (int i = 0; i < wrong.length; i++) {
            PartitionFile.Header w = wrong[i];
            IOException e = assertThrows(IOException.class, () -> MappedPartition.open(file, w));
            assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains(expected[i]), e.getMessage());
        }
    }
}
