package org.heteroembed.walk;

import java.util.concurrent.atomic.LongAdder;

/** Counters of a walk run, updated by the workers: walks, steps, and walks that ended at a dead end. */
public final class WalkStats {
    private final LongAdder walks = new LongAdder();
    private final LongAdder steps = new LongAdder();
    private final LongAdder endedEarly = new LongAdder();
    private final LongAdder[] endedEarlyBySource;

    WalkStats(int sources) {
        endedEarlyBySource = new LongAdder[sources];
        for (int i = 0; i < sources; i++) {
            endedEarlyBySource[i] = new LongAdder();
        }
    }

    void add(int walkCount, long stepCount) {
        walks.add(walkCount);
        steps.add(stepCount);
    }

    void countEarlyEnd(int source) {
        endedEarly.increment();
        endedEarlyBySource[source].increment();
    }

    public long walks() {
        return walks.sum();
    }

    /** Steps taken (a walk of n nodes takes n - 1 steps). */
    public long steps() {
        return steps.sum();
    }

    /** Walks shorter than the walk length because a node had no next step (e.g. no neighbour of the metapath's next type). */
    public long endedEarly() {
        return endedEarly.sum();
    }

    /** Early endings per walk source (metapath, or start type). */
    public long endedEarly(int source) {
        return endedEarlyBySource[source].sum();
    }

    @Override
    public String toString() {
        return walks() + " walks, " + steps() + " steps, " + endedEarly() + " ended early";
    }
}
