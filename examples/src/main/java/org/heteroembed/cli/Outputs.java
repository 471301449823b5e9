package org.heteroembed.cli;

import org.heteroembed.graph.io.OutputPaths;

import java.io.IOException;
import java.nio.file.Path;

/** The commands' one output policy ({@link OutputPaths}), checked before any work. */
final class Outputs {
    /** The flag every command that writes takes to replace an existing output. */
    static final String OVERWRITE_HELP = "Replace an existing output instead of refusing.";

    private Outputs() {
    }

    /**
     * @param inputs the command's inputs (null entries are ignored)
     * @throws IllegalArgumentException (exit 2) for an output that is an input, or exists without --overwrite
     * @throws IOException              (exit 3) for an output that cannot be written
     */
    static void check(Path out, boolean overwrite, Path... inputs) throws IOException {
        OutputPaths.requireNotInput(out, "-o", inputs);
        OutputPaths.requireNewOrOverwrite(out, overwrite);
        OutputPaths.requireWritable(out);
    }
}
