package org.heteroembed.job;

/**
 * A run refused before it starts because its memory cannot fit ({@link MemoryCheck}). The message is one line for
 * the user: what the run needs, what the process can hold, and the way out (partitioned tables, a smaller
 * dimension, a larger heap). The command line prints it alone and exits with 2.
 */
public final class RunTooLargeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public RunTooLargeException(String message) {
        super(message);
    }
}
