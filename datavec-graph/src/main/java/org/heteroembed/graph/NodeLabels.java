package org.heteroembed.graph;

import org.heteroembed.graph.store.BigIntArray;
import org.heteroembed.graph.store.StringTable;

/**
 * Class labels of the nodes of one type (ground truth for node classification and clustering): a label
 * vocabulary and, per node, the index of its label or -1 when the node is unlabelled.
 */
public final class NodeLabels {
    private final StringTable vocabulary;
    private final BigIntArray labels;

    public NodeLabels(StringTable vocabulary, BigIntArray labels) {
        this.vocabulary = vocabulary;
        this.labels = labels;
    }

    /** Label index of node {@code local}, or -1. */
    public int label(int local) {
        return labels.get(local);
    }

    /** Label name of node {@code local}, or null. */
    public String labelName(int local) {
        int l = labels.get(local);
        return l < 0 ? null : vocabulary.get(l);
    }

    public int numClasses() {
        return vocabulary.size();
    }

    public StringTable vocabulary() {
        return vocabulary;
    }

    BigIntArray array() {
        return labels;
    }

    /** Number of labelled nodes. */
    public int numLabelled() {
        int n = 0;
        for (long i = 0; i < labels.length(); i++) {
            if (labels.get(i) >= 0) {
                n++;
            }
        }
        return n;
    }
}
