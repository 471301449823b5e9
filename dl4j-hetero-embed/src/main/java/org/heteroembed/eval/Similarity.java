package org.heteroembed.eval;

import java.util.Locale;

/**
 * How two node vectors are compared when scoring links: raw dot product (what skip-gram's objective
 * optimises, so it keeps the popularity carried by vector length) or cosine (direction only).
 */
public enum Similarity {
    DOT,
    COSINE;

    public double of(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        if (this == DOT) {
            return dot;
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    /** {@code dot} or {@code cosine} (any case). */
    public static Similarity parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("similarity '" + name + "' is not one of dot, cosine");
        }
    }
}
