package org.heteroembed.job;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * A run's claim on its output, so that two runs writing the same {@code -o} do not both report success while the
 * last writer silently wins: an operating-system lock on {@code OUTPUT.lock} (released when the process ends, however
 * it ends: a killed run leaves no stale lock), holding the owner's pid for the second run's message.
 */
final class OutputLock implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private OutputLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of an output: {@code OUTPUT.lock} beside it. */
    static Path lockFile(Path output) {
        return output.resolveSibling(output.getFileName() + ".lock");
    }

    /** @throws IOException naming the run that holds the output */
    static OutputLock acquire(Path output) throws IOException {
        Path file = lockFile(output);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            lock = null;
        }
        if (lock == null) {
            String holder;
            try {
                holder = Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (IOException unreadable) {
                holder = "another process";
            }
            ch.close();
            throw new IOException(output + " is being written by another run (" + (holder.isEmpty() ? "another process"
                    : holder) + "): wait for it to end, or write to another -o");
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + ", since " + Instant.now())
                .getBytes(StandardCharsets.UTF_8)), 0);
        return new OutputLock(file, ch, lock);
    }

    @Override
    public void close() throws IOException {
        try {
            Files.deleteIfExists(file); // while still held: a run waiting on it then opens a new file
        } finally {
            lock.release();
            channel.close();
        }
    }
}
