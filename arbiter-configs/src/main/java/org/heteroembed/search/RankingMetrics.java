package org.heteroembed.search;

import java.util.Arrays;

/**
 * Link-prediction metrics on scores: ROC AUC of positive against negative scores, and the mean reciprocal
 * rank of each positive among its own negatives. Ties count half, so scores that carry no information give
 * AUC 0.5 and the expected rank of a random guess, never an optimistic number.
 */
public final class RankingMetrics {
    private RankingMetrics() {
    }

    /**
     * Area under the ROC curve: the probability that a random positive scores above a random negative, ties
     * counted half (the Mann-Whitney U statistic from mid-ranks, O(n log n)).
     *
     * @throws IllegalArgumentException if either side is empty or a score is NaN
     */
    public static double auc(double[] positives, double[] negatives) {
        if (positives.length == 0 || negatives.length == 0) {
            throw new IllegalArgumentException("AUC needs positives and negatives, got " + positives.length + " and "
                    + negatives.length);
        }
        int n = positives.length + negatives.length;
        double[] scores = new double[n];
        boolean[] positive = new boolean[n];
        for (int i = 0; i < positives.length; i++) {
            scores[i] = checked(positives[i]);
            positive[i] = true;
        }
        for (int i = 0; i < negatives.length; i++) {
            scores[positives.length + i] = checked(negatives[i]);
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double positiveRankSum = 0;
        for (int start = 0; start < n; ) {
            int end = start;
            while (end + 1 < n && scores[order[end + 1]] == scores[order[start]]) {
                end++;
            }
            double midRank = (start + end) / 2.0 + 1; // 1-based mid-rank of the tie group
            for (int k = start; k <= end; k++) {
                if (positive[order[k]]) {
                    positiveRankSum += midRank;
                }
            }
            start = end + 1;
        }
        double np = positives.length, nn = negatives.length;
        return (positiveRankSum - np * (np + 1) / 2) / (np * nn);
    }

    /**
     * Mean reciprocal rank: positive {@code i} ranks {@code 1 + (negatives above it) + (negatives tied) / 2}
     * among {@code negatives[i]}; the result is the mean of {@code 1 / rank}.
     */
    public static double mrr(double[] positives, double[][] negatives) {
        if (positives.length == 0 || positives.length != negatives.length) {
            throw new IllegalArgumentException("MRR needs one row of negatives per positive, got " + positives.length
                    + " positives and " + negatives.length + " rows");
        }
        double sum = 0;
        for (int i = 0; i < positives.length; i++) {
            double s = checked(positives[i]);
            int above = 0, ties = 0;
            for (double neg : negatives[i]) {
                if (checked(neg) > s) {
                    above++;
                } else if (neg == s) {
                    ties++;
                }
            }
            sum += 1.0 / (1 + above + ties / 2.0);
        }
        return sum / positives.length;
    }

    /** The MRR of random scores with {@code k} negatives per positive: the mean of 1/r for r uniform in 1..k+1. */
    public static double chanceMrr(int k) {
        double h = 0;
        for (int r = 1; r <= k + 1; r++) {
            h += 1.0 / r;
        }
        return h / (k + 1);
    }

    private static double checked(double score) {
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("score is NaN (diverged training?)");
        }
        return score;
    }
}
