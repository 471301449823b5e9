package org.heteroembed.spark;

import org.apache.spark.SparkFiles;
import org.apache.spark.api.java.JavaSparkContext;
import org.heteroembed.graph.GraphSnapshot;
import org.heteroembed.graph.HeteroGraph;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where Spark executors find the graph: a snapshot file ({@code graph snapshot}) that each executor JVM
 * memory-maps once and shares between its tasks. Either the path is on storage every machine mounts
 * ({@link #sharedFile}), or Spark ships the file to every executor ({@link #shipped}, {@code SparkContext.addFile}),
 * which is the broadcast of a graph too large for a Java broadcast variable (snapshots may exceed 2 GB).
 * The driver never holds walks or pairs; it maps the same snapshot for the type layout and evaluation.
 */
public final class GraphSource implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Graphs mapped in this JVM, by resolved path: tasks of one executor share one mapping. */
    private static final ConcurrentHashMap<String, HeteroGraph> MAPPED = new ConcurrentHashMap<>();

    private final String path;      // absolute path (shared), or file name (shipped)
    private final boolean shipped;
    private final String driverPath;

    private GraphSource(String path, boolean shipped, String driverPath) {
        this.path = path;
        this.shipped = shipped;
        this.driverPath = driverPath;
    }

    /** A snapshot at the same path on the driver and every executor (local disk of one machine, NFS, ...). */
    public static GraphSource sharedFile(Path snapshot) {
        String p = snapshot.toAbsolutePath().toString();
        return new GraphSource(p, false, p);
    }

    /** A snapshot on the driver that Spark copies to every executor's work directory. */
    public static GraphSource shipped(JavaSparkContext sc, Path snapshot) {
        String p = snapshot.toAbsolutePath().toString();
        sc.addFile(p);
        return new GraphSource(snapshot.getFileName().toString(), true, p);
    }

    /** The graph, mapped once per JVM. On the driver the driver's path is used. */
    public HeteroGraph graph() {
        String resolved = resolve();
        return MAPPED.computeIfAbsent(resolved, p -> {
            try {
                return GraphSnapshot.load(Paths.get(p));
            } catch (IOException e) {
                throw new UncheckedIOException("graph snapshot for Spark: " + e.getMessage(), e);
            }
        });
    }

    private String resolve() {
        if (!shipped) {
            return path;
        }
        // On executors SparkFiles knows the copy; on the driver (or in local mode) the original exists.
        try {
            String copy = SparkFiles.get(path);
            if (java.nio.file.Files.isRegularFile(Paths.get(copy))) {
                return copy;
            }
        } catch (RuntimeException e) {
            // no SparkEnv in this JVM (e.g. a test that never started Spark): use the driver's file
        }
        return driverPath;
    }

    @Override
    public String toString() {
        return (shipped ? "shipped:" : "shared:") + driverPath;
    }
}
