package org.heteroembed.inference;

import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.NodeLabels;

import java.util.ArrayList;
import java.util.List;

/**
 * Quick quality checks of node vectors against node labels (e.g. planted communities), used by the demo,
 * examples and tests: neighbour purity and the accuracy of given predictions. The evaluation suite (link
 * prediction, node classification with its classifier, clustering) is {@code org.heteroembed.eval}.
 */
public final class EmbeddingQuality {
    private EmbeddingQuality() {
    }

    /** Fraction of predictions equal to the labels of nodes {@code firstLocal, firstLocal + 1, ...}. */
    public static double accuracy(int[] predicted, NodeLabels labels, int firstLocal) {
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            correct += predicted[i] == labels.label(firstLocal + i) ? 1 : 0;
        }
        return predicted.length == 0 ? 0 : (double) correct / predicted.length;
    }

    /** Fraction of the k nearest same-type neighbours (cosine) that share the node's label, over nodes of a type. */
    public static double neighbourPurity(HeteroEmbeddings e, HeteroGraph g, String type, int k, int sample) {
        int t = g.schema().nodeType(type);
        NodeLabels labels = g.labels(t);
        int n = Math.min(sample, g.numNodes(t));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(g.ids(t).get(i));
        }
        var lists = e.nearest(type, ids, k, type);
        long same = 0, total = 0;
        for (int i = 0; i < n; i++) {
            for (var nb : lists.get(i)) {
                same += labels.label(i) == labels.label(g.localId(g.node(type, nb.id()))) ? 1 : 0;
                total++;
            }
        }
        return (double) same / total;
    }
}
