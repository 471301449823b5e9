package org.heteroembed.inference;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The model artifact: a DL4J {@code ModelSerializer} zip of the ComputationGraph (with updater state, so
 * training can continue), plus the node ids of its tables under {@value #IDS_KEY}. Any DL4J tool reads the
 * network part as usual; written atomically.
 */
public final class HeteroModelFile {
    public static final String IDS_KEY = "hetero-embed-node-ids";

    private HeteroModelFile() {
    }

    public static void save(ComputationGraph net, HeteroGraph graph, Path file) throws IOException {
        save(net, NodeIdTables.of(graph), file);
    }

    public static void save(ComputationGraph net, NodeIdTables ids, Path file) throws IOException {
        AtomicFiles.write(file, tmp -> {
            ModelSerializer.writeModel(net, tmp.toFile(), true);
            ModelSerializer.addObjectToFile(tmp.toFile(), IDS_KEY, ids);
        });
    }

    public static ComputationGraph network(Path file) throws IOException {
        check(file);
        return ModelSerializer.restoreComputationGraph(file.toFile(), true);
    }

    public static NodeIdTables ids(Path file) throws IOException {
        check(file);
        try {
            return ModelSerializer.getObjectFromFile(file.toFile(), IDS_KEY);
        } catch (RuntimeException e) {
            throw new IOException(file + " has no node id tables (" + IDS_KEY + "): not a hetero-embed model?", e);
        }
    }

    private static void check(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("model file not found: " + file);
        }
    }
}
