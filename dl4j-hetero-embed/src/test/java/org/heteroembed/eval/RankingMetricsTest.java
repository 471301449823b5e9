package org.heteroembed.eval;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Ranking metrics on hand-made scores with known answers. */
class RankingMetricsTest {

    @Test
    void aucOnHandMadeScores() {
        assertEquals(1.0, RankingMetrics.auc(new double[]{0.9, 0.8, 0.7}, new double[]{0.1, 0.2, 0.3, 0.65}), 1e-12,
                "perfectly separated");
        assertEquals(0.0, RankingMetrics.auc(new double[]{0.1}, new double[]{0.2, 0.3}), 1e-12);
        assertEquals(0.5, RankingMetrics.auc(new double[]{0.4, 0.4}, new double[]{0.4, 0.4, 0.4}), 1e-12, "all tied");
        // 1 positive above 2 of 3 negatives, tied with 1: (2 + 0.5) / 3
        assertEquals(2.5 / 3, RankingMetrics.auc(new double[]{0.5}, new double[]{0.1, 0.5, 0.2}), 1e-12);
        // Pairs: 0.6 beats 0.2 and 0.5 but not 0.7; 0.3 beats only 0.2: 3 of 6.
        assertEquals(0.5, RankingMetrics.auc(new double[]{0.6, 0.3}, new double[]{0.2, 0.5, 0.7}), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> RankingMetrics.auc(new double[]{1}, new double[0]));
        assertThrows(IllegalArgumentException.class, () -> RankingMetrics.auc(new double[]{Double.NaN}, new double[]{1}));
        assertThrows(IllegalArgumentException.class, () -> RankingMetrics.auc(new double[]{1}, new double[]{Double.NaN}));
    }

    @Test
    void aucMatchesCountingAllPairs() {
        Random r = new Random(3);
        double[] pos = new double[200], neg = new double[300];
        for (int i = 0; i < pos.length; i++) {
            pos[i] = r.nextInt(20) + 3; // integer scores: many ties
        }
        for (int i = 0; i < neg.length; i++) {
            neg[i] = r.nextInt(20);
        }
        double pairs = 0;
        for (double p : pos) {
            for (double q : neg) {
                pairs += p > q ? 1 : p == q ? 0.5 : 0;
            }
        }
        assertEquals(pairs / (pos.length * neg.length), RankingMetrics.auc(pos, neg), 1e-12);
    }

    @Test
    void groupedAucPoolsTheNegatives() {
        double[] pos = {0.9, 0.4};
        double[][] neg = {{0.1, 0.5}, {0.3}};
        assertEquals(RankingMetrics.auc(pos, new double[]{0.1, 0.5, 0.3}), RankingMetrics.auc(pos, neg), 1e-12);
    }

    @Test
    void mrrOnATinyCase() {
        // Ranks 1, 2 and 3 (ties count half: 1 + 1 above + 2 tied / 2 = 3).
        double mrr = RankingMetrics.mrr(new double[]{0.9, 0.5, 0.5},
                new double[][]{{0.1, 0.2}, {0.7, 0.1}, {0.6, 0.5, 0.5}});
        assertEquals((1 + 1.0 / 2 + 1.0 / 3) / 3, mrr, 1e-12);
        assertEquals((1 + 0.5 + 1.0 / 3) / 3, RankingMetrics.chanceMrr(2), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> RankingMetrics.mrr(new double[]{1, 2}, new double[][]{{1}}));
    }

    @Test
    void hitsAtKOnTinyCases() {
        double[] pos = {0.9, 0.5, 0.1};
        double[][] neg = {{0.1, 0.2, 0.3}, {0.6, 0.7, 0.1}, {0.2, 0.3, 0.4}}; // ranks 1, 3, 4
        assertEquals(1.0 / 3, RankingMetrics.hitsAtK(pos, neg, 1), 1e-12);
        assertEquals(1.0 / 3, RankingMetrics.hitsAtK(pos, neg, 2), 1e-12);
        assertEquals(2.0 / 3, RankingMetrics.hitsAtK(pos, neg, 3), 1e-12);
        assertEquals(1.0, RankingMetrics.hitsAtK(pos, neg, 4), 1e-12);
        // Tied with all 3 negatives: ranks 1..4 equally likely, so Hits@1 = 1/4 and Hits@2 = 1/2 (chance).
        double[] t = {0.5};
        double[][] tn = {{0.5, 0.5, 0.5}};
        assertEquals(0.25, RankingMetrics.hitsAtK(t, tn, 1), 1e-12);
        assertEquals(0.5, RankingMetrics.hitsAtK(t, tn, 2), 1e-12);
        assertEquals(RankingMetrics.chanceHitsAtK(3, 2), RankingMetrics.hitsAtK(t, tn, 2), 1e-12);
        // One above, two tied: ranks 2..4, Hits@2 = 1/3.
        assertEquals(1.0 / 3, RankingMetrics.hitsAtK(t, new double[][]{{0.6, 0.5, 0.5}}, 2), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> RankingMetrics.hitsAtK(pos, neg, 0));
    }

    @Test
    void scoresBundleTheThree() {
        double[] pos = {0.9, 0.5};
        double[][] neg = {{0.1, 0.2}, {0.7, 0.1}};
        RankingMetrics.Scores s = RankingMetrics.scores(pos, neg, 1);
        assertEquals(2, s.positives());
        assertEquals(4, s.negatives());
        assertEquals(RankingMetrics.auc(pos, neg), s.auc(), 0);
        assertEquals(0.75, s.mrr(), 1e-12);
        assertEquals(0.5, s.hitsAtK(), 1e-12);
        assertEquals(1, s.k());
    }
}
