package org.heteroembed.eval;

/**
 * Micro- and macro-F1 of single-label predictions: micro pools all decisions (equal to accuracy here), macro
 * averages the per-class F1 {@code 2TP / (2TP + FP + FN)} over the classes (0 for a class that is neither
 * predicted nor present), so small classes count as much as large ones.
 */
public record F1(double micro, double macro) {

    /**
     * @param predicted predicted class per node, in {@code 0..classes-1}
     * @param truth     true class per node, in {@code 0..classes-1}
     */
    public static F1 of(int[] predicted, int[] truth, int classes) {
        if (predicted.length != truth.length) {
            throw new IllegalArgumentException(predicted.length + " predictions for " + truth.length + " labels");
        }
        long[] tp = new long[classes], fp = new long[classes], fn = new long[classes];
        long correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            int p = predicted[i], t = truth[i];
            if (p == t) {
                tp[p]++;
                correct++;
            } else {
                fp[p]++;
                fn[t]++;
            }
        }
        double macro = 0;
        for (int c = 0; c < classes; c++) {
            double denominator = 2.0 * tp[c] + fp[c] + fn[c];
            macro += denominator == 0 ? 0 : 2.0 * tp[c] / denominator;
        }
        return new F1(predicted.length == 0 ? 0 : (double) correct / predicted.length, macro / classes);
    }
}
