package org.heteroembed.graph;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import it.unimi.dsi.fastutil.objects.ObjectArrayList;
import org.heteroembed.graph.store.BigFloatArray;
import org.heteroembed.graph.store.BigIntArray;
import org.heteroembed.graph.store.BigLongArray;
import org.heteroembed.graph.store.StringInterner;
import org.heteroembed.graph.store.StringTable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Accumulates typed nodes and edges, then {@link #build()}s the immutable CSR {@link HeteroGraph}.
 *
 * <p>Nodes are interned per type (external id to dense local index) as they are first seen; edges are
 * appended to a paged primitive buffer. Not thread-safe: one loader feeds it.
 *
 * <p>Policies: self-loops are dropped by default ({@link SelfLoopPolicy}); duplicate edges are kept by default
 * ({@link DuplicatePolicy}). Weights must be positive and finite.
 */
public final class HeteroGraphBuilder {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HeteroGraphBuilder.class);
    private final List<String> nodeTypes = new ArrayList<>();
    private final List<Relation> relations = new ArrayList<>();
    private final List<StringInterner> dictionaries = new ArrayList<>();
    private final List<ObjectArrayList<String>> nameLists = new ArrayList<>();
    private final List<IntArrayList> labelLists = new ArrayList<>();
    private final List<Object2IntOpenHashMap<String>> labelVocabularies = new ArrayList<>();
    private final EdgeBuffer edges = new EdgeBuffer();
    /** (srcType, dstType, directed) -> resolved default relation, see {@link #resolveDefaultRelation}. */
    private final Long2IntOpenHashMap defaultRelations = new Long2IntOpenHashMap();
    private boolean typesFixed;
    private DuplicatePolicy duplicatePolicy = DuplicatePolicy.KEEP;
    private SelfLoopPolicy selfLoopPolicy = SelfLoopPolicy.DROP;
    private long selfLoopsDropped;

    HeteroGraphBuilder() {
        defaultRelations.defaultReturnValue(-1);
    }

    public HeteroGraphBuilder duplicates(DuplicatePolicy policy) {
        this.duplicatePolicy = policy;
        if (policy == DuplicatePolicy.SUM) {
            edges.startWeights();
        }
        return this;
    }

    public HeteroGraphBuilder selfLoops(SelfLoopPolicy policy) {
        this.selfLoopPolicy = policy;
        return this;
    }

    /** Stores weights even if every edge has weight 1. */
    public HeteroGraphBuilder weighted() {
        edges.startWeights();
        return this;
    }

    /** Declares the node types; afterwards {@link #nodeType(String)} returns -1 for any other name. */
    public HeteroGraphBuilder fixNodeTypes(String... types) {
        for (String t : types) {
            nodeType(t);
        }
        typesFixed = true;
        return this;
    }

    // ---------------------------------------------------------------- types and relations

    /** Index of a node type, created on first use; -1 if types are fixed and the name is unknown. */
    public int nodeType(String name) {
        int t = nodeTypes.indexOf(name);
        if (t >= 0 || typesFixed) {
            return t;
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty node type name");
        }
        nodeTypes.add(name);
        dictionaries.add(new StringInterner());
        nameLists.add(null);
        labelLists.add(null);
        labelVocabularies.add(null);
        return nodeTypes.size() - 1;
    }

    public List<String> nodeTypes() {
        return List.copyOf(nodeTypes);
    }

    /**
     * Index of the relation called {@code name}, created on first use.
     *
     * @throws IllegalArgumentException if a relation of that name exists with other types or direction
     */
    public int relation(String name, int srcType, int dstType, boolean directed) {
        for (Relation r : relations) {
            if (r.name().equals(name)) {
                if (r.srcType() != srcType || r.dstType() != dstType || r.directed() != directed) {
                    throw new IllegalArgumentException("relation '" + name + "' was first seen as "
                            + describe(r.srcType(), r.dstType(), r.directed()) + ", now as "
                            + describe(srcType, dstType, directed));
                }
                return r.id();
            }
        }
        if (relations.size() >= Short.MAX_VALUE) {
            throw new IllegalArgumentException("too many relations (max " + Short.MAX_VALUE + ")");
        }
        relations.add(new Relation(relations.size(), name, srcType, dstType, directed));
        return relations.size() - 1;
    }

    private String describe(int s, int d, boolean directed) {
        return nodeTypes.get(s) + (directed ? " -> " : " - ") + nodeTypes.get(d);
    }

    public Relation relation(int id) {
        return relations.get(id);
    }

    // ---------------------------------------------------------------- nodes

    /** Local index of node {@code id} of {@code type}, interned on first use. */
    public int node(int type, String id) {
        return dictionaries.get(type).intern(id);
    }

    /** Local index of an existing node, or -1. */
    public int findNode(int type, String id) {
        return dictionaries.get(type).find(id);
    }

    public int numNodes(int type) {
        return dictionaries.get(type).size();
    }

    /** Sets the class label of an existing node (the last call wins). */
    public void setLabel(int type, int local, String label) {
        if (labelLists.get(type) == null) {
            labelLists.set(type, new IntArrayList());
            Object2IntOpenHashMap<String> vocab = new Object2IntOpenHashMap<>();
            vocab.defaultReturnValue(-1);
            labelVocabularies.set(type, vocab);
        }
        Object2IntOpenHashMap<String> vocab = labelVocabularies.get(type);
        int l = vocab.getInt(label);
        if (l < 0) {
            l = vocab.size();
            vocab.put(label, l);
        }
        IntArrayList list = labelLists.get(type);
        while (list.size() <= local) {
            list.add(-1);
        }
        list.set(local, l);
    }

    /** The class label of a node, or null when it has none. */
    public String label(int type, int local) {
        IntArrayList list = labelLists.get(type);
        if (list == null || local >= list.size() || list.getInt(local) < 0) {
            return null;
        }
        int l = list.getInt(local);
        for (var e : labelVocabularies.get(type).object2IntEntrySet()) {
            if (e.getIntValue() == l) {
                return e.getKey();
            }
        }
        throw new IllegalStateException("label " + l + " has no name");
    }

    /** Sets the display name of an existing node (the last call wins). */
    public void setName(int type, int local, String name) {
        if (nameLists.get(type) == null) {
            nameLists.set(type, new ObjectArrayList<>());
        }
        ObjectArrayList<String> list = nameLists.get(type);
        while (list.size() <= local) {
            list.add(null);
        }
        list.set(local, name);
    }

    // ---------------------------------------------------------------- edges

    /**
     * Adds an edge of {@code relation} between local nodes. Returns false if it was a self-loop and
     * dropped by the policy.
     */
    public boolean addEdge(int relation, int srcLocal, int dstLocal, float weight) {
        if (!(weight > 0) || Float.isInfinite(weight)) {
            throw new IllegalArgumentException("edge weight must be positive and finite, got " + weight);
        }
        Relation r = relations.get(relation);
        if (srcLocal < 0 || srcLocal >= numNodes(r.srcType()) || dstLocal < 0 || dstLocal >= numNodes(r.dstType())) {
            throw new IllegalArgumentException("unknown node in edge " + srcLocal + " - " + dstLocal);
        }
        if (r.srcType() == r.dstType() && srcLocal == dstLocal && selfLoopPolicy == SelfLoopPolicy.DROP) {
            selfLoopsDropped++;
            return false;
        }
        edges.add(relation, srcLocal, dstLocal, weight);
        return true;
    }

    /**
     * Adds an edge between typed nodes through the default relation of the two types
     * ({@link Relation#defaultName}). An undirected edge whose reversed relation already exists is added
     * to that one, so {@code user-article} and {@code article-user} lines land in one relation.
     */
    public boolean addEdge(int srcType, int srcLocal, int dstType, int dstLocal, float weight, boolean directed) {
        long key = ((long) srcType << 33) | ((long) dstType << 1) | (directed ? 1 : 0);
        int resolved = defaultRelations.get(key);
        if (resolved < 0) {
            resolved = resolveDefaultRelation(srcType, dstType, directed);
            defaultRelations.put(key, resolved);
        }
        int relation = resolved >>> 1;
        return (resolved & 1) == 0
                ? addEdge(relation, srcLocal, dstLocal, weight)
                : addEdge(relation, dstLocal, srcLocal, weight);
    }

    /** Relation id shifted left by one, low bit set when the edge must be swapped to fit it. */
    private int resolveDefaultRelation(int srcType, int dstType, boolean directed) {
        if (!directed && srcType != dstType) {
            String reversed = Relation.defaultName(nodeTypes.get(dstType), nodeTypes.get(srcType));
            for (Relation r : relations) {
                if (r.name().equals(reversed) && r.srcType() == dstType && r.dstType() == srcType && !r.directed()) {
                    return (r.id() << 1) | 1;
                }
            }
        }
        String name = Relation.defaultName(nodeTypes.get(srcType), nodeTypes.get(dstType));
        return relation(name, srcType, dstType, directed) << 1;
    }

    public long numEdgesAdded() {
        return edges.size();
    }

    public long selfLoopsDropped() {
        return selfLoopsDropped;
    }

    // ---------------------------------------------------------------- build

    /** Builds the CSR graph. The builder should not be used afterwards. */
    public HeteroGraph build() {
        int nt = nodeTypes.size();
        GraphSchema schema = new GraphSchema(nodeTypes, relations);
        int[] counts = new int[nt];
        int[] typeOffsets = new int[nt + 1];
        long[] slotBase = new long[nt + 1];
        for (int t = 0; t < nt; t++) {
            counts[t] = dictionaries.get(t).size();
            typeOffsets[t + 1] = Math.addExact(typeOffsets[t], counts[t]);
            slotBase[t + 1] = slotBase[t] + (long) counts[t] * schema.numChannels(t);
        }
        int nr = relations.size();
        int[] outChannel = new int[nr];
        int[] inChannel = new int[nr]; // -1 for directed relations
        for (Relation r : relations) {
            outChannel[r.id()] = schema.channel(r.srcType(), r.id());
            inChannel[r.id()] = r.directed() ? -1 : schema.channel(r.dstType(), r.id());
        }

        long numSlots = slotBase[nt];
        BigLongArray offsets = BigLongArray.allocate(numSlots + 1);
        long m = edges.size();
        long tStart = System.nanoTime();
        // Pass 1: count entries per slot into offsets[slot + 1].
        long entries = 0;
        for (long e = 0; e < m; e++) {
            Relation r = relations.get(edges.relation(e));
            int s = edges.src(e), d = edges.dst(e);
            long so = slotBase[r.srcType()] + (long) s * schema.numChannels(r.srcType()) + outChannel[r.id()] + 1;
            offsets.set(so, offsets.get(so) + 1);
            entries++;
            if (inChannel[r.id()] >= 0 && !(r.srcType() == r.dstType() && s == d)) {
                long si = slotBase[r.dstType()] + (long) d * schema.numChannels(r.dstType()) + inChannel[r.id()] + 1;
                offsets.set(si, offsets.get(si) + 1);
                entries++;
            }
        }
        // Exclusive prefix sum shifted by one: offsets[slot + 1] = start of slot. Filling then advances
        // offsets[slot + 1] to the end of slot, which is the start of slot + 1: no cursor array needed.
        long run = 0;
        for (long k = 1; k <= numSlots; k++) {
            long c = offsets.get(k);
            offsets.set(k, run);
            run += c;
        }
        BigIntArray neighbours = BigIntArray.allocate(entries);
        boolean weighted = edges.weighted();
        BigFloatArray weights = weighted ? BigFloatArray.allocate(entries) : null;
        for (long e = 0; e < m; e++) {
            Relation r = relations.get(edges.relation(e));
            int s = edges.src(e), d = edges.dst(e);
            float w = edges.weight(e);
            int gs = typeOffsets[r.srcType()] + s, gd = typeOffsets[r.dstType()] + d;
            long so = slotBase[r.srcType()] + (long) s * schema.numChannels(r.srcType()) + outChannel[r.id()] + 1;
            long pos = offsets.get(so);
            offsets.set(so, pos + 1);
            neighbours.set(pos, gd);
            if (weighted) {
                weights.set(pos, w);
            }
            if (inChannel[r.id()] >= 0 && !(r.srcType() == r.dstType() && s == d)) {
                long si = slotBase[r.dstType()] + (long) d * schema.numChannels(r.dstType()) + inChannel[r.id()] + 1;
                pos = offsets.get(si);
                offsets.set(si, pos + 1);
                neighbours.set(pos, gs);
                if (weighted) {
                    weights.set(pos, w);
                }
            }
        }
        long tFilled = System.nanoTime();
        long numEdges = m;
        if (duplicatePolicy != DuplicatePolicy.KEEP) {
            CsrDeduplicator dedup = new CsrDeduplicator(schema, typeOffsets, slotBase, offsets, neighbours, weights,
                    duplicatePolicy == DuplicatePolicy.SUM);
            numEdges -= dedup.run(); // leaves every slot sorted by neighbour
            neighbours = dedup.neighbours();
            weights = dedup.weights();
        } else {
            CsrSorter.sort(offsets, neighbours, weights);
        }
        long tSorted = System.nanoTime();
        BigFloatArray slotWeight = null, aliasProb = null;
        BigIntArray aliasIndex = null;
        if (weighted) {
            slotWeight = BigFloatArray.allocate(numSlots);
            aliasProb = BigFloatArray.allocate(neighbours.length());
            aliasIndex = BigIntArray.allocate(neighbours.length());
            buildAliasTables(schema, counts, slotBase, offsets, weights, slotWeight, aliasProb, aliasIndex);
        }

        long tAlias = System.nanoTime();
        StringTable[] ids = new StringTable[nt];
        StringTable[] names = new StringTable[nt];
        NodeLabels[] labels = new NodeLabels[nt];
        for (int t = 0; t < nt; t++) {
            ids[t] = dictionaries.get(t).freeze();
            if (nameLists.get(t) != null) {
                ObjectArrayList<String> list = nameLists.get(t);
                List<String> full = new ArrayList<>(counts[t]);
                for (int i = 0; i < counts[t]; i++) {
                    String name = i < list.size() ? list.get(i) : null;
                    full.add(name == null ? "" : name);
                }
                names[t] = StringTable.of(full, false);
            }
            if (labelLists.get(t) != null) {
                labels[t] = toLabels(labelLists.get(t), labelVocabularies.get(t), counts[t]);
            }
        }
        if (log.isDebugEnabled()) {
            log.debug("CSR build: count+fill {} ms, sort/merge {} ms, alias tables {} ms, dictionaries {} ms",
                    (tFilled - tStart) / 1_000_000, (tSorted - tFilled) / 1_000_000, (tAlias - tSorted) / 1_000_000,
                    (System.nanoTime() - tAlias) / 1_000_000);
        }
        return new HeteroGraph(schema, counts, numEdges, ids, names, labels, offsets, neighbours, weights,
                slotWeight, aliasProb, aliasIndex);
    }

    private static NodeLabels toLabels(IntArrayList list, Object2IntOpenHashMap<String> vocab, int count) {
        String[] byIndex = new String[vocab.size()];
        vocab.object2IntEntrySet().forEach(e -> byIndex[e.getIntValue()] = e.getKey());
        BigIntArray arr = BigIntArray.allocate(count);
        for (int i = 0; i < count; i++) {
            arr.set(i, i < list.size() ? list.getInt(i) : -1);
        }
        return new NodeLabels(StringTable.of(Arrays.asList(byIndex)), arr);
    }

    /** Per (node, neighbour type) range: the alias table; per slot: the channel's total weight. */
    private static void buildAliasTables(GraphSchema schema, int[] counts, long[] slotBase, BigLongArray offsets,
                                         BigFloatArray weights, BigFloatArray slotWeight,
                                         BigFloatArray aliasProb, BigIntArray aliasIndex) {
        for (int t = 0; t < counts.length; t++) {
            final int type = t;
            final int nch = schema.numChannels(t);
            if (nch == 0) {
                continue;
            }
            final int[] blockTypes = schema.neighbourTypes(t);
            IntStream.range(0, counts[t]).parallel().forEach(new java.util.function.IntConsumer() {
                final ThreadLocal<AliasScratch> scratch = ThreadLocal.withInitial(AliasScratch::new);

                @Override
                public void accept(int local) {
                    long base = slotBase[type] + (long) local * nch;
                    for (int c = 0; c < nch; c++) {
                        double sum = 0;
                        for (long i = offsets.get(base + c); i < offsets.get(base + c + 1); i++) {
                            sum += weights.get(i);
                        }
                        slotWeight.set(base + c, (float) sum);
                    }
                    for (int T : blockTypes) {
                        long start = offsets.get(base + schema.firstChannel(type, T));
                        int n = (int) (offsets.get(base + schema.endChannel(type, T)) - start);
                        AliasScratch s = scratch.get().ensure(n);
                        weights.get(start, s.w, n);
                        AliasMethod.build(s.w, n, s.prob, s.alias, s.small, s.large);
                        for (int k = 0; k < n; k++) {
                            aliasProb.set(start + k, s.prob[k]);
                            aliasIndex.set(start + k, s.alias[k]);
                        }
                    }
                }
            });
        }
    }

    private static final class AliasScratch {
        float[] w = new float[0], prob = new float[0];
        int[] alias = new int[0], small = new int[0], large = new int[0];

        AliasScratch ensure(int n) {
            if (w.length < n) {
                w = new float[n];
                prob = new float[n];
                alias = new int[n];
                small = new int[n];
                large = new int[n];
            }
            return this;
        }
    }
}
