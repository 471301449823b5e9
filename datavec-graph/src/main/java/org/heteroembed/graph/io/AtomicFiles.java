package org.heteroembed.graph.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file through a temporary sibling that is renamed over the target only when writing succeeded,
 * so readers never see a half-written file and a failure leaves the previous file (or none) in place.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Something that writes the content to the temporary path it is given. */
    @FunctionalInterface
    public interface PathWriter {
        void write(Path tmp) throws IOException;
    }

    /** Something that writes text content. */
    @FunctionalInterface
    public interface TextWriter {
        void write(Writer out) throws IOException;
    }

    public static void write(Path target, PathWriter writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        boolean ok = false;
        try {
            // createTempFile makes the file private (0600); give the result the usual 0644.
            if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            writer.write(tmp);
            // The content reaches the disk before the rename makes it the file, and the rename before we return: after
            // a power loss the target is the old file or the new one, never an empty or partial one.
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(dir);
            ok = true;
        } finally {
            if (!ok) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** Makes a directory's entries (a rename into it) durable; a no-op where directories cannot be opened (Windows). */
    static void syncDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException unsupported) {
            // not every platform or file system syncs directories; the rename itself is still atomic
        }
    }

    /**
     * Writes a directory through a temporary sibling directory that replaces the target only when writing succeeded.
     * An existing target is first renamed aside and deleted after the new one is in place: readers see the old
     * directory, then (after a moment without one) the new one, never a half-written one. The caller decides whether
     * an existing target may be replaced.
     */
    public static void writeDirectory(Path target, PathWriter writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Path parent = abs.getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + abs.getFileName() + ".");
        boolean ok = false;
        try {
            writer.write(tmp);
            Path old = null;
            if (Files.exists(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                old = Files.createTempDirectory(parent, "." + abs.getFileName() + ".old.");
                Files.move(abs, old.resolve("replaced"), StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
            ok = true;
            if (old != null) {
                deleteTree(old);
            }
        } finally {
            if (!ok) {
                deleteTree(tmp);
            }
        }
    }

    /** Deletes a file or a directory with everything in it (symbolic links are deleted, not followed). */
    public static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (java.util.stream.Stream<Path> files = Files.walk(path)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Writes UTF-8 text atomically. */
    public static void writeText(Path target, TextWriter writer) throws IOException {
        write(target, tmp -> {
            try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                writer.write(out);
            }
        });
    }
}
