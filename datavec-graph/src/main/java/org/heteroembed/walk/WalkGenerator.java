package org.heteroembed.walk;

import org.heteroembed.graph.HeteroGraph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Generates the walks of a {@link WalkConfig} on a graph: in parallel, streamed in bounded memory, and
 * deterministic.
 *
 * <p><b>What is walked.</b> A walk <em>source</em> is a (walker, start type) pair: each metapath with its first
 * type, or each start type for uniform and node2vec walks. One round visits every node of every source's start
 * type once; there are {@code walksPerNode} rounds. Within a round, a source's start nodes come in a
 * pseudo-random order, new each round ({@link IndexPermutation}). Walk {@code w} (its global index in this
 * enumeration) draws its randomness from {@code SplitMix64(seedFor(seed, w))}.
 *
 * <p><b>Determinism.</b> Walks are cut into chunks of {@code chunkSize}, computed by {@code threads} workers
 * and delivered in index order ({@link OrderedPipeline}): the stream depends on the seed, never on the
 * number of threads or the chunk size.
 */
public final class WalkGenerator {
    /** Turns a chunk of walks into something else on the worker thread that generated it (e.g. skip-gram pairs). */
    @FunctionalInterface
    public interface ChunkFunction<T> {
        T apply(WalkChunk chunk) throws Exception;
    }

    private final HeteroGraph graph;
    private final WalkConfig config;
    private final Walker[] walkers;     // per source
    private final int[] sourceFirst;    // per source: global index of the first start node
    private final int[] sourceCount;    // per source: number of start nodes
    private final int[][] sourceStarts; // per source: the start nodes when restricted (global), else null
    private final long[] sourceOffset;  // per source: first index within a round; [sources] = walks per round
    private final String[] sourceNames;
    private final long numWalks;
    private final WalkStats stats;

    /**
     * @throws IllegalArgumentException if the config does not fit the graph (unknown types, metapath steps
     *                                  without a relation, no start nodes)
     */
    public WalkGenerator(HeteroGraph graph, WalkConfig config) {
        this(graph, config, null);
    }

    /**
     * Walks that start only at the nodes {@code starts} accepts (a warm start's new nodes and their neighbourhood),
     * each of them {@code walksPerNode} times; null: every node of the start types.
     *
     * @throws IllegalArgumentException as above, or when no start node is accepted
     */
    public WalkGenerator(HeteroGraph graph, WalkConfig config, java.util.function.IntPredicate starts) {
        this.graph = graph;
        this.config = config;
        List<Walker> ws = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        List<String> names = new ArrayList<>();
        switch (config.kind()) {
            case METAPATH -> {
                for (String spec : config.metapaths()) {
                    Metapath m = Metapath.parse(spec, graph.schema());
                    ws.add(new MetapathWalker(graph, m, config.walkLength()));
                    types.add(m.startType());
                    names.add(spec);
                }
            }
            case UNIFORM, NODE2VEC -> {
                Walker w = config.kind() == WalkKind.UNIFORM ? new UniformWalker(graph)
                        : new Node2VecWalker(graph, config.p(), config.q());
                List<String> startTypes = config.startTypes().isEmpty() ? graph.schema().nodeTypes() : config.startTypes();
                for (String name : startTypes) {
                    int t = graph.schema().nodeType(name);
                    if (t < 0) {
                        throw new IllegalArgumentException("start type '" + name + "' is not a node type of the graph ("
                                + String.join(", ", graph.schema().nodeTypes()) + ")");
                    }
                    ws.add(w);
                    types.add(t);
                    names.add(name);
                }
            }
        }
        int s = ws.size();
        walkers = ws.toArray(new Walker[0]);
        sourceFirst = new int[s];
        sourceCount = new int[s];
        sourceOffset = new long[s + 1];
        sourceNames = names.toArray(new String[0]);
        sourceStarts = new int[s][];
        for (int i = 0; i < s; i++) {
            int t = types.get(i);
            sourceFirst[i] = graph.typeOffset(t);
            sourceCount[i] = graph.numNodes(t);
            if (starts != null) {
                sourceStarts[i] = java.util.stream.IntStream.range(sourceFirst[i], sourceFirst[i] + sourceCount[i])
                        .filter(starts).toArray();
                sourceCount[i] = sourceStarts[i].length;
            }
            sourceOffset[i + 1] = sourceOffset[i] + sourceCount[i];
        }
        if (sourceOffset[s] == 0) {
            throw new IllegalArgumentException(starts == null ? "no start nodes: the start types " + names + " have no nodes"
                    : "no start nodes: none of the start types' nodes " + names + " is among the nodes walks may start from");
        }
        numWalks = sourceOffset[s] * config.walksPerNode();
        stats = new WalkStats(s);
    }

    public HeteroGraph graph() {
        return graph;
    }

    public WalkConfig config() {
        return config;
    }

    /** Number of walks one full run delivers. */
    public long numWalks() {
        return numWalks;
    }

    public long numChunks() {
        return (numWalks + config.chunkSize() - 1) / config.chunkSize();
    }

    /** Names of the walk sources (metapaths, or start types), indexed as in {@link WalkStats#endedEarly(int)}. */
    public List<String> sources() {
        return List.of(sourceNames);
    }

    /** Counters over every run started so far. */
    public WalkStats stats() {
        return stats;
    }

    /** Starts generating; the caller takes chunks with {@link OrderedPipeline#next()} and must close it. */
    public OrderedPipeline<WalkChunk> start() {
        return startShared(chunk -> chunk);
    }

    /**
     * Starts generating and applies {@code f} to each chunk on the worker thread that made it; results arrive
     * in walk order.
     *
     * @param perWorker creates worker {@code i}'s function (workers may keep state, e.g. a random generator)
     */
    public <T> OrderedPipeline<T> startPerWorker(IntFunction<ChunkFunction<T>> perWorker) {
        return startPerWorker(0, perWorker);
    }

