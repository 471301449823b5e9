package org.heteroembed.graph;

import org.heteroembed.graph.store.BigFloatArray;
import org.heteroembed.graph.store.BigIntArray;
import org.heteroembed.graph.store.BigLongArray;

import java.util.Arrays;

/**
 * Merges repeated neighbours within each CSR slot (same node, same relation), compacting the arrays in place.
 * Each slot ends up sorted by neighbour index. Used for {@link DuplicatePolicy#SUM} and {@link DuplicatePolicy#FIRST}.
 */
final class CsrDeduplicator {
    private final GraphSchema schema;
    private final int[] typeOffsets;
    private final long[] slotBase;
    private final BigLongArray offsets;
    private BigIntArray neighbours;
    private BigFloatArray weights;
    private final boolean sum;

    CsrDeduplicator(GraphSchema schema, int[] typeOffsets, long[] slotBase, BigLongArray offsets,
                    BigIntArray neighbours, BigFloatArray weights, boolean sum) {
        this.schema = schema;
        this.typeOffsets = typeOffsets;
        this.slotBase = slotBase;
        this.offsets = offsets;
        this.neighbours = neighbours;
        this.weights = weights;
        this.sum = sum;
    }

    /** Compacts every slot; returns how many edges (not entries) were merged away. */
    long run() {
        long write = 0;
        long removedEdges = 0;
        long[] keys = new long[16];
        float[] w = new float[16];
        for (int t = 0; t < schema.numNodeTypes(); t++) {
            int nch = schema.numChannels(t);
            int count = typeOffsets[t + 1] - typeOffsets[t];
            for (int local = 0; local < count; local++) {
                int u = typeOffsets[t] + local;
                for (int c = 0; c < nch; c++) {
                    long slot = slotBase[t] + (long) local * nch + c;
                    long start = offsets.get(slot);
                    int n = (int) (offsets.get(slot + 1) - start);
                    offsets.set(slot, write);
                    if (keys.length < n) {
                        keys = new long[n];
                        w = new float[n];
                    }
                    for (int k = 0; k < n; k++) {
                        keys[k] = ((long) neighbours.get(start + k) << 32) | k;
                        w[k] = weights == null ? 1f : weights.get(start + k);
                    }
                    Arrays.sort(keys, 0, n); // neighbour, then input order: the first occurrence leads
                    Relation r = schema.relation(schema.channelRelation(t, c));
                    for (int k = 0; k < n; ) {
                        int nbr = (int) (keys[k] >>> 32);
                        float acc = w[(int) keys[k]];
                        int j = k + 1;
                        for (; j < n && (int) (keys[j] >>> 32) == nbr; j++) {
                            if (sum) {
                                acc += w[(int) keys[j]];
                            }
                            if (countsAsEdge(r, t, u, nbr)) {
                                removedEdges++;
                            }
                        }
                        neighbours.set(write, nbr);
                        if (weights != null) {
                            weights.set(write, acc);
                        }
                        write++;
                        k = j;
                    }
                }
            }
        }
        offsets.set(offsets.length() - 1, write);
        if (write < neighbours.length()) {
            neighbours = shrink(neighbours, write);
            if (weights != null) {
                weights = shrink(weights, write);
            }
        }
        return removedEdges;
    }

    /** Whether an entry in u's slot is the one copy of its edge that counts (each edge counts once). */
    private static boolean countsAsEdge(Relation r, int type, int u, int nbr) {
        if (r.directed()) {
            return true;
        }
        if (r.srcType() != r.dstType()) {
            return type == r.srcType();
        }
        return u <= nbr;
    }

    private static BigIntArray shrink(BigIntArray a, long n) {
        BigIntArray b = BigIntArray.allocate(n);
        for (long i = 0; i < n; i++) {
            b.set(i, a.get(i));
        }
        return b;
    }

    private static BigFloatArray shrink(BigFloatArray a, long n) {
        BigFloatArray b = BigFloatArray.allocate(n);
        for (long i = 0; i < n; i++) {
            b.set(i, a.get(i));
        }
        return b;
    }

    BigIntArray neighbours() {
        return neighbours;
    }

    BigFloatArray weights() {
        return weights;
    }
}
