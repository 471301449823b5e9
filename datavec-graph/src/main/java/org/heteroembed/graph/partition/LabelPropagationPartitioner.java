package org.heteroembed.graph.partition;

import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.walk.SplitMix64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;

/**
 * A locality partitioning: finds communities by label propagation, then packs them into {@code parts}
 * balanced parts, so that random walks (which mostly stay inside communities) mostly stay inside the part of
 * their start node.
 *
 * <p><b>Label propagation</b> (Raghavan, Albert and Kumara 2007) over the graph seen as undirected and
 * untyped: all relations count, directed ones in both directions, weights and node types are ignored. Every
 * node starts with its own label; each iteration visits the nodes in a fresh seeded random order and gives
 * each the most frequent label among its neighbours (one count per adjacency entry, so parallel edges count
 * more). A node keeps its label when that is among the most frequent; other ties are broken uniformly by the
 * seeded generator. Re-drawing every tie would keep the nodes that sit between two communities flipping
 * forever, and the stopping rule would never fire. Updates are applied at once (asynchronous), which is what
 * lets it converge instead of oscillating on bipartite structure such as user-article clicks. It stops when
 * fewer than 0.1% of the nodes changed label in an iteration, or after {@code maxIterations}.
 *
 * <p><b>Packing</b> ({@link CommunityPacker}). Communities are placed largest first, each into the currently
 * lightest part. No part may exceed {@link #maxPartSize(int)}; a community that does not fit fills the
 * lightest part and spills into the next lightest, and so on. A community is placed by growing breadth-first
 * regions through it, so when one is split (a giant community is common on heavy-tailed graphs) each piece
 * is connected rather than a scatter of ids. Isolated nodes keep their own labels and end up as singletons
 * that fill the gaps. Communities are packed by size only, not by which communities are adjacent, so the
 * locality comes from the communities being large: on graphs where label propagation finds only small
 * ones, the cut approaches hashing's.
 *
 * <p><b>Cost.</b> O(iterations x adjacency entries) time on one thread, no object per edge: counting uses a
 * dense per-label count array and a list of the labels touched, reset after each node. Transient memory is
 * four int arrays over the nodes (16 bytes per node) and one long per community, plus, when the graph has
 * directed relations, their reversed edges (8 bytes per node and 4 per directed edge).
 *
 * <p>Deterministic: the same graph, configuration and seed always give the same partition. Immutable and
 * thread-safe; {@link #partition} allocates its own working memory.
 */
public final class LabelPropagationPartitioner {
    private static final Logger log = LoggerFactory.getLogger(LabelPropagationPartitioner.class);
    /** Convergence: stop when fewer than this fraction of nodes changed label in an iteration. */
    static final double CONVERGED_FRACTION = 0.001;
    private static final long ORDER_STREAM = 1;
    private static final long TIE_STREAM = 2;

    private final int parts;
    private final int maxIterations;
    private final long seed;
    private final double balanceSlack;

    private LabelPropagationPartitioner(Builder b) {
        this.parts = b.parts;
        this.maxIterations = b.maxIterations;
        this.seed = b.seed;
        this.balanceSlack = b.balanceSlack;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int parts() {
        return parts;
    }

    public int maxIterations() {
        return maxIterations;
    }

    public long seed() {
        return seed;
    }

    public double balanceSlack() {
        return balanceSlack;
    }

    /**
     * The most nodes a part may hold: {@code floor((1 + balanceSlack) * numNodes / parts)}, but at least
     * {@code ceil(numNodes / parts)} so that the nodes always fit (with slack 0 and a remainder the exact
     * bound could not be met).
     */
    public int maxPartSize(int numNodes) {
        long even = ((long) numNodes + parts - 1) / parts;
        long slack = (long) Math.floor((1 + balanceSlack) * numNodes / parts);
        return (int) Math.min(numNodes, Math.max(even, slack));
    }

    /** Partitions the nodes of {@code graph} (global indices) into {@link #parts()} parts. */
    public NodePartition partition(HeteroGraph graph) {
        long t0 = System.nanoTime();
        int n = graph.numNodes();
        ReverseEdges reverse = ReverseEdges.of(graph);
        int[] label = new int[n];
        int[] scratch = new int[n];  // per-label counts during propagation; the BFS queue while packing
        int[] order = new int[n];    // visiting order during propagation; members by community while packing
        for (int v = 0; v < n; v++) {
            label[v] = v;
        }
        int iterations = propagate(graph, reverse, label, scratch, order);
        int[] owner = pack(graph, reverse, label, scratch, order);
        NodePartition p = new NodePartition(parts, owner, NodePartition.LABEL_PROPAGATION);
        if (log.isInfoEnabled()) {
            long[] sizes = p.sizes();
            log.info("Label propagation partition of {} nodes into {} parts in {} ms ({} iterations): part sizes "
                            + "{}..{}, cap {}", n, parts, (System.nanoTime() - t0) / 1_000_000, iterations,
                    Arrays.stream(sizes).min().orElse(0), Arrays.stream(sizes).max().orElse(0), maxPartSize(n));
        }
        return p;
    }

    // ---------------------------------------------------------------- label propagation

    /** Runs label propagation in place on {@code label}; returns the number of iterations run. */
    private int propagate(HeteroGraph g, ReverseEdges reverse, int[] label, int[] count, int[] order) {
        int n = label.length;
        for (int v = 0; v < n; v++) {
            order[v] = v;
        }
        SplitMix64 rng = new SplitMix64(0);
        int[] touched = new int[16];  // distinct labels seen around the current node; grows to the max degree
        int it = 0;
        while (it < maxIterations) {
            // Shuffling the previous order keeps the work O(n) and the result a uniform permutation.
            rng.reseed(SplitMix64.seedFor(seed, ORDER_STREAM, it));
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int x = order[i];
                order[i] = order[j];
                order[j] = x;
            }
            rng.reseed(SplitMix64.seedFor(seed, TIE_STREAM, it));
            long changed = 0;
            for (int k = 0; k < n; k++) {
                int v = order[k];
                int distinct = 0;
                long end = g.neighbourEnd(v);
                for (long i = g.neighbourStart(v); i < end; i++) {
                    int l = label[g.neighbour(i)];
                    if (count[l]++ == 0) {
                        if (distinct == touched.length) {
                            touched = Arrays.copyOf(touched, 2 * distinct);
                        }
                        touched[distinct++] = l;
                    }
                }
                if (reverse != null) {
                    long rend = reverse.end(v);
                    for (long i = reverse.start(v); i < rend; i++) {
                        int l = label[reverse.source(i)];
                        if (count[l]++ == 0) {
                            if (distinct == touched.length) {
                                touched = Arrays.copyOf(touched, 2 * distinct);
                            }
                            touched[distinct++] = l;
                        }
                    }
                }
                if (distinct == 0) {
                    continue; // isolated: keeps its own label
                }
                // The most frequent label; among ties, a uniform one by reservoir sampling. Clears the counts.
                int ownCount = count[label[v]];
                int best = -1, bestCount = 0, ties = 0;
                for (int j = 0; j < distinct; j++) {
                    int l = touched[j];
                    int c = count[l];
                    count[l] = 0;
                    if (c > bestCount) {
                        best = l;
                        bestCount = c;
                        ties = 1;
                    } else if (c == bestCount && rng.nextInt(++ties) == 0) {
                        best = l;
                    }
                }
                // A node whose label is already among the most frequent keeps it: re-drawing ties kept ~2% of
                // a planted graph's nodes (e.g. users with one click in each of two communities) flipping
                // every iteration, so the 0.1% stopping rule never fired.
                if (ownCount < bestCount) {
                    label[v] = best;
                    changed++;
                }
            }
            it++;
            if (log.isDebugEnabled()) {
                log.debug("Label propagation iteration {}: {} of {} nodes changed label", it, changed, n);
            }
            if (changed < CONVERGED_FRACTION * n || changed == 0) {
                break;
            }
        }
        return it;
    }

