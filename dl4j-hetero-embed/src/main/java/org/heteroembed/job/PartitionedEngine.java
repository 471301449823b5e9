package org.heteroembed.job;

import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.partition.NodePartition;
import org.heteroembed.tables.PartitionedModelDirectory.PartitionState;
import org.heteroembed.train.fast.TrainingProgress;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * An engine that trains partitioned tables outside this process (Spark's partitioned mode), behind the runner's
 * partitioned path: the runner prepares the model directory (job, ids, node partition, network) and writes its
 * manifest from what the engine returns; the engine writes the partition files. No rows pass through the runner.
 */
public interface PartitionedEngine {
    /**
     * What to train: the resolved job, its training graph, the node partition, the model directory (on a path the
     * engine's workers see) and the run id its partition files must carry.
     *
     * @param partition the node partition, or null for {@code NodePartition.hash(nodes, tables.partitions,
     *                  training.seed)}, which the engine's workers compute themselves (the caller holds nothing per
     *                  node)
     */
    record Request(EmbeddingJob job, HeteroGraph graph, NodePartition partition, Path directory, long runId) {
    }

    /** What the engine reports while it trains. */
    interface Listener {
        void stage(String message);

        void begin(long plannedTokens);

        /** A step is done: where training is and the mean loss of the step (+Infinity: rows stopped being finite). */
        void progress(TrainingProgress progress, double loss);

        /** Where training is, between steps (no loss). */
        void show(TrainingProgress progress);

        boolean stopRequested();
    }

    /**
     * The trained directory's partition files (single-machine format), where training got to, whether the job's
     * epochs were completed, and the I/O.
     */
    record Result(List<PartitionState> partitions, TrainingProgress end, boolean completed, TrainedModel.TableIo io) {
    }

    /**
     * Refuses a job this engine cannot train (e.g. partitions that do not divide among its workers), before any
     * file is written.
     *
     * @throws IllegalArgumentException naming the setting
     */
    void check(EmbeddingJob job);

    Result trainPartitioned(Request request, Listener listener) throws IOException, InterruptedException;
}
