package org.heteroembed.graph.partition;

import org.heteroembed.walk.SplitMix64;

import java.io.Serializable;
import java.util.Arrays;

/**
 * An assignment of every node (global index {@code 0..numNodes-1}) to one of {@code parts} parts. Distributed
 * training gives each worker the walks that start in its part, so how the partition is made decides how
 * often workers touch the same embedding rows: {@link #hash} spreads nodes evenly but without locality,
 * {@link LabelPropagationPartitioner} packs communities so that most walks stay in their start node's part.
 *
 * <p>Immutable and {@link Serializable}, so it can be broadcast by Spark: one {@code int} per node (200 MB at
 * 50M nodes) plus the part sizes. The owner array is held as given by the package's factories and never
 * exposed, so nothing can change it after construction.
 */
public final class NodePartition implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String HASH = "hash";
    public static final String LABEL_PROPAGATION = "label-propagation";
    /** Stream of {@link SplitMix64#seedFor} used by {@link #hash}, so its draws are independent of walks'. */
    private static final long HASH_STREAM = 0x70617274L; // "part"

    private final int parts;
    private final int[] owner;
    private final long[] sizes;
    private final String method;

    /** Takes ownership of {@code owner}: the caller must not keep or change it. */
    NodePartition(int parts, int[] owner, String method) {
        checkParts(parts);
        this.parts = parts;
        this.owner = owner;
        this.method = method;
        this.sizes = new long[parts];
        for (int v = 0; v < owner.length; v++) {
            int p = owner[v];
            if (p < 0 || p >= parts) {
                throw new IllegalStateException("node " + v + " assigned to part " + p + ", not in [0, " + parts + ")");
            }
            sizes[p]++;
        }
    }

    /**
     * Each node to the part chosen by a seeded 64-bit mix of its id. Not {@code id % parts}: ids are often
     * given in community or type order (the planted generator's community is {@code id mod K}), and a modulo
     * would then line up with the structure and look local (or anti-local) by accident.
     *
     * @throws IllegalArgumentException if {@code numNodes < 0} or {@code parts < 1}
     */
    public static NodePartition hash(int numNodes, int parts, long seed) {
        if (numNodes < 0) {
            throw new IllegalArgumentException("numNodes must be >= 0, got " + numNodes);
        }
        checkParts(parts);
        int[] owner = new int[numNodes];
        for (int v = 0; v < numNodes; v++) {
            owner[v] = hashPart(v, parts, seed);
        }
        return new NodePartition(parts, owner, HASH);
    }

    /**
     * The part {@link #hash} gives node {@code node}, computed alone: a process that must not hold an int per node
     * (Spark's driver in the partitioned mode) streams the partition from it.
     */
    public static int hashPart(int node, int parts, long seed) {
        // Lemire's multiply-shift maps the top 32 bits to [0, parts) with bias < parts / 2^32.
        long h = SplitMix64.seedFor(seed, HASH_STREAM, node) >>> 32;
        return (int) ((h * parts) >>> 32);
    }

    /** The part sizes of {@link #hash}, without an array per node. */
    public static long[] hashSizes(int numNodes, int parts, long seed) {
        checkParts(parts);
        long[] sizes = new long[parts];
        for (int v = 0; v < numNodes; v++) {
            sizes[hashPart(v, parts, seed)]++;
        }
        return sizes;
    }

    /**
     * A partition given by the caller (e.g. from METIS or from known shards): {@code owners[v]} is the part of
     * node {@code v}. The array is copied.
     *
     * @throws IllegalArgumentException if {@code parts < 1} or an owner lies outside {@code [0, parts)}
     */
    public static NodePartition of(int parts, int[] owners, String method) {
        try {
            return new NodePartition(parts, owners.clone(), method);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    static void checkParts(int parts) {
        if (parts < 1) {
            throw new IllegalArgumentException("parts must be >= 1, got " + parts);
        }
    }

    public int parts() {
        return parts;
    }

    public int numNodes() {
        return owner.length;
    }

    /** Part of a node, in {@code [0, parts)}. */
    public int partOf(int node) {
        return owner[node];
    }

    /** Number of nodes in each part (a copy). */
    public long[] sizes() {
        return sizes.clone();
    }

    /** {@value #HASH} or {@value #LABEL_PROPAGATION}. */
    public String method() {
        return method;
    }

    /** Same method, number of parts and assignment of every node. */
    @Override
    public boolean equals(Object o) {
        return o instanceof NodePartition p && p.parts == parts && p.method.equals(method)
                && Arrays.equals(p.owner, owner);
    }

    @Override
    public int hashCode() {
        return (parts * 31 + method.hashCode()) * 31 + Arrays.hashCode(owner);
    }

    @Override
    public String toString() {
        long max = 0;
        for (long s : sizes) {
            max = Math.max(max, s);
        }
        return "NodePartition{" + method + ", " + owner.length + " nodes, " + parts + " parts, largest " + max + "}";
    }
}
