package org.heteroembed.job;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.graph.HeldOutLinks;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.inference.HeteroEmbeddings;
import org.heteroembed.inference.NodeIdTables;
import org.heteroembed.train.fast.TrainingProgress;

import java.nio.file.Path;

/**
 * What a {@link JobRunner} run produced: the network and its node ids, the (resolved) job, the graph it trained on
 * (the training part when edges were held out, with the held-out edges), where training got to and why it ended,
 * and the loss curve.
 *
 * @param heldOut       the held-out edges (graph.holdout &gt; 0), of {@code graph}'s numbering; else null
 * @param tokensThisRun tokens trained by this run (not counting a resumed checkpoint's)
 * @param seconds       training time of this run
 * @param directory     the model directory of a run with partitioned tables (its tables are never whole in memory:
 *                      {@code net} and {@code ids} are null); null for a model trained in memory
 * @param tableIo       what a run with partitioned tables read, wrote and spilled; null for one in memory
 */
public record TrainedModel(EmbeddingJob job, HeteroGraph graph, NodeIdTables ids, ComputationGraph net,
                           TrainingProgress progress, Status status, long tokensThisRun, double seconds,
                           LossCurve lossCurve, HeldOutLinks heldOut, Path directory, TableIo tableIo) {

    /**
     * What a run with partitioned tables moved (this run only): partition loads, bytes of partition files read and
     * written, bytes of windows spilled.
     */
    public record TableIo(long loads, long bytesRead, long bytesWritten, long spillBytes) {
    }

    /** A model trained in memory (no model directory). */
    public TrainedModel(EmbeddingJob job, HeteroGraph graph, NodeIdTables ids, ComputationGraph net,
                        TrainingProgress progress, Status status, long tokensThisRun, double seconds,
                        LossCurve lossCurve, HeldOutLinks heldOut) {
        this(job, graph, ids, net, progress, status, tokensThisRun, seconds, lossCurve, heldOut, null, null);
    }

    /** Whether the tables are partitioned on disk (then {@link #net} and {@link #ids} are null: see {@link #directory}). */
    public boolean partitioned() {
        return directory != null;
    }

    /** Why training ended. */
    public enum Status {
        /** The job's epochs (or pair budget) are done. */
        COMPLETED,
        /** A resumed run whose checkpoint had already finished: nothing was trained. */
        ALREADY_DONE,
        /** Asked to stop (Ctrl-C, {@link JobRunner#requestStop()}): continue with a resume. */
        STOPPED,
        /** The time budget (training.maxSeconds) ran out. */
        OUT_OF_TIME
    }

    /** Whether the job's epochs (or pair budget) were all trained. */
    public boolean completed() {
        return status == Status.COMPLETED || status == Status.ALREADY_DONE;
    }

    /** Tokens per second of this run. */
    public double tokensPerSecond() {
        return seconds > 0 ? tokensThisRun / seconds : 0;
    }

    /** The vectors, for lookups, nearest neighbours and evaluation. */
    public HeteroEmbeddings embeddings() {
        if (directory != null) {
            try {
                return HeteroEmbeddings.load(directory);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return HeteroEmbeddings.of(net, ids);
    }
}
