package org.heteroembed.graph.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one policy of every command that writes, checked before any work so that a mistake costs nothing: an output is
 * never one of the command's inputs; an existing output is replaced only when the user says so ({@code --overwrite});
 * and the output's directory can be written (a path under a regular file, a read-only directory or file system is
 * found now, not after an hour of training).
 */
public final class OutputPaths {
    private OutputPaths() {
    }

    /**
     * @param flag how the output is given ({@code -o})
     * @throws IllegalArgumentException when {@code out} is one of {@code inputs} (the same path, or the same file)
     */
    public static void requireNotInput(Path out, String flag, Path... inputs) {
        for (Path in : inputs) {
            if (in == null) {
                continue;
            }
            boolean same = out.toAbsolutePath().normalize().equals(in.toAbsolutePath().normalize());
            try {
                same |= Files.exists(out) && Files.exists(in) && Files.isSameFile(out, in);
            } catch (IOException ignored) {
                // unreadable: the path comparison stands
            }
            if (same) {
                throw new IllegalArgumentException(flag + " " + out + " is this command's input: writing it would destroy "
                        + "the input; give another output path");
            }
        }
    }

    /**
     * @throws IllegalArgumentException when {@code out} exists (a file, or a directory that is not empty) and
     *                                  {@code overwrite} is false
     */
    public static void requireNewOrOverwrite(Path out, boolean overwrite) throws IOException {
        if (overwrite || !Files.exists(out)) {
            return;
        }
        if (Files.isDirectory(out)) {
            try (var entries = Files.list(out)) {
                if (entries.findAny().isEmpty()) {
                    return;
                }
            }
        }
        throw new IllegalArgumentException(out + " exists: --overwrite replaces it");
    }

    /**
     * Checks that {@code out} can be written: its nearest existing ancestor is a directory in which a file can be
     * created (probed with a temporary file, which also catches read-only file systems and full quotas of zero).
     *
     * @throws IOException naming the path and the reason
     */
    public static void requireWritable(Path out) throws IOException {
        Path dir = out.toAbsolutePath().getParent();
        while (dir != null && !Files.exists(dir)) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IOException("cannot write " + out + ": no existing directory on its path");
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException("cannot write " + out + ": " + dir + " is a file, not a directory");
        }
        try {
            Files.delete(Files.createTempFile(dir, ".hetero-embed-probe-", ".tmp"));
        } catch (IOException e) {
            throw new IOException("cannot write " + out + ": " + dir + " is not writable (" + reason(e) + ")", e);
        }
    }

    private static String reason(IOException e) {
        String m = e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null ? fs.getReason()
                : e.getMessage();
        return m != null ? m : e.getClass().getSimpleName();
    }
}
