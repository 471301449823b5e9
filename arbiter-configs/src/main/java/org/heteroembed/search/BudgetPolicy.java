package org.heteroembed.search;

/**
 * What happens to a candidate whose training runs out of its time budget ({@code training.maxSeconds} of its job,
 * enforced by the job runner, which then reports {@code OUT_OF_TIME}).
 */
public enum BudgetPolicy {
    /** Score the model as trained so far; the candidate is {@link CandidateResult.Status#STOPPED} and competes. */
    SCORE,
    /** Mark the candidate {@link CandidateResult.Status#FAILED}, without a score. */
    FAIL
}
