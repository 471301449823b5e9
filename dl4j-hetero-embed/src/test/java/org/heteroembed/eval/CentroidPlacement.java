package org.heteroembed.eval;

import java.util.List;

/**
 * For tests of vectors given to new nodes: the share of query vectors whose nearest class centroid (cosine; each
 * centroid the sum of its reference nodes' unit vectors) is their own class. Null query vectors are left out.
 */
public final class CentroidPlacement {
    private CentroidPlacement() {
    }

    public static double placed(int classes, List<float[]> reference, int[] referenceLabels, List<float[]> queries,
                                int[] queryLabels) {
        int d = reference.get(0).length;
        double[][] centroid = new double[classes][d];
        for (int i = 0; i < reference.size(); i++) {
            float[] v = reference.get(i);
            double norm = Math.sqrt(dot(v, v));
            for (int j = 0; j < d; j++) {
                centroid[referenceLabels[i]][j] += v[j] / norm;
            }
        }
        int right = 0, scored = 0;
        for (int i = 0; i < queries.size(); i++) {
            float[] v = queries.get(i);
            if (v == null) {
                continue;
            }
            scored++;
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                double s = 0, n = 0;
                for (int j = 0; j < d; j++) {
                    s += v[j] * centroid[c][j];
                    n += centroid[c][j] * centroid[c][j];
                }
                if (n > 0 && s / Math.sqrt(n) > bestScore) {
                    bestScore = s / Math.sqrt(n);
                    best = c;
                }
            }
            right += best == queryLabels[i] ? 1 : 0;
        }
        return scored == 0 ? 0 : (double) right / scored;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
