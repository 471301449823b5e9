package org.heteroembed.datavec;

import org.datavec.api.writable.Writable;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
import org.heteroembed.sampling.PairChunk;
import org.heteroembed.sampling.SkipGramConfig;
import org.heteroembed.sampling.SkipGramPairGenerator;
import org.heteroembed.walk.OrderedPipeline;
import org.heteroembed.walk.WalkChunk;
import org.heteroembed.walk.WalkConfig;
import org.heteroembed.walk.WalkGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The DataVec readers and the MultiDataSet iterator deliver exactly the pairs of the stream, once per epoch. */
class SkipGramDataVecTest {
    static HeteroGraph graph;
    static WalkGenerator walks;
    static SkipGramPairGenerator pairs;
    static final int K = 3;
    /** The epoch's pairs as flat int rows: centerType, centerId, then (type, id) of context and negatives. */
    static List<int[]> expected;

    @BeforeAll
    static void setUp() throws InterruptedException {
        graph = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(4000, 11)).graph();
        walks = new WalkGenerator(graph, WalkConfig.builder().metapaths("user-article-user", "topic-article-topic")
                .walksPerNode(2).walkLength(8).threads(2).chunkSize(16).build());
        pairs = SkipGramPairGenerator.forWalks(walks, SkipGramConfig.builder().window(2).negatives(K).build());
        expected = new ArrayList<>();
        try (OrderedPipeline<PairChunk> p = pairs.start(walks)) {
            for (PairChunk c = p.next(); c != null; c = p.next()) {
                for (int i = 0; i < c.size(); i++) {
                    int[] row = new int[2 + 2 * (K + 1)];
                    put(row, 0, c.center(i));
                    put(row, 2, c.context(i));
                    for (int j = 0; j < K; j++) {
                        put(row, 4 + 2 * j, c.negative(i, j));
                    }
                    expected.add(row);
                }
            }
        }
        assertTrue(expected.size() > 10_000, "a non-trivial epoch: " + expected.size());
    }

    static void put(int[] row, int at, int global) {
        int t = graph.nodeType(global);
        row[at] = t;
        row[at + 1] = global - graph.typeOffset(t);
    }

    @Test
    void recordReaderDeliversEveryPairOnceWithLabels() {
        SkipGramRecordReader reader = new SkipGramRecordReader(walks, pairs);
        reader.initialize(null);
        assertEquals(2 + 3 * (K + 1), reader.schema().numColumns());
        assertEquals("target0_label", reader.schema().getName(reader.labelColumn()));
        assertEquals("target0_id", reader.schema().getName(reader.targetIdColumn()));
        for (int epoch = 0; epoch < 2; epoch++) {
            int n = 0;
            while (reader.hasNext()) {
                List<Writable> r = reader.next();
                int[] want = expected.get(n++);
                assertEquals(want[0], r.get(0).toInt());
                assertEquals(want[1], r.get(1).toInt());
                for (int j = 0; j <= K; j++) {
                    assertEquals(want[2 + 2 * j], r.get(reader.targetTypeColumn() + j).toInt());
                    assertEquals(want[3 + 2 * j], r.get(reader.targetIdColumn() + j).toInt());
                    assertEquals(j == 0 ? 1 : 0, r.get(reader.labelColumn() + j).toInt(), "label of target " + j);
                }
            }
            assertEquals(expected.size(), n, "epoch " + epoch + " has every pair exactly once");
            assertEquals(pairs.corpusTokens(), reader.tokensRead(), "an epoch reads the whole corpus");
            reader.reset();
        }
        assertEquals(5, reader.next(5).size());
        reader.reset();
        assertEquals(17, reader.skip(17), "a resume skips records");
        assertEquals(expected.get(17)[1], reader.next().get(1).toInt(), "and continues with the next one");
        reader.reset();
        assertEquals(expected.size(), reader.skip(Long.MAX_VALUE), "skipping past the end stops at it");
        assertFalse(reader.hasNext());
        reader.close();
    }

    @Test
    void iteratorBatchesEveryPairOnceAndResetReplays() {
        SkipGramMultiDataSetIterator it = SkipGramMultiDataSetIterator.builder(walks, pairs).batchSize(1000).prefetch(2).build();
        assertFalse(it.asyncSupported());
        for (int epoch = 0; epoch < 2; epoch++) {
            int n = 0, batches = 0;
            while (it.hasNext()) {
                MultiDataSet mds = it.next();
                batches++;
                INDArray ct = mds.getFeatures(SkipGramMultiDataSetIterator.CENTER_TYPE);
                INDArray ci = mds.getFeatures(SkipGramMultiDataSetIterator.CENTER_ID);
                INDArray tt = mds.getFeatures(SkipGramMultiDataSetIterator.TARGET_TYPE);
                INDArray ti = mds.getFeatures(SkipGramMultiDataSetIterator.TARGET_ID);
                INDArray labels = mds.getLabels(0);
                long b = ct.size(0);
                assertEquals(DataType.INT, ct.dataType());
                assertEquals(DataType.FLOAT, labels.dataType());
                assertArrayEquals(new long[]{b, K + 1}, tt.shape());
                assertArrayEquals(new long[]{b, K + 1}, labels.shape());
                int[] cts = ct.toIntVector(), cis = ci.toIntVector();
                int[][] tts = tt.toIntMatrix(), tis = ti.toIntMatrix();
                float[][] ls = labels.toFloatMatrix();
                for (int r = 0; r < b; r++) {
                    int[] want = expected.get(n++);
                    assertEquals(want[0], cts[r]);
                    assertEquals(want[1], cis[r]);
                    for (int j = 0; j <= K; j++) {
                        assertEquals(want[2 + 2 * j], tts[r][j]);
                        assertEquals(want[3 + 2 * j], tis[r][j]);
                        assertEquals(j == 0 ? 1f : 0f, ls[r][j]);
                    }
                }
            }
            assertEquals(expected.size(), n, "epoch " + epoch + ": every pair exactly once");
            assertEquals((expected.size() + 999) / 1000, batches);
            assertThrows(java.util.NoSuchElementException.class, it::next);
            it.reset();
        }
        it.close();
    }

    @Test
    void walkSequenceReaderYieldsTheWalks() throws InterruptedException {
        List<int[]> want = new ArrayList<>();
        try (OrderedPipeline<WalkChunk> p = walks.start()) {
            for (WalkChunk c = p.next(); c != null; c = p.next()) {
                for (int w = 0; w < c.size(); w++) {
                    int[] walk = new int[c.length(w)];
                    for (int s = 0; s < walk.length; s++) {
                        walk[s] = c.node(w, s);
                    }
                    want.add(walk);
                }
            }
        }
        WalkSequenceRecordReader reader = new WalkSequenceRecordReader(walks);
        reader.initialize(null);
        int n = 0;
        while (reader.hasNext()) {
            List<List<Writable>> seq = reader.sequenceRecord();
            int[] w = want.get(n++);
            assertEquals(w.length, seq.size());
            for (int s = 0; s < w.length; s++) {
                assertEquals(graph.nodeType(w[s]), seq.get(s).get(0).toInt());
                assertEquals(graph.localId(w[s]), seq.get(s).get(1).toInt());
            }
        }
        assertEquals(walks.numWalks(), n);
        reader.reset();
        assertTrue(reader.hasNext());
        assertEquals(want.get(0).length, reader.nextSequence().getSequenceRecord().size());
        assertThrows(UnsupportedOperationException.class, reader::next);
        reader.close();
    }

    @Test
    void badIteratorSettings() {
        assertThrows(IllegalArgumentException.class, () -> SkipGramMultiDataSetIterator.builder(walks, pairs).batchSize(0).build());
        assertThrows(IllegalArgumentException.class, () -> SkipGramMultiDataSetIterator.builder(walks, pairs).prefetch(0).build());
    }
}
