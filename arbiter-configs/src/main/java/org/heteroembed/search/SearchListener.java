package org.heteroembed.search;

/**
 * Progress of a search, e.g. for a command line: called once per candidate as it finishes, on the runner
 * thread that ran it. Candidates finish on several threads, but {@link SearchRunner} never makes two calls
 * at once.
 */
@FunctionalInterface
public interface SearchListener {
    /**
     * @param result   the finished candidate
     * @param finished candidates finished so far, this one included
     * @param planned  candidates the search will run (the grid size or maxCandidates)
     * @param best     the best result so far (possibly this one), or null if none has a score yet
     */
    void onCandidate(CandidateResult result, int finished, int planned, CandidateResult best);
}
