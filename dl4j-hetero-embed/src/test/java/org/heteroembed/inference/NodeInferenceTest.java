package org.heteroembed.inference;

import org.heteroembed.eval.CentroidPlacement;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.NodeHoldout;
import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
import org.heteroembed.job.EmbeddingJob;
import org.heteroembed.job.JobRunner;
import org.heteroembed.job.TablesConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cold-start users: 10% of a planted graph's users held out with all their edges, a model trained on the rest, and the
 * held-out users' vectors inferred from their articles. Fold-in and the mean of neighbours place them in their planted
 * community far above random vectors; the tables are not touched; unknown neighbours are reported, not fatal.
 */
class NodeInferenceTest {
    static final HeteroGraph FULL = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(12_000, 5)).graph();
    static NodeHoldout.Split split;
    @TempDir
    static Path dir;
    static Path model, directory;

    @BeforeAll
    static void train() throws Exception {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        split = NodeHoldout.split(FULL, Map.of("user", 0.1), 4);
        EmbeddingJob job = EmbeddingJob.parse("""
                walks: {metapaths: [user-article-topic-article-user], walksPerNode: 4, walkLength: 20}
                skipGram: {window: 3, negatives: 5}
                model: {dimension: 32}
                training: {threads: 2, seed: 3, checkpointMinutes: 0, epochs: 2}
                """, true, "cold");
        model = dir.resolve("model.zip");
        JobRunner.builder(job).graph(split.kept()).output(model).build().run();
        directory = dir.resolve("model-dir");
        JobRunner.builder(job.toBuilder().tables(TablesConfig.builder().partitions(2).build()).build())
                .graph(split.kept()).output(directory).build().run();
    }

    /** The held-out users' article neighbours in the full graph. */
    static List<HeteroEmbeddings.Node> neighbours(int userLocal) {
        return NodeInference.neighbours(FULL, FULL.globalId(FULL.schema().nodeType("user"), userLocal));
    }

    /** Share of held-out users whose nearest community centroid (of the model's users, cosine) is their own. */
    static double placed(HeteroEmbeddings model, java.util.function.IntFunction<float[]> vectorOfHeldOut) {
        int user = FULL.schema().nodeType("user");
        HeteroGraph kept = split.kept();
        List<float[]> reference = new ArrayList<>();
        int[] labels = new int[kept.numNodes(user)];
        for (int i = 0; i < kept.numNodes(user); i++) {
            reference.add(model.vector("user", kept.ids(user).get(i)));
            labels[i] = kept.labels(user).label(i);
        }
        int[] held = split.heldOut()[user];
        List<float[]> queries = new ArrayList<>();
        int[] truth = new int[held.length];
        for (int i = 0; i < held.length; i++) {
            queries.add(vectorOfHeldOut.apply(held[i]));
            truth[i] = FULL.labels(user).label(held[i]);
        }
        assertTrue(queries.stream().filter(java.util.Objects::nonNull).count() > 0.9 * held.length,
                "most held-out users have a neighbour in the model");
        return CentroidPlacement.placed(FULL.labels(user).numClasses(), reference, labels, queries, truth);
    }

    @Test
    void foldInAndMeanPlaceColdStartUsersFarAboveRandomVectors() throws Exception {
        HeteroEmbeddings e = HeteroEmbeddings.load(model);
        NodeInference inference = NodeInference.load(model);
        float[] before = e.vector("article", split.kept().ids(1).get(0));
        double foldIn = placed(e, u -> inference.infer("user", neighbours(u), NodeInference.Method.FOLD_IN).vector());
        double mean = placed(e, u -> inference.infer("user", neighbours(u), NodeInference.Method.MEAN).vector());
        Random r = new Random(3);
        double random = placed(e, u -> {
            float[] v = new float[e.dimension()];
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) r.nextGaussian();
            }
            return v;
        });
        System.out.printf("cold-start users (%d): placed in their community by fold-in %.3f, mean of neighbours %.3f, "
                + "random vectors %.3f%n", split.heldOut()[0].length, foldIn, mean, random);
        assertTrue(foldIn > 0.7, "fold-in " + foldIn);
        assertTrue(mean > 0.5, "mean " + mean);
        assertTrue(random < 0.3, "random " + random);
        assertArrayEquals(before, HeteroEmbeddings.load(model).vector("article", split.kept().ids(1).get(0)), 0f);
        // The same from the partitioned directory of the same job (its own training: same quality, not same rows).
        double fromDirectory = placed(HeteroEmbeddings.load(directory), u -> {
            try {
                return NodeInference.load(directory).infer("user", neighbours(u), NodeInference.Method.FOLD_IN).vector();
            } catch (java.io.IOException x) {
                throw new java.io.UncheckedIOException(x);
            }
        });
        assertTrue(fromDirectory > 0.7, "from the directory " + fromDirectory);
    }

    @Test
    void unknownNeighboursAreReportedAndANodeWithNoneGetsNoVector() throws Exception {
        NodeInference inference = NodeInference.load(model);
        String article = split.kept().ids(1).get(3);
        HeteroEmbeddings e = HeteroEmbeddings.load(model);
        assertArrayEquals(e.vector("article", e.id("article", 5)), e.vector("article", 5), 0f, "a row by its local index");
        assertThrows(IndexOutOfBoundsException.class, () -> e.vector("article", e.numNodes("article")));
        NodeInference.Inferred some = inference.infer("user", List.of(new HeteroEmbeddings.Node("article", article),
                new HeteroEmbeddings.Node("article", "no-such-article")), NodeInference.Method.FOLD_IN);
        assertEquals(1, some.knownNeighbours());
        assertEquals(List.of(new HeteroEmbeddings.Node("article", "no-such-article")), some.unknownNeighbours());
        assertEquals(32, some.vector().length);
        NodeInference.Inferred none = inference.infer("user", List.of(new HeteroEmbeddings.Node("venue", "v1")),
                NodeInference.Method.MEAN);
        assertNull(none.vector());
        assertEquals(1, none.unknownNeighbours().size());
        assertThrows(IllegalArgumentException.class, () -> inference.infer("venue", List.of(), NodeInference.Method.MEAN));
        // Deterministic: the same neighbours, the same vector.
        assertArrayEquals(some.vector(), inference.infer("user", List.of(new HeteroEmbeddings.Node("article", article),
                new HeteroEmbeddings.Node("article", "no-such-article")), NodeInference.Method.FOLD_IN).vector(), 0f);
    }
}
