package org.heteroembed.eval;

import java.util.Arrays;

/**
 * Link-prediction metrics on scores, over groups of one positive (a held-out edge) and its own negatives:
 * ROC AUC of all positives against all negatives, the mean reciprocal rank of each positive among its
 * negatives, and Hits@k. Ties never flatter: AUC counts a tie half, MRR ranks a positive at the middle of
 * the negatives it ties with, and Hits@k is the expected hit rate when ties are broken at random, so scores
 * that carry no information give AUC 0.5 and (for Hits@k) exactly the chance rate.
 */
public final class RankingMetrics {
    private RankingMetrics() {
    }

    /**
     * The metrics of one set of groups.
     *
     * @param positives number of groups (positive edges)
     * @param negatives number of negatives over all groups
     * @param auc       ROC AUC, positives against the pooled negatives
     * @param mrr       mean reciprocal rank of each positive among its own negatives
     * @param k         the cut-off of {@code hitsAtK}
     * @param hitsAtK   fraction of positives ranked within the top k of their group
     */
    public record Scores(int positives, long negatives, double auc, double mrr, int k, double hitsAtK) {
    }

    /** AUC, MRR and Hits@k of groups: {@code negatives[i]} are the negatives of {@code positives[i]}. */
    public static Scores scores(double[] positives, double[][] negatives, int k) {
        long count = 0;
        for (double[] row : checkGroups(positives, negatives)) {
            count += row.length;
        }
        return new Scores(positives.length, count, auc(positives, negatives), mrr(positives, negatives), k,
                hitsAtK(positives, negatives, k));
    }

    /** AUC of every positive against the negatives of all groups pooled. */
    public static double auc(double[] positives, double[][] negatives) {
        long count = 0;
        for (double[] row : checkGroups(positives, negatives)) {
            count += row.length;
        }
        double[] pooled = new double[Math.toIntExact(count)];
        int at = 0;
        for (double[] row : negatives) {
            System.arraycopy(row, 0, pooled, at, row.length);
            at += row.length;
        }
        return auc(positives, pooled);
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
        int np = positives.length, nn = negatives.length;
        // Sort negatives once; each positive's "negatives below" and "ties" are then two binary searches.
        // Same U statistic as mid-ranks over the union, without boxing n indices.
        double[] neg = new double[nn];
        for (int i = 0; i < nn; i++) {
            neg[i] = checked(negatives[i]);
        }
        Arrays.sort(neg);
        double u = 0;
        for (double p : positives) {
            double s = checked(p);
            int below = lowerBound(neg, s);
            int notAbove = upperBound(neg, s);
            u += below + (notAbove - below) / 2.0;
        }
        return u / ((double) np * nn);
    }

    /**
     * Mean reciprocal rank: positive {@code i} ranks {@code 1 + (negatives above it) + (negatives tied) / 2}
     * among {@code negatives[i]}; the result is the mean of {@code 1 / rank}.
     */
    public static double mrr(double[] positives, double[][] negatives) {
        checkGroups(positives, negatives);
        double sum = 0;
        for (int i = 0; i < positives.length; i++) {
            double s = checked(positives[i]);
            int[] at = aboveAndTied(s, negatives[i]);
            sum += 1.0 / (1 + at[0] + at[1] / 2.0);
        }
        return sum / positives.length;
    }

    /**
     * Hits@k: the fraction of positives ranked among the top {@code k} of their group. A positive tied with
     * {@code t} negatives takes each of its {@code t + 1} possible ranks with equal probability, and counts
     * the probability that the rank is at most k (so constant scores give {@code k / (negatives + 1)}).
     */
    public static double hitsAtK(double[] positives, double[][] negatives, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        checkGroups(positives, negatives);
        double sum = 0;
        for (int i = 0; i < positives.length; i++) {
            int[] at = aboveAndTied(checked(positives[i]), negatives[i]);
            int above = at[0], tied = at[1];
            // Ranks 1 + above .. 1 + above + tied, each with probability 1 / (tied + 1).
            sum += Math.max(0, Math.min(tied + 1, k - above)) / (double) (tied + 1);
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

    /** Hits@k of random scores with {@code negatives} negatives per positive: {@code min(1, k / (negatives + 1))}. */
    public static double chanceHitsAtK(int negatives, int k) {
        return Math.min(1.0, k / (negatives + 1.0));
    }

    private static int[] aboveAndTied(double positive, double[] negatives) {
        int above = 0, tied = 0;
        for (double neg : negatives) {
            if (checked(neg) > positive) {
                above++;
            } else if (neg == positive) {
                tied++;
            }
        }
        return new int[]{above, tied};
    }

    private static double[][] checkGroups(double[] positives, double[][] negatives) {
        if (positives.length == 0 || positives.length != negatives.length) {
            throw new IllegalArgumentException("ranking needs one row of negatives per positive, got " + positives.length
                    + " positives and " + negatives.length + " rows");
        }
        return negatives;
    }

    /** First index whose value is >= x. */
    private static int lowerBound(double[] sorted, double x) {
        int lo = 0, hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** First index whose value is > x. */
    private static int upperBound(double[] sorted, double x) {
        int lo = 0, hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static double checked(double score) {
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("score is NaN (diverged training?)");
        }
        return score;
    }
}
