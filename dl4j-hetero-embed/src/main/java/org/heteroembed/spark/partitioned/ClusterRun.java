package org.heteroembed.spark.partitioned;

import org.heteroembed.graph.partition.PartitionLayout;
import org.heteroembed.sampling.NodeFrequencies;
import org.heteroembed.sampling.PartitionNegativeSampler;
import org.heteroembed.sampling.SkipGramConfig;
import org.heteroembed.sampling.SkipGramPairGenerator;
import org.heteroembed.sampling.SkipGramWindows;

import java.io.Serializable;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * What every task of a partitioned Spark run shares, broadcast once: the directory every executor sees, the run id
 * its partition files carry, the node layout (which partition and local row each node has), the dimension, the
 * skip-gram settings. Executors derive the layout and the samplers (from the corpus counts they wrote,
 * {@link CountFiles}) once per JVM ({@link #samplers()}); the driver holds nothing per node.
 *
 * <p>A class with plain fields, not a record: Spark broadcasts with Kryo, which cannot build records.
 */
final class ClusterRun implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The samplers of the run this JVM trains last (one run at a time per executor). */
    private static volatile Samplers samplers;

    final String directory;
    final long runId;
    final LayoutSpec spec;
    final int dim;
    final int executors;
    final long seed;
    final SkipGramConfig skipGram;
    /** Nodes per file of the corpus counts the executors wrote ({@link CountFiles}). */
    /** Bytes of rows a task slot keeps between tasks ({@link HalfCache}): one task's tables. */
    final long cacheBytes;

    ClusterRun(Path directory, long runId, LayoutSpec spec, int dim, int executors, long seed,
               SkipGramConfig skipGram, long cacheBytes) {
        this.directory = directory.toAbsolutePath().toString();
        this.runId = runId;
        this.spec = spec;
        this.dim = dim;
        this.executors = executors;
        this.seed = seed;
        this.skipGram = skipGram;
        this.cacheBytes = cacheBytes;
    }

    Path directory() {
        return Paths.get(directory);
    }

    int parts() {
        return spec.parts();
    }

    /** Partitions per class: {@code P / E}. */
    int perClass() {
        return spec.parts() / executors;
    }

    /** The node layout (built once per JVM: executors only). */
    PartitionLayout layout() {
        return spec.layout();
    }

    /** The window stream and the negatives of this run, made once per JVM. */
    Samplers samplers() {
        Samplers s = samplers;
        if (s == null || s.runId != runId) {
            synchronized (ClusterRun.class) {
                s = samplers;
                if (s == null || s.runId != runId) {
                    NodeFrequencies f;
                    try {
                        f = new NodeFrequencies(CountFiles.read(directory(), spec.numNodes()));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    s = new Samplers(runId, skipGram.window(), SkipGramPairGenerator.keepProbabilities(skipGram, f, f.total()),
                            new PartitionNegativeSampler(layout(), f, skipGram.negativeExponent(), skipGram.typeAwareNegatives()));
                    samplers = s;
                }
            }
        }
        return s;
    }

    /** The run's subsampling (by the corpus counts) and its per-partition negative sampler (thread-safe). */
    record Samplers(long runId, int window, float[] keep, PartitionNegativeSampler negatives) {
        /** A window stream for one thread. */
        SkipGramWindows windows() {
            return new SkipGramWindows(window, keep);
        }
    }
}
