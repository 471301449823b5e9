package org.heteroembed.train.fast;

import java.io.Serializable;

/**
 * Where a fast-engine run is: the epoch, the number of walk chunks of that epoch fully delivered, and the
 * tokens and pairs trained so far (the learning rate decays with the tokens). Stored in checkpoints so a run
 * resumes where it stopped: the walk stream is deterministic, so the remaining chunks are the ones it would
 * have trained.
 */
public record TrainingProgress(int epoch, long chunk, long tokens, long pairs) implements Serializable {
    public static final TrainingProgress START = new TrainingProgress(0, 0, 0, 0);
}
