package org.heteroembed.inference;

import org.deeplearning4j.models.embeddings.loader.WordVectorSerializer;
import org.deeplearning4j.models.word2vec.Word2Vec;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.HeteroGraphBuilder;
import org.heteroembed.graph.io.NodeTokens;
import org.heteroembed.nn.HeteroEmbeddingModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JSON config, ModelSerializer (with continued training), the inference API and the export formats. */
class ModelRoundTripTest {
    @TempDir
    Path dir;

    static HeteroGraph graph;

    @BeforeAll
    static void setUp() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        HeteroGraphBuilder b = HeteroGraph.builder();
        int u = b.nodeType("user"), a = b.nodeType("article");
        int r = b.relation("reads", u, a, false);
        for (int i = 0; i < 40; i++) {
            b.addEdge(r, b.node(u, "user " + i), b.node(a, "a" + (i % 13)), 1f);
        }
        graph = b.build();
    }

    private static ComputationGraph trainedNet() {
        ComputationGraph net = new ComputationGraph(HeteroEmbeddingModels.skipGram(graph, 6, 2, new Adam(0.01), 3, DataType.FLOAT));
        net.init();
        net.params().assign(Nd4j.rand(DataType.FLOAT, net.params().shape()).subi(0.5));
        net.fit(batch(0));
        return net;
    }

    private static org.nd4j.linalg.dataset.MultiDataSet batch(int seed) {
        Nd4j.getRandom().setSeed(seed);
        int b = 8;
        INDArray ct = Nd4j.zeros(DataType.INT, b, 1), ci = Nd4j.rand(DataType.FLOAT, b, 1).muli(40).castTo(DataType.INT);
        INDArray tt = Nd4j.ones(DataType.INT, b, 3), ti = Nd4j.rand(DataType.FLOAT, b, 3).muli(13).castTo(DataType.INT);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, b, 3);
        labels.getColumn(0).assign(1);
        return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[]{ct, ci, tt, ti}, new INDArray[]{labels});
    }

    @Test
    void configSurvivesJsonAndYaml() {
        ComputationGraphConfiguration conf = HeteroEmbeddingModels.skipGram(graph, 6, 2, new Adam(0.01), 3, DataType.FLOAT);
        assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()));
        assertEquals(conf, ComputationGraphConfiguration.fromYaml(conf.toYaml()));
    }

    @Test
    void modelFileRestoresVectorsUpdaterAndContinuedTraining() throws IOException {
        ComputationGraph net = trainedNet();
        Path file = dir.resolve("model.zip");
        HeteroModelFile.save(net, graph, file);
        ComputationGraph restored = HeteroModelFile.network(file);
        assertEquals(net.params(), restored.params());
        assertEquals(net.getUpdater().getStateViewArray(), restored.getUpdater().getStateViewArray());
        net.fit(batch(1));
        restored.fit(batch(1));
        assertEquals(net.params(), restored.params(), "identical continued training");

        HeteroEmbeddings e = HeteroEmbeddings.load(file);
        assertEquals(List.of("user", "article"), e.types());
        assertEquals(6, e.dimension());
        assertEquals(40, e.numNodes("user"));
        assertThrows(IOException.class, () -> HeteroEmbeddings.load(dir.resolve("missing.zip")));
    }

    @Test
    void metadataIsPlainTextAndJsonAndOldSerialisedFilesStillLoad() throws Exception {
        ComputationGraph net = trainedNet();
        NodeIdTables ids = NodeIdTables.of(graph);
        org.heteroembed.train.fast.TrainingProgress progress = new org.heteroembed.train.fast.TrainingProgress(1, 2, 300, 4000);
        Path file = dir.resolve("model.zip");
        HeteroModelFile.save(net, ids, progress, "{\"job\":1}", null, file);
        java.util.List<String> entries = new java.util.ArrayList<>();
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            zip.stream().forEach(en -> entries.add(en.getName()));
            assertTrue(new String(zip.getInputStream(zip.getEntry("hetero-embed-ids-0.txt")).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8).startsWith(ids.id(0, 0) + "\n"));
            assertEquals("{\"epoch\":1,\"chunk\":2,\"tokens\":300,\"pairs\":4000}", new String(zip.getInputStream(
                    zip.getEntry(HeteroModelFile.PROGRESS_ENTRY)).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        assertTrue(entries.contains(HeteroModelFile.IDS_INDEX_ENTRY), entries.toString());
        assertFalse(entries.contains(HeteroModelFile.IDS_KEY) || entries.contains(HeteroModelFile.PROGRESS_KEY)
                || entries.contains(HeteroModelFile.RUN_SETTINGS_KEY), "no Java-serialised entries: " + entries);
        assertIdsEqual(ids, HeteroModelFile.ids(file));
        assertEquals(progress, HeteroModelFile.progress(file));
        assertEquals("{\"job\":1}", HeteroModelFile.runSettings(file));

        // a file of an earlier version: ids, progress and settings as serialised objects
        Path old = dir.resolve("old.zip");
        org.deeplearning4j.util.ModelSerializer.writeModel(net, old.toFile(), true);
        org.deeplearning4j.util.ModelSerializer.addObjectToFile(old.toFile(), HeteroModelFile.IDS_KEY, ids);
        org.deeplearning4j.util.ModelSerializer.addObjectToFile(old.toFile(), HeteroModelFile.PROGRESS_KEY, progress);
        org.deeplearning4j.util.ModelSerializer.addObjectToFile(old.toFile(), HeteroModelFile.RUN_SETTINGS_KEY, "{\"job\":1}");
        assertIdsEqual(ids, HeteroModelFile.ids(old));
        assertEquals(progress, HeteroModelFile.progress(old));
        assertEquals("{\"job\":1}", HeteroModelFile.runSettings(old));
        assertArrayEquals(HeteroEmbeddings.load(file).vector("user", "user 7"), HeteroEmbeddings.load(old).vector("user", "user 7"));
    }

    private static void assertIdsEqual(NodeIdTables expected, NodeIdTables actual) {
        assertEquals(expected.types(), actual.types());
        for (int t = 0; t < expected.types().size(); t++) {
            assertEquals(expected.count(t), actual.count(t));
            for (int i = 0; i < expected.count(t); i++) {
                assertEquals(expected.id(t, i), actual.id(t, i));
                assertEquals(i, actual.local(t, expected.id(t, i)));
            }
        }
    }

    @Test
    void vectorQueriesAndArithmetic() {
        HeteroEmbeddings e = HeteroEmbeddings.of(trainedNet(), NodeIdTables.of(graph));
        assertTrue(e.contains("user", "user 7"));
        assertFalse(e.contains("user", "nobody") || e.contains("usr", "user 7"));

        // nearest to a node's own vector: the node itself first (a vector query excludes nothing)
        float[] v = e.vector("user", "user 7");
        var own = e.nearest(v, 4, null, HeteroEmbeddings.Measure.COSINE);
        assertEquals(new HeteroEmbeddings.Neighbour("user", "user 7", own.get(0).similarity()), own.get(0));
        assertEquals(1.0, own.get(0).similarity(), 1e-5);
        assertEquals(e.nearest("user", "user 7", 3, null), own.subList(1, 4));

        // dot products: brute force over the articles
        var dot = e.nearest(v, 3, "article", HeteroEmbeddings.Measure.DOT);
        double[] scores = new double[e.numNodes("article")];
        for (int i = 0; i < scores.length; i++) {
            float[] a = e.vector("article", e.id("article", i));
            for (int j = 0; j < a.length; j++) {
                scores[i] += (double) v[j] * a[j];
            }
        }
        java.util.Arrays.sort(scores);
        for (int i = 0; i < 3; i++) {
            assertEquals(scores[scores.length - 1 - i], dot.get(i).similarity(), 1e-4, "rank " + i);
        }

        // arithmetic: one positive node alone is its own nearest list (minus itself); the given nodes never return
        var single = e.nearest(List.of(new HeteroEmbeddings.Node("user", "user 7")), List.of(), 3, null);
        var direct = e.nearest("user", "user 7", 3, null);
        for (int i = 0; i < 3; i++) {
            assertEquals(direct.get(i).type() + ":" + direct.get(i).id(), single.get(i).type() + ":" + single.get(i).id());
            assertEquals(direct.get(i).similarity(), single.get(i).similarity(), 1e-5);
        }
        var analogy = e.nearest(List.of(new HeteroEmbeddings.Node("user", "user 7"), new HeteroEmbeddings.Node("article", "a2")),
                List.of(new HeteroEmbeddings.Node("article", "a1")), 10, null);
        assertEquals(10, analogy.size());
        assertTrue(analogy.stream().noneMatch(n -> n.id().equals("user 7") || n.id().equals("a2")
                || n.id().equals("a1")), analogy.toString());
        assertThrows(IllegalArgumentException.class, () -> e.nearest(new float[3], 2, null, HeteroEmbeddings.Measure.DOT));
    }

    @Test
    void dl4jWordVectorsAnswersAsDl4jsOwnWord2VecOnTheExport() throws IOException {
        HeteroEmbeddings e = HeteroEmbeddings.of(trainedNet(), NodeIdTables.of(graph));
        Path w2v = dir.resolve("vectors.txt");
        EmbeddingExport.word2vec(e, w2v);
        Word2Vec dl4j = WordVectorSerializer.readWord2VecModel(w2v.toFile());
        org.deeplearning4j.models.embeddings.wordvectors.WordVectors ours = new Dl4jWordVectors(e);

        String u7 = NodeTokens.token("user", "user 7"), a2 = NodeTokens.token("article", "a2");
        assertTrue(ours.hasWord(u7) && !ours.hasWord("user:nobody") && !ours.hasWord("no colon"));
        assertArrayEquals(dl4j.getWordVectorMatrix(u7).toFloatVector(), ours.getWordVectorMatrix(u7).toFloatVector(), 1e-6f);
        assertEquals(dl4j.similarity(u7, a2), ours.similarity(u7, a2), 1e-5);
        assertEquals(new java.util.HashSet<>(dl4j.wordsNearest(u7, 5)), new java.util.HashSet<>(ours.wordsNearest(u7, 5)));
        assertEquals(53, ours.vocabSize());
        assertEquals(6, ours.vectorSize());
        assertEquals(u7, NodeTokens.token("user", e.id("user", ours.indexOf(u7) - (int) e.typeOffset(0))));
        INDArray all = Nd4j.create(DataType.FLOAT, 53, 6);
        ours.loadWeightsInto(all);
        assertArrayEquals(e.vector("user", "user 7"), all.getRow(ours.indexOf(u7)).toFloatVector(), 0f);
        var arithmetic = ours.wordsNearest(List.of(u7, a2), List.of(NodeTokens.token("article", "a1")), 4);
        assertEquals(4, arithmetic.size());
        assertFalse(arithmetic.contains(u7) || arithmetic.contains(a2));
        assertThrows(IllegalArgumentException.class, () -> ours.getWordVector("user:nobody"));
        assertThrows(UnsupportedOperationException.class, ours::vocab);
    }

    @Test
    void lookupsNearestNeighboursAndErrors() {
        ComputationGraph net = trainedNet();
        HeteroEmbeddings e = HeteroEmbeddings.of(net, NodeIdTables.of(graph));
        float[] v = e.vector("user", "user 7");
        assertArrayEquals(v, e.vectors("user", List.of("user 3", "user 7")).getRow(1).toFloatVector());
        assertEquals(1.0, e.cosine("user", "user 7", "user", "user 7"), 1e-5);

        // Exact top-k equals brute force over every node (any type), excluding the query itself.
        var nearest = e.nearest("user", "user 7", 5, null);
        assertEquals(5, nearest.size());
        double[] all = new double[53];
        int k = 0;
        for (String type : e.types()) {
            for (int i = 0; i < e.numNodes(type); i++) {
                String id = e.id(type, i);
                all[k++] = type.equals("user") && id.equals("user 7") ? -2 : e.cosine("user", "user 7", type, id);
            }
        }
        java.util.Arrays.sort(all);
        for (int i = 0; i < 5; i++) {
            assertEquals(all[all.length - 1 - i], nearest.get(i).similarity(), 1e-5, "rank " + i);
        }
        var articles = e.nearest("user", List.of("user 1", "user 2"), 3, "article");
        assertTrue(articles.stream().allMatch(l -> l.size() == 3 && l.stream().allMatch(n -> n.type().equals("article"))));

        IllegalArgumentException type = assertThrows(IllegalArgumentException.class, () -> e.vector("usr", "user 1"));
        assertTrue(type.getMessage().contains("unknown node type 'usr' (types: user, article)"), type.getMessage());
        IllegalArgumentException id = assertThrows(IllegalArgumentException.class, () -> e.vector("user", "nobody"));
        assertTrue(id.getMessage().contains("no node 'nobody' of type 'user'"), id.getMessage());
    }

    @Test
    void perTypeSizesProjectIntoOneSpace() {
        ComputationGraphConfiguration conf = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().seed(2)
                .updater(new Adam(0.01)).dataType(DataType.FLOAT).graphBuilder()
                .addInputs("t", "i")
                .addVertex("route", new org.heteroembed.nn.conf.TypeRoutingVertex(graph.schema().nodeTypes(), HeteroEmbeddingModels.nodeCounts(graph)), "t", "i")
                .addLayer(HeteroEmbeddingModels.EMBEDDING, new org.heteroembed.nn.conf.HeteroEmbeddingLayer.Builder()
                        .nodeTypes(graph.schema().nodeTypes(), HeteroEmbeddingModels.nodeCounts(graph)).embeddingSize(6)
                        .typeEmbeddingSizes(6, 2).mode(org.heteroembed.nn.conf.HeteroEmbeddingLayer.Mode.LOOKUP).build(), "route")
                .setOutputs(HeteroEmbeddingModels.EMBEDDING).build();
        assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()));
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        HeteroEmbeddings e = HeteroEmbeddings.of(net, NodeIdTables.of(graph));
        assertEquals(6, e.dimension());
        int local = graph.localId(graph.node("article", "a5"));
        INDArray expected = net.getLayer(HeteroEmbeddingModels.EMBEDDING).getParam("in1").getRow(local, true)
                .mmul(net.getLayer(HeteroEmbeddingModels.EMBEDDING).getParam("proj1"));
        assertArrayEquals(expected.toFloatVector(), e.vector("article", "a5"), 1e-6f);
        INDArray lookup = net.outputSingle(Nd4j.createFromArray(new int[][]{{1}}), Nd4j.createFromArray(new int[][]{{local}}));
        assertArrayEquals(expected.toFloatVector(), lookup.toFloatVector(), 1e-6f);
    }

    @Test
    void word2vecAndProjectorExportsReadBack() throws IOException {
        HeteroEmbeddings e = HeteroEmbeddings.of(trainedNet(), NodeIdTables.of(graph));
        Path w2v = dir.resolve("vectors.txt");
        EmbeddingExport.word2vec(e, w2v);
        Word2Vec read = WordVectorSerializer.readWord2VecModel(w2v.toFile());
        assertEquals(53, read.getVocab().numWords());
        String token = NodeTokens.token("user", "user 7");
        assertArrayEquals(e.vector("user", "user 7"), read.getWordVectorMatrix(token).toFloatVector(), 1e-6f);

        Path bin = dir.resolve("vectors.bin");
        EmbeddingExport.word2vecBinary(e, bin, e.types());
        assertTrue(Files.size(bin) < Files.size(w2v), "binary is smaller than text");
        Word2Vec readBinary = WordVectorSerializer.readWord2VecModel(bin.toFile());
        assertEquals(53, readBinary.getVocab().numWords());
        assertArrayEquals(e.vector("user", "user 7"), readBinary.getWordVectorMatrix(token).toFloatVector(), 0f,
                "float32 bits round trip exactly");

        Path npy = dir.resolve("vectors.npy"), npyIds = dir.resolve("ids.tsv");
        EmbeddingExport.numpy(e, npy, npyIds, e.types());
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(npy)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals((byte) 0x93, b.get(0));
        int headerLength = Short.toUnsignedInt(b.getShort(8));
        assertEquals(0, (10 + headerLength) % 64, "data aligned to 64 bytes");
        String header = new String(Files.readAllBytes(npy), 10, headerLength, java.nio.charset.StandardCharsets.US_ASCII);
        assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (53, 6), }") && header.endsWith("\n"),
                header);
        assertEquals(10 + headerLength + 53 * 6 * 4, Files.size(npy));
        List<String> idLines = Files.readAllLines(npyIds);
        int npyRow = idLines.indexOf("user\tuser 7") - 1; // after the header line
        float[] fromNpy = new float[6];
        for (int j = 0; j < 6; j++) {
            fromNpy[j] = b.getFloat(10 + headerLength + (npyRow * 6 + j) * 4);
        }
        assertArrayEquals(e.vector("user", "user 7"), fromNpy, 0f);

        Path vectors = dir.resolve("vectors.tsv"), meta = dir.resolve("metadata.tsv");
        EmbeddingExport.projectorTsv(e, vectors, meta, Map.of(token, "community 1"));
        List<String> v = Files.readAllLines(vectors), m = Files.readAllLines(meta);
        assertEquals(53, v.size());
        assertEquals(54, m.size());
        assertEquals("type\tid\tlabel", m.get(0));
        assertEquals("user\tuser 7\tcommunity 1", m.get(8));
        float[] row = new float[6];
        String[] cells = v.get(7).split("\t");
        for (int i = 0; i < 6; i++) {
            row[i] = Float.parseFloat(cells[i]);
        }
        assertArrayEquals(e.vector("user", "user 7"), row, 0f);
    }
}
