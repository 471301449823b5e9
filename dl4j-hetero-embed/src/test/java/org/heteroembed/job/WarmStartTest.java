package org.heteroembed.job;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.config.SettingException;
import org.heteroembed.eval.CentroidPlacement;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.NodeHoldout;
import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
import org.heteroembed.inference.HeteroEmbeddings;
import org.heteroembed.nn.layers.HeteroEmbeddingLayerImpl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Warm start ({@code --init-from}): a graph grown by 10% new users and articles, trained from the model of the graph
 * before. Old nodes start from (or, frozen, keep) the old vectors bit for bit, from a model file or a partitioned
 * directory; new nodes are learned; a model of another shape is refused naming the difference.
 */
class WarmStartTest {
    static final HeteroGraph GROWN = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(12_000, 5)).graph();
    static final HeteroGraph BEFORE = NodeHoldout.split(GROWN, Map.of("user", 0.1, "article", 0.1), 9).kept();
    static final EmbeddingJob JOB = EmbeddingJob.parse("""
            walks: {metapaths: [user-article-topic-article-user], walksPerNode: 4, walkLength: 20}
            skipGram: {window: 3, negatives: 5}
            model: {dimension: 32}
            training: {threads: 2, seed: 3, checkpointMinutes: 0, epochs: 2}
            """, true, "warm");
    @TempDir
    static Path dir;
    static Path oldFile, oldDirectory;

    @BeforeAll
    static void trainTheOldModels() throws Exception {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        oldFile = dir.resolve("old.zip");
        JobRunner.builder(JOB).graph(BEFORE).output(oldFile).build().run();
        oldDirectory = dir.resolve("old-dir");
        JobRunner.builder(JOB.toBuilder().tables(TablesConfig.builder().partitions(2).build()).build()).graph(BEFORE)
                .output(oldDirectory).build().run();
    }

    private static EmbeddingJob warm(Path from, boolean freeze) {
        return JOB.toBuilder().training(JOB.training().toBuilder().initFrom(from.toString()).freezeExisting(freeze)
                .build()).build();
    }

    @Test
    void oldNodesStartFromTheModelFileOrDirectoryAndNewNodesFromFreshRows() throws Exception {
        for (Path from : new Path[]{oldFile, oldDirectory}) {
            EmbeddingJob job = warm(from, false).resolved(false);
            ComputationGraph net = new ComputationGraph(JobRunner.network(job, GROWN));
            net.init();
            INDArray fresh = HeteroEmbeddingLayerImpl.find(net, false).sharedSizeTables("test")[0].dup();
            WarmStart.Result r = WarmStart.apply(job, GROWN, net, true);
            assertEquals(BEFORE.numNodes(), r.kept(), from.toString());
            assertEquals(GROWN.numNodes() - BEFORE.numNodes(), r.fresh());
            assertEquals(null, r.rowRates(), "full rate: no per-row rates");
            INDArray in = HeteroEmbeddingLayerImpl.find(net, false).sharedSizeTables("test")[0];
            HeteroEmbeddings old = HeteroEmbeddings.load(from);
            for (int v = 0; v < GROWN.numNodes(); v += 7) {
                int t = GROWN.nodeType(v);
                String type = GROWN.schema().nodeTypes().get(t), id = GROWN.ids(t).get(GROWN.localId(v));
                float[] row = in.getRow(v).toFloatVector();
                if (BEFORE.node(t, id) >= 0) {
                    assertArrayEquals(old.vector(type, id), row, 0f, type + " " + id + " from " + from);
                } else {
                    assertArrayEquals(fresh.getRow(v).toFloatVector(), row, 0f, "a new node keeps its fresh row");
                }
            }
        }
    }

    @Test
    void frozenOldNodesKeepTheirVectorsWhileNewUsersAreLearned() throws Exception {
        Path out = dir.resolve("frozen.zip");
        TrainedModel m = JobRunner.builder(warm(oldFile, true)).graph(GROWN).output(out).build().run();
        assertTrue(m.completed());
        HeteroEmbeddings old = HeteroEmbeddings.load(oldFile), now = HeteroEmbeddings.load(out);
        int user = GROWN.schema().nodeType("user");
        int newUsers = 0, moved = 0;
        for (int i = 0; i < GROWN.numNodes(user); i++) {
            String id = GROWN.ids(user).get(i);
            if (BEFORE.node(user, id) >= 0) {
                assertArrayEquals(old.vector("user", id), now.vector("user", id), 0f, "old user " + id);
            } else {
                newUsers++;
            }
        }
        assertTrue(newUsers > 100, "new users: " + newUsers);
        // The new users were learned in the old space: the community centroids of the (frozen) old users classify them.
        double accuracy = newUserAccuracy(now);
        System.out.printf("warm start, old nodes frozen: %d new users, %.3f placed in their planted community by the "
                + "old users' centroids (chance %.3f)%n", newUsers, accuracy, 1.0 / GROWN.labels(user).numClasses());
        assertTrue(accuracy > 0.6, "accuracy " + accuracy);
    }

    @Test
    void walksFromTheChangedNodesCostAFractionOfTheFullWalksAndStillPlaceTheNewUsers() throws Exception {
        EmbeddingJob job = warm(oldFile, true);
        job = job.toBuilder().training(job.training().toBuilder().walksFrom(TrainingConfig.WalksFrom.CHANGED).build()).build();
        TrainedModel all = JobRunner.builder(warm(oldFile, true)).graph(GROWN).output(dir.resolve("all.zip")).build().run();
        TrainedModel changed = JobRunner.builder(job).graph(GROWN).output(dir.resolve("changed.zip")).build().run();
        double share = (double) changed.progress().tokens() / all.progress().tokens();
        double accuracy = newUserAccuracy(HeteroEmbeddings.load(dir.resolve("changed.zip")));
        System.out.printf("warm start, walks from the changed nodes: %.1f%% of the tokens of all walks; %.3f of new users "
                + "placed%n", 100 * share, accuracy);
        assertTrue(share < 0.5, "tokens " + share);
        assertTrue(accuracy > 0.6, "accuracy " + accuracy);
    }

    /** The share of new users whose nearest old-user community centroid (cosine) is their planted community. */
    static double newUserAccuracy(HeteroEmbeddings e) {
        int user = GROWN.schema().nodeType("user");
        java.util.List<float[]> reference = new java.util.ArrayList<>(), queries = new java.util.ArrayList<>();
        java.util.List<Integer> referenceLabels = new java.util.ArrayList<>(), queryLabels = new java.util.ArrayList<>();
        for (int i = 0; i < GROWN.numNodes(user); i++) {
            String id = GROWN.ids(user).get(i);
            boolean old = BEFORE.node(user, id) >= 0;
            (old ? reference : queries).add(e.vector("user", id));
            (old ? referenceLabels : queryLabels).add(GROWN.labels(user).label(i));
        }
        return CentroidPlacement.placed(GROWN.labels(user).numClasses(), reference,
                referenceLabels.stream().mapToInt(Integer::intValue).toArray(), queries,
                queryLabels.stream().mapToInt(Integer::intValue).toArray());
    }

    @Test
    void aStoppedFrozenWarmStartResumesWithItsOldNodesStillFrozen() throws Exception {
        Path out = dir.resolve("resumed.zip");
        JobRunner[] runner = new JobRunner[1];
        runner[0] = JobRunner.builder(warm(oldFile, true)).graph(GROWN).output(out).listener(new RunListener() {
            @Override
            public void progress(org.heteroembed.train.fast.TrainingProgress p, double loss) {
                runner[0].requestStop();
            }
        }).build();
        TrainedModel stopped = runner[0].run();
        assertFalse(stopped.completed(), "stopped at the first progress report");
        TrainedModel resumed = JobRunner.builder(warm(oldFile, true)).graph(GROWN).output(out).resume(true).build().run();
        assertTrue(resumed.completed());
        HeteroEmbeddings old = HeteroEmbeddings.load(oldFile), now = HeteroEmbeddings.load(out);
        int article = GROWN.schema().nodeType("article");
        for (int i = 0; i < GROWN.numNodes(article); i += 5) {
            String id = GROWN.ids(article).get(i);
            if (BEFORE.node(article, id) >= 0) {
                assertArrayEquals(old.vector("article", id), now.vector("article", id), 0f, "old article " + id);
            }
        }
    }

    @Test
    void aPartitionedWarmStartFromEitherKindOfModelKeepsFrozenRowsAndPlacesTheNewUsers() throws Exception {
        for (Path from : new Path[]{oldFile, oldDirectory}) {
            EmbeddingJob job = warm(from, true);
            job = job.toBuilder().tables(TablesConfig.builder().partitions(3).build()).build();
            Path out = dir.resolve("partitioned-from-" + from.getFileName());
            TrainedModel m = JobRunner.builder(job).graph(GROWN).output(out).build().run();
            assertTrue(m.completed() && m.partitioned());
            HeteroEmbeddings old = HeteroEmbeddings.load(from), now = HeteroEmbeddings.load(out);
            for (String type : new String[]{"user", "article", "topic"}) {
                int t = GROWN.schema().nodeType(type);
                for (int i = 0; i < GROWN.numNodes(t); i += 3) {
                    String id = GROWN.ids(t).get(i);
                    if (BEFORE.node(t, id) >= 0) {
                        assertArrayEquals(old.vector(type, id), now.vector(type, id), 0f, type + " " + id + " from " + from);
                    }
                }
            }
            double accuracy = newUserAccuracy(now);
            System.out.printf("partitioned warm start from %s, old frozen: %.3f of new users placed%n", from.getFileName(),
                    accuracy);
            assertTrue(accuracy > 0.6, "accuracy " + accuracy);
            try (var files = java.nio.file.Files.list(dir)) {
                assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".spill")), "the spill is gone");
            }
        }
    }

    @Test
    void aModelOfAnotherShapeOrNothingNewIsRefusedNamingTheSetting() {
        EmbeddingJob wider = warm(oldFile, false).toBuilder().model(ModelConfig.builder().dimension(16).build()).build();
        SettingException e = assertThrows(SettingException.class,
                () -> JobRunner.builder(wider).graph(GROWN).output(dir.resolve("wider.zip")).build().run());
        assertTrue(e.getMessage().contains("initFrom") && e.getMessage().contains("dimension 32, the job 16"), e.getMessage());
        SettingException nothing = assertThrows(SettingException.class,
                () -> JobRunner.builder(warm(oldFile, true)).graph(BEFORE).output(dir.resolve("same.zip")).build().run());
        assertTrue(nothing.getMessage().contains("freezeExisting") && nothing.getMessage().contains("nothing to train"),
                nothing.getMessage());
        SettingException alone = assertThrows(SettingException.class,
                () -> TrainingConfig.builder().freezeExisting(true).build());
        assertTrue(alone.getMessage().contains("init"), alone.getMessage());
        SettingException sparse = assertThrows(SettingException.class, () -> TrainingConfig.builder()
                .initFrom("m.zip").existingRate(0.1).engine(TrainingConfig.Engine.SPARSE).build());
        assertTrue(sparse.getMessage().contains("fast engine"), sparse.getMessage());
        SettingException missing = assertThrows(SettingException.class, () -> JobRunner.builder(warm(dir.resolve("nope.zip"),
                false)).graph(GROWN).output(dir.resolve("x.zip")).build().run());
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        assertFalse(java.nio.file.Files.exists(dir.resolve("wider.zip")));
    }
}