    // ---------------------------------------------------------------- packing

    /**
     * Packs the communities (nodes sharing a label) into parts; returns the owner array. Reuses {@code work}
     * (all zeros after propagation) and {@code members} (free after propagation).
     */
    private int[] pack(HeteroGraph g, ReverseEdges reverse, int[] label, int[] work, int[] members) {
        int n = label.length;
        // Community sizes, then communities sorted by size descending, label ascending: one long key each.
        int communities = 0;
        for (int v = 0; v < n; v++) {
            if (work[label[v]]++ == 0) {
                communities++;
            }
        }
        long[] keys = new long[communities];
        for (int l = 0, k = 0; l < n; l++) {
            if (work[l] > 0) {
                keys[k++] = ((long) (Integer.MAX_VALUE - work[l]) << 32) | l;
            }
        }
        Arrays.sort(keys);
        log.info("Label propagation found {} communities in {} nodes; largest {}", communities, n,
                communities == 0 ? 0 : Integer.MAX_VALUE - (int) (keys[0] >>> 32));
        // Group the nodes by community in packing order: work[l] becomes l's write cursor.
        int offset = 0;
        for (long key : keys) {
            int l = (int) key;
            int size = work[l];
            work[l] = offset;
            offset += size;
        }
        for (int v = 0; v < n; v++) {
            members[work[label[v]]++] = v;
        }

        int[] owner = new int[n];
        CommunityPacker packer = new CommunityPacker(g, reverse, label, parts, maxPartSize(n), owner, work);
        int start = 0;
        for (long key : keys) {
            int size = Integer.MAX_VALUE - (int) (key >>> 32);
            packer.place((int) key, members, start, start + size);
            start += size;
        }
        return owner;
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private int parts = -1;
        private int maxIterations = 10;
        private long seed = 42;
        private double balanceSlack = 0.05;

        private Builder() {
        }

        /** Number of parts P (workers); required. */
        public Builder parts(int parts) {
            this.parts = parts;
            return this;
        }

        /** Upper bound on propagation iterations (default 10). */
        public Builder maxIterations(int maxIterations) {
            this.maxIterations = maxIterations;
            return this;
        }

        /** Seed of the visiting orders and tie breaks (default 42). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** A part may hold at most {@code (1 + slack) * numNodes / parts} nodes (default 0.05). */
        public Builder balanceSlack(double balanceSlack) {
            this.balanceSlack = balanceSlack;
            return this;
        }

        /** @throws IllegalArgumentException naming the first invalid parameter */
        public LabelPropagationPartitioner build() {
            check(parts >= 1, "parts must be >= 1, got " + parts);
            check(maxIterations >= 1, "maxIterations must be >= 1, got " + maxIterations);
            check(balanceSlack >= 0 && Double.isFinite(balanceSlack),
                    "balanceSlack must be finite and >= 0, got " + balanceSlack);
            return new LabelPropagationPartitioner(this);
        }

        private static void check(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
