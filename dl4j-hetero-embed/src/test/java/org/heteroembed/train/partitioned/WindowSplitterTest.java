package org.heteroembed.train.partitioned;

import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
import org.heteroembed.graph.partition.NodePartition;
import org.heteroembed.graph.partition.PartitionLayout;
import org.heteroembed.sampling.SkipGramConfig;
import org.heteroembed.sampling.SkipGramPairGenerator;
import org.heteroembed.sampling.SkipGramWindows;
import org.heteroembed.train.fast.WindowTrainer;
import org.heteroembed.walk.SplitMix64;
import org.heteroembed.walk.WalkChunk;
import org.heteroembed.walk.WalkConfig;
import org.heteroembed.walk.WalkGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Bucket assignment: every pair of the in-memory engine's windows lands once, in the right bucket, in local rows. */
class WindowSplitterTest {
    private static final HeteroGraph GRAPH = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(4000, 9)).graph();

    @ParameterizedTest(name = "{0} partitions")
    @ValueSource(ints = {1, 3, 8})
    void everyWindowPairLandsOnceInItsBucketWithItsLocalRows(int parts, @TempDir Path dir) throws Exception {
        PartitionLayout layout = PartitionLayout.of(NodePartition.hash(GRAPH.numNodes(), parts, 5), GRAPH.typeOffsets());
        SkipGramConfig sg = SkipGramConfig.builder().window(3).negatives(2).seed(7).build();
        WalkGenerator walks = new WalkGenerator(GRAPH, WalkConfig.builder().walksPerNode(2).walkLength(12).seed(7).threads(1).build());
        SkipGramPairGenerator pairs = SkipGramPairGenerator.forWalks(walks, sg);
        long salt = WindowTrainer.epochSalt(sg.seed(), 0);
        WalkChunk chunk = walks.chunk(0);

        // The in-memory engine's windows of the chunk, as (center, context) pairs keyed by bucket, in order.
        Map<Integer, List<long[]>> expected = new HashMap<>();
        SkipGramWindows windows = pairs.windows();
        SplitMix64 rng = new SplitMix64(WindowTrainer.windowSeed(salt, chunk.firstWalk()));
        int[] windowCount = {0};
        for (int w = 0; w < chunk.size(); w++) {
            windows.forEachWindow(chunk, w, rng, (center, ctx, c) -> {
                windowCount[0]++;
                for (int x = 0; x < c; x++) {
                    int bucket = layout.partOf(ctx[x]) * parts + layout.partOf(center);
                    expected.computeIfAbsent(bucket, k -> new ArrayList<>()).add(new long[]{center, ctx[x]});
                }
            });
        }

        WindowSplitter.Split split = new WindowSplitter(layout, pairs.windows(), salt).split(chunk);
        Segment[] segments = split.segments();
        assertEquals(windowCount[0], split.windows(), "the windows before cutting are counted");
        int tokens = 0;
        for (int b = 0; b < parts * parts; b++) {
            Segment s = segments[b];
            List<long[]> want = expected.getOrDefault(b, List.of());
            if (s == null) {
                assertEquals(0, want.size(), "bucket " + b + " has pairs but no segment");
                continue;
            }
            tokens += s.tokens();
            int i = b / parts, j = b % parts;
            List<long[]> got = new ArrayList<>();
            int[] data = s.payload();
            int k = 0;
            for (int r = 0; r < s.records(); r++) {
                int center = layout.node(j, data[k]), c = data[k + 1];
                for (int x = 0; x < c; x++) {
                    int context = layout.node(i, data[k + 2 + x]);
                    assertEquals(i, layout.partOf(context), "a context of bucket " + b + " outside its input partition");
                    got.add(new long[]{center, context});
                }
                k += 2 + c;
            }
            assertEquals(k, s.length());
            assertEquals(want.size(), s.pairs(), "pairs of bucket " + b);
            assertEquals(want.size(), got.size());
            for (int p = 0; p < want.size(); p++) { // same pairs in the same (walk) order
                assertEquals(want.get(p)[0], got.get(p)[0], "bucket " + b + " pair " + p + " center");
                assertEquals(want.get(p)[1], got.get(p)[1], "bucket " + b + " pair " + p + " context");
            }
        }
        assertEquals(chunk.totalNodes(), tokens, "the segments account for every walk position once");
        if (parts == 1) {
            assertEquals(windowCount[0], segments[0].records(), "one partition: the windows as they are");
        }
    }

    @ParameterizedTest(name = "narrow rows: {0}")
    @ValueSource(booleans = {true, false})
    void spilledSegmentsReadBackAsWritten(boolean narrow, @TempDir Path dir) throws Exception {
        int[] a = {5, 2, 7, 16_000_000, 9, 0};
        int[] b = {1, 3, 4, 5, 6};
        try (BucketSpill spill = new BucketSpill(dir, 2, 64, narrow)) {
            spill.append(3, new Segment(11, 4, 2, 2, a, a.length));
            spill.append(3, new Segment(12, 1, 3, 1, b, b.length));
            spill.append(0, new Segment(12, 2, 0, 0, new int[0], 0));
            spill.finish();
            assertEquals(2, spill.segments(3));
            try (BucketSpill.Reader r = spill.reader(3)) {
                Segment s1 = r.next(), s2 = r.next();
                assertEquals(11, s1.firstWalk());
                assertEquals(4, s1.tokens());
                assertEquals(List.of(5, 2, 7, 16_000_000, 9, 0), toList(s1.payload(), s1.length()));
                assertEquals(List.of(1, 3, 4, 5, 6), toList(s2.payload(), s2.length()));
                assertNull(r.next());
            }
            try (BucketSpill.Reader r = spill.reader(0)) {
                assertEquals(2, r.next().tokens(), "a segment of tokens only");
            }
            try (BucketSpill.Reader r = spill.reader(1)) {
                assertNull(r.next(), "an empty bucket");
            }
        }
    }

    private static List<Integer> toList(int[] a, int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(a[i]);
        }
        return out;
    }
}