    /** Like {@link #startPerWorker(IntFunction)}, skipping the first {@code firstChunk} chunks (to resume). */
    public <T> OrderedPipeline<T> startPerWorker(long firstChunk, IntFunction<ChunkFunction<T>> perWorker) {
        return new OrderedPipeline<>(firstChunk, numChunks(), config.threads(), config.maxChunksInFlight(), w -> {
            ChunkFunction<T> f = perWorker.apply(w);
            ChunkMaker maker = new ChunkMaker();
            return index -> f.apply(maker.make(index));
        }, "walker");
    }

    /**
     * Makes chunk {@code index} ({@code 0 <= index < numChunks()}) on the calling thread: the same walks the
     * pipelines deliver for it. For callers that split the chunks themselves (e.g. one Spark task per range).
     */
    public WalkChunk chunk(long index) {
        if (index < 0 || index >= numChunks()) {
            throw new IndexOutOfBoundsException("chunk " + index + " of " + numChunks());
        }
        return new ChunkMaker().make(index);
    }

    /** Like {@link #startPerWorker}, with one thread-safe function shared by all workers. */
    public <T> OrderedPipeline<T> startShared(ChunkFunction<T> f) {
        return startPerWorker(w -> f);
    }

    /**
     * The walks of one chunk, on one worker; keeps that worker's generators and buffers.
     *
     * <p>A step costs two dependent cache misses on a large graph (the node's offsets, then the neighbour
     * entry), so one walk at a time leaves the core waiting on memory. The maker advances {@link #LANES}
     * walks in turn, one step each, so the misses of different walks overlap. Each walk keeps its own
     * generator, so its nodes are exactly what it would be walked alone.
     */
    private final class ChunkMaker {
        private static final int LANES = 8;
        private final SplitMix64[] rngs = new SplitMix64[LANES];
        private final int[] laneWalk = new int[LANES];
        private final int[] laneSource = new int[LANES];
        private final int[] lanePrev = new int[LANES];
        private final int[] laneCur = new int[LANES];
        private final int[] laneLength = new int[LANES];
        private long permutationKey = -1;
        private IndexPermutation permutation;

        ChunkMaker() {
            for (int l = 0; l < LANES; l++) {
                rngs[l] = new SplitMix64(0);
            }
        }

        WalkChunk make(long chunkIndex) {
            int length = config.walkLength();
            long first = chunkIndex * config.chunkSize();
            int count = (int) Math.min(config.chunkSize(), numWalks - first);
            int[] lengths = new int[count];
            int[] nodes = new int[count * length]; // walk i at i * length, compacted below
            int nextWalk = 0, active = 0;
            java.util.Arrays.fill(laneWalk, -1); // lanes left idle by a small chunk must not run stale walks
            for (int l = 0; l < LANES && nextWalk < count; l++) {
                begin(l, nextWalk++, first, nodes);
                active++;
            }
            while (active > 0) {
                for (int l = 0; l < LANES; l++) {
                    int w = laneWalk[l];
                    if (w < 0) {
                        continue;
                    }
                    int len = laneLength[l];
                    int next = len < length ? walkers[laneSource[l]].next(lanePrev[l], laneCur[l], len, rngs[l]) : -1;
                    if (next >= 0) {
                        nodes[w * length + len] = next;
                        lanePrev[l] = laneCur[l];
                        laneCur[l] = next;
                        laneLength[l] = len + 1;
                        continue;
                    }
                    lengths[w] = len;
                    if (len < length) {
                        stats.countEarlyEnd(laneSource[l]);
                    }
                    if (nextWalk < count) {
                        begin(l, nextWalk++, first, nodes);
                    } else {
                        laneWalk[l] = -1;
                        active--;
                    }
                }
            }
            int[] offsets = new int[count + 1];
            int pos = 0;
            long steps = 0;
            for (int i = 0; i < count; i++) {
                if (pos != i * length) {
                    System.arraycopy(nodes, i * length, nodes, pos, lengths[i]);
                }
                pos += lengths[i];
                offsets[i + 1] = pos;
                steps += lengths[i] - 1;
            }
            stats.add(count, steps);
            return new WalkChunk(first, count, offsets, pos == nodes.length ? nodes : Arrays.copyOf(nodes, pos));
        }

        /** Starts walk {@code i} of the chunk in lane {@code l}. */
        private void begin(int l, int i, long first, int[] nodes) {
            long w = first + i;
            long walksPerRound = sourceOffset[walkers.length];
            long round = w / walksPerRound;
            long inRound = w % walksPerRound;
            int source = sourceOf(inRound);
            long k = inRound - sourceOffset[source];
            int pick = (int) permutation(round, source).apply(k);
            int start = sourceStarts[source] != null ? sourceStarts[source][pick] : sourceFirst[source] + pick;
            rngs[l].reseed(SplitMix64.seedFor(config.seed(), 1, w));
            laneWalk[l] = i;
            laneSource[l] = source;
            lanePrev[l] = -1;
            laneCur[l] = start;
            laneLength[l] = 1;
            nodes[i * config.walkLength()] = start;
        }

        private int sourceOf(long inRound) {
            int s = 0;
            while (inRound >= sourceOffset[s + 1]) {
                s++;
            }
            return s;
        }

        private IndexPermutation permutation(long round, int source) {
            long key = round * walkers.length + source;
            if (key != permutationKey) {
                permutation = new IndexPermutation(sourceCount[source], SplitMix64.seedFor(config.seed(), 2, key));
                permutationKey = key;
            }
            return permutation;
        }
    }
}
