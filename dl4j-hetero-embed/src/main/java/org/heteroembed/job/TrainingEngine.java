package org.heteroembed.job;

import org.heteroembed.train.fast.TrainingProgress;

/**
 * One way of training a job's model, behind the {@link JobRunner}: the runner prepares the graph, walks, pairs and
 * network, and an engine trains the network from a start point until the job is done or it is asked to stop.
 * Engines report progress through the {@link EngineContext} (the runner checkpoints, records the loss curve and
 * enforces the time budget from those reports).
 */
public interface TrainingEngine {

    /** Where training got to, and whether the job's epochs or pair budget were completed. */
    record Outcome(TrainingProgress progress, boolean completed) {
    }

    /**
     * Trains {@code context.net()} from {@code context.start()} until the end of the job's epochs (or its pair
     * budget), or until {@link EngineContext#stopRequested()}.
     */
    Outcome train(EngineContext context) throws InterruptedException;

    /**
     * Whether the engine trains on walks made in this process (the runner then counts node frequencies over them
     * first, for the pairs); an engine that walks elsewhere (on Spark executors) returns false.
     */
    default boolean walksLocally() {
        return true;
    }

    /** The engine of a (resolved) training config. */
    static TrainingEngine of(TrainingConfig.Engine engine) {
        return switch (engine) {
            case FAST -> new FastEngine();
            case SPARSE -> new SparseEngine();
            case FIT -> new FitEngine();
        };
    }
}
