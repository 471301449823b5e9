package org.heteroembed.search;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a search produced: every candidate's result (in candidate order), the best one, the files written,
 * and the numbers needed to judge the best score (the score function's metric and its chance level).
 *
 * @param keys the setting keys of the space
 */
public record SearchResult(List<CandidateResult> candidates, CandidateResult best, String metric, double chance,
                           double seconds, List<String> keys, Path outputDir, Path resultsCsv, Path bestModel,
                           Path summaryFile) {
    public SearchResult {
        candidates = List.copyOf(candidates);
        keys = List.copyOf(keys);
    }

    public long count(CandidateResult.Status status) {
        return candidates.stream().filter(c -> c.status() == status).count();
    }

    /** A few lines for a terminal or a log. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%d candidates in %.1f s: %d completed, %d stopped at budget, %d duplicate, %d failed%n",
                candidates.size(), seconds, count(CandidateResult.Status.COMPLETED), count(CandidateResult.Status.STOPPED),
                count(CandidateResult.Status.DUPLICATE), count(CandidateResult.Status.FAILED)));
        if (best == null) {
            sb.append("no candidate produced a score\n");
        } else {
            sb.append(String.format(Locale.ROOT, "best: candidate %d, %s %.4f (chance %.4f)%n", best.index(), metric,
                    best.score(), chance));
            for (Map.Entry<String, Object> e : best.values(keys).entrySet()) {
                sb.append("  ").append(e.getKey()).append(" = ").append(ResultTable.text(e.getValue())).append('\n');
            }
        }
        sb.append("results: ").append(resultsCsv).append('\n');
        if (best != null && bestModel != null) {
            sb.append("best model: ").append(bestModel).append('\n');
        }
        return sb.toString();
    }
}
