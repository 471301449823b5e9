package org.heteroembed.eval;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NMI, purity and k-means on cases with known answers. */
class ClusteringTest {

    @Test
    void nmiOfIdenticalAndRelabelledLabelingsIsOne() {
        int[] a = {0, 0, 1, 1, 2, 2, 2};
        assertEquals(1.0, Clustering.nmi(a, a), 1e-12);
        int[] relabelled = {5, 5, 9, 9, 1, 1, 1};
        assertEquals(1.0, Clustering.nmi(a, relabelled), 1e-12);
        assertEquals(1.0, Clustering.nmi(new int[]{3, 3}, new int[]{7, 7}), 1e-12, "both one group");
        assertEquals(0.0, Clustering.nmi(new int[]{0, 0, 0, 0}, new int[]{0, 1, 0, 1}), 1e-12, "one group vs two");
    }

    @Test
    void nmiOnAHandComputedCase() {
        // a = {0,0,1,1}, b = {0,1,1,1}: I = ln2 - 3/4 ln3 + ... computed from the definition.
        int[] a = {0, 0, 1, 1}, b = {0, 1, 1, 1};
        double n = 4;
        double ha = Math.log(2);
        double hb = -(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75));
        // Joint: (0,0)=1, (0,1)=1, (1,1)=2.
        double mi = 1 / n * Math.log(n * 1 / (2 * 1)) + 1 / n * Math.log(n * 1 / (2 * 3)) + 2 / n * Math.log(n * 2 / (2 * 3));
        assertEquals(mi / ((ha + hb) / 2), Clustering.nmi(a, b), 1e-12);
    }

    @Test
    void nmiOfIndependentLabelingsIsNearZero() {
        Random r = new Random(7);
        int n = 200_000;
        int[] a = new int[n], b = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextInt(8);
            b[i] = r.nextInt(5);
        }
        double nmi = Clustering.nmi(a, b);
        assertTrue(nmi < 1e-3, "nmi " + nmi);
        assertThrows(IllegalArgumentException.class, () -> Clustering.nmi(new int[]{1}, new int[]{1, 2}));
    }

    @Test
    void purityOnAHandCase() {
        // Cluster 0 = labels {a, a, b}, cluster 1 = {b, b}: (2 + 2) / 5.
        assertEquals(0.8, Clustering.purity(new int[]{0, 0, 0, 1, 1}, new int[]{1, 1, 2, 2, 2}), 1e-12);
        assertEquals(1.0, Clustering.purity(new int[]{0, 1, 2}, new int[]{0, 0, 0}), 1e-12, "singletons are pure");
    }

    /** Points around the k unit vectors e_c of R^d, with small noise; returns the true blob of each point. */
    private static int[] blobs(float[][] x, int k, double noise, long seed) {
        Random r = new Random(seed);
        int[] y = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = r.nextInt(k);
            for (int j = 0; j < x[i].length; j++) {
                x[i][j] = (float) (noise * r.nextGaussian());
            }
            x[i][y[i]] += 1;
        }
        return y;
    }

    @Test
    void kMeansRecoversSeparatedBlobs() {
        int k = 6;
        float[][] x = new float[1200][10];
        int[] truth = blobs(x, k, 0.1, 1);
        Clustering.KMeans km = Clustering.kMeans(x, k, 5, 100, 3);
        assertEquals(1.0, Clustering.nmi(km.assignment(), truth), 1e-12);
        assertEquals(1.0, Clustering.purity(km.assignment(), truth), 1e-12);
        Clustering.Result r = Clustering.evaluate("blobs", x, truth, 5, 3);
        assertEquals(k, r.k());
        assertEquals(1.0, r.nmi(), 1e-12);
        // Deterministic for a seed.
        assertArrayEquals(km.assignment(), Clustering.kMeans(x, k, 5, 100, 3).assignment());
    }

    @Test
    void kMeansOnNoiseFindsNoLabels() {
        float[][] x = new float[3000][8];
        Random r = new Random(5);
        int[] labels = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            labels[i] = r.nextInt(4);
            for (int j = 0; j < 8; j++) {
                x[i][j] = (float) r.nextGaussian();
            }
        }
        Clustering.Result res = Clustering.evaluate("noise", x, labels, 2, 1);
        assertTrue(res.nmi() < 0.01, "labels independent of the vectors: nmi " + res.nmi());
        assertThrows(IllegalArgumentException.class, () -> Clustering.kMeans(x, 0, 1, 10, 1));
    }
}
