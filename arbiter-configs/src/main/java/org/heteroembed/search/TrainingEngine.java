package org.heteroembed.search;

import java.util.Locale;

/** Which trainer a search uses for every candidate. */
public enum TrainingEngine {
    /** {@code FastSkipGramEngine}: multi-threaded Hogwild skip-gram on the walker threads, word2vec's rate decay. */
    FAST,
    /** DL4J's own {@code ComputationGraph.fit} on {@code SkipGramMultiDataSetIterator} batches, with a DL4J updater. */
    FIT;

    /** {@code fast} or {@code fit} (any case). */
    public static TrainingEngine parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("engine '" + name + "' is not one of fast, fit");
        }
    }
}
