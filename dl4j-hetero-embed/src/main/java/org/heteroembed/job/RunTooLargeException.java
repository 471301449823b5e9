package org.heteroembed.job;

/**
 * A run refused before it starts because its memory ({@link MemoryCheck}) or its disk ({@link DiskCheck}) cannot
 * fit. The message is one line for the user: what the run needs, what the process or the disk can hold, and the way
 * out (partitioned tables, a smaller dimension, a larger heap, another disk). The command line prints it alone and
 * exits with 2.
 */
public final class RunTooLargeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public RunTooLargeException(String message) {
        super(message);
    }
}
