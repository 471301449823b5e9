package org.heteroembed.search;

import org.heteroembed.job.EmbeddingJob;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one candidate: its job, status, score and every metric, and where the time went.
 *
 * @param index        Arbiter's candidate index (generation order, from 0)
 * @param status       see {@link Status}
 * @param score        the score function's metric; null when failed
 * @param metrics      every metric of the score function, by name (empty when failed)
 * @param pairs        (context, target) pairs trained
 * @param trainSeconds the job runner's whole run: walks, pair counting and training
 * @param scoreSeconds evaluation
 * @param job          the candidate's job (as the space made it); null if the candidate could not even be created
 * @param duplicateOf  for {@link Status#DUPLICATE}: the index of the candidate that trained the same job; else -1
 * @param error        why it failed (or was stopped), else null
 */
public record CandidateResult(int index, Status status, Double score, Map<String, Double> metrics, long pairs,
                             double trainSeconds, double scoreSeconds, EmbeddingJob job, int duplicateOf,
                             String error) {
    /** How a candidate ended. */
    public enum Status {
        /** Trained to the end and scored. */
        COMPLETED,
        /** Stopped at its time budget (training.maxSeconds) and scored as trained so far ({@link BudgetPolicy#SCORE}). */
        STOPPED,
        /** Failed: an error, or over budget with {@link BudgetPolicy#FAIL}. */
        FAILED,
        /** The same job as an earlier candidate (e.g. p and q of a grid with uniform walks): its result, not retrained. */
        DUPLICATE
    }

    public CandidateResult {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics)); // keeps the score function's order
    }

    public boolean hasScore() {
        return score != null;
    }

    /** The job's values of these setting keys (the searched ones), in that order; empty without a job. */
    public Map<String, Object> values(List<String> keys) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (job != null) {
            keys.forEach(k -> out.put(k, job.get(k)));
        }
        return out;
    }

    public double seconds() {
        return trainSeconds + scoreSeconds;
    }

    /** This result as the result of candidate {@code other}, which asked for the same job. */
    CandidateResult asDuplicate(int other) {
        return new CandidateResult(other, status == Status.FAILED ? Status.FAILED : Status.DUPLICATE, score, metrics,
                0, 0, 0, job, index, error);
    }
}
