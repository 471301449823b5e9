package org.heteroembed.search;

import org.deeplearning4j.arbiter.optimize.api.Candidate;
import org.deeplearning4j.arbiter.optimize.api.CandidateGenerator;
import org.deeplearning4j.arbiter.optimize.api.OptimizationResult;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;

/**
 * A candidate generator that stops after {@code limit} candidates. Arbiter's runner keeps starting candidates
 * until a termination condition sees enough of them <em>finished</em>, so with several threads a random
 * search of N candidates would start up to N + threads - 1; capping the generator makes N exact.
 */
@SuppressWarnings("rawtypes") // Arbiter's CandidateGenerator returns a raw Candidate
public final class LimitedCandidateGenerator implements CandidateGenerator {
    private final CandidateGenerator inner;
    private final int limit;
    private int issued;

    public LimitedCandidateGenerator(CandidateGenerator inner, int limit) {
        this.inner = inner;
        this.limit = limit;
    }

    @Override
    public synchronized boolean hasMoreCandidates() {
        return issued < limit && inner.hasMoreCandidates();
    }

    @Override
    public synchronized Candidate getCandidate() {
        issued++;
        return inner.getCandidate();
    }

    @Override
    public void reportResults(OptimizationResult result) {
        inner.reportResults(result);
    }

    @Override
    public ParameterSpace<?> getParameterSpace() {
        return inner.getParameterSpace();
    }

    @Override
    public void setRngSeed(long rngSeed) {
        inner.setRngSeed(rngSeed);
    }

    @Override
    public Class<?> getCandidateType() {
        return inner.getCandidateType();
    }
}
