package org.heteroembed.job;

import org.heteroembed.train.fast.TrainingProgress;

import java.nio.file.Path;
import java.util.function.LongConsumer;

/**
 * What a {@link JobRunner} tells its caller while it works (the command line draws progress bars from it; the
 * defaults ignore everything). Called on the runner's thread.
 */
public interface RunListener {
    /** A step of the run begins, e.g. "counting node frequencies over 40,000 walks". */
    default void stage(String message) {
    }

    /** The graph input starts loading; the returned consumer gets the bytes read so far. */
    default LongConsumer loading(String input, long totalBytes) {
        return bytes -> {
        };
    }

    /** Training starts at {@code start} (not zero when resuming), {@code plannedTokens} in all. */
    default void training(long plannedTokens, TrainingProgress start) {
    }

    /** After each chunk of walks (fast engine) or batch (sparse, fit): where training is, and the mean loss since the last call (NaN if none). */
    default void progress(TrainingProgress progress, double loss) {
    }

    /** Training is over and the model is being written to {@code model} (large tables take a while). */
    default void saving(Path model) {
    }

    /** A checkpoint (or, with {@code last}, the final model) was written. */
    default void saved(Path model, TrainingProgress progress, boolean last) {
    }
}
