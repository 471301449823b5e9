package org.heteroembed.graph.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Bad graph input, located: the file and (1-based) line it was found on, so the message tells the user
 * exactly what to fix, e.g. {@code edges.tsv:17: weight 'abc' is not a number}.
 */
public class GraphInputException extends IOException {
    private final Path file;
    private final long line;

    /** @param line 1-based line number, or 0 when the problem is the file as a whole */
    public GraphInputException(Path file, long line, String problem) {
        super(format(file, line, problem));
        this.file = file;
        this.line = line;
    }

    public GraphInputException(Path file, long line, String problem, Throwable cause) {
        super(format(file, line, problem), cause);
        this.file = file;
        this.line = line;
    }

    /** Longest value {@link #shown} quotes whole. */
    static final int SHOWN_CHARS = 60;

    /**
     * A value from the input as an error message quotes it: cut after {@value #SHOWN_CHARS} characters (a 1 MB field
     * must not flood the terminal), saying how long it was.
     */
    public static String shown(String value) {
        if (value.length() <= SHOWN_CHARS) {
            return "'" + value + "'";
        }
        return "'" + value.substring(0, SHOWN_CHARS) + "...' (" + String.format("%,d", value.length()) + " characters)";
    }

    private static String format(Path file, long line, String problem) {
        return (file == null ? "" : file + (line > 0 ? ":" + line : "") + ": ") + problem;
    }

    public Path file() {
        return file;
    }

    public long line() {
        return line;
    }
}
