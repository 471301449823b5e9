package org.heteroembed.search;

import java.util.Locale;

/** What happens to a candidate whose training runs over its time budget. */
public enum BudgetPolicy {
    /**
     * Stop training ({@code FastSkipGramEngine.requestStop()}, or between {@code fit} batches) and score the
     * model as trained so far; the candidate is {@link CandidateResult.Status#STOPPED} and competes with its score.
     */
    SCORE,
    /** Stop training and mark the candidate {@link CandidateResult.Status#FAILED}, without a score. */
    FAIL;

    /** {@code score} or {@code fail} (any case). */
    public static BudgetPolicy parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("onBudget '" + name + "' is not one of score, fail");
        }
    }
}
