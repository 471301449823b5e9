package org.heteroembed.search;

import org.deeplearning4j.arbiter.optimize.api.CandidateGenerator;
import org.deeplearning4j.arbiter.optimize.api.termination.TerminationCondition;
import org.deeplearning4j.arbiter.optimize.runner.IOptimizationRunner;

/**
 * Ends a search when the generator has no more candidates and none is running. Arbiter's
 * {@code MaxCandidatesCondition} counts finished and failed candidates, but a candidate that fails while
 * being generated is counted as neither, and an exhausted grid never ends the runner's loop by itself.
 */
public final class AllCandidatesDone implements TerminationCondition {
    private final CandidateGenerator generator;

    public AllCandidatesDone(CandidateGenerator generator) {
        this.generator = generator;
    }

    @Override
    public void initialize(IOptimizationRunner runner) {
        // nothing to start
    }

    @Override
    public boolean terminate(IOptimizationRunner runner) {
        return !generator.hasMoreCandidates() && runner.numCandidatesQueued() == 0;
    }

    @Override
    public String toString() {
        return "AllCandidatesDone";
    }
}
