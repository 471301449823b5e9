package org.heteroembed.job;

import org.heteroembed.train.fast.TrainingProgress;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A run that ended without a model worth keeping: it diverged (its vectors stopped being finite numbers), or it had
 * nothing to train. Nothing of it is saved over the output (which keeps what it held: the run's last good checkpoint,
 * or the earlier file). The message is one line for the user; the command line prints it and exits with
 * {@value #EXIT_CODE}.
 */
public final class TrainingFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The command line's exit code for a failed run (0 ok, 2 usage, 3 data or I/O). */
    public static final int EXIT_CODE = 4;

    public TrainingFailedException(String message) {
        super(message);
    }

    /** The run diverged at {@code at}; {@code output} (may be null) was not written with the diverged vectors. */
    static TrainingFailedException diverged(TrainingProgress at, double learningRate, Path output) {
        return new TrainingFailedException(String.format("training diverged in epoch %d after %,d tokens: the vectors "
                        + "are no longer finite numbers (infinity or NaN); lower --learning-rate (this run's: %s)%s",
                at.epoch() + 1, at.tokens(), learningRate, kept(output)));
    }

    /** A run that completed without training a single pair. */
    static TrainingFailedException nothingTrained(Path output) {
        return new TrainingFailedException("training produced no skip-gram pairs (walks too short or too few, the "
                + "window too small, or subsampling (--sample) removed every pair): nothing was trained" + kept(output));
    }

    private static String kept(Path output) {
        if (output == null) {
            return "";
        }
        return Files.exists(output) ? "; " + output + " was not overwritten (it holds its last good checkpoint or the "
                + "earlier model)" : "; " + output + " was not written";
    }
}
