package org.heteroembed.graph.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A write that fails half way leaves the previous file (e.g. the last good checkpoint) intact, and no temp file. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void failedWriteKeepsThePreviousFile() throws IOException {
        Path target = dir.resolve("model.zip");
        AtomicFiles.writeText(target, w -> w.write("checkpoint 1"));
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                out.write("checkpoint 2, half writ".getBytes());
                throw new IOException("disk full (simulated)");
            }
        }));
        assertEquals("disk full (simulated)", e.getMessage());
        assertEquals("checkpoint 1", Files.readString(target), "the last good file is intact");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left");
        }
        AtomicFiles.writeText(target, w -> w.write("checkpoint 2"));
        assertEquals("checkpoint 2", Files.readString(target));
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    }
}
