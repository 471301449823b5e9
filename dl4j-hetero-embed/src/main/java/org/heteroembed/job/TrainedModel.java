package org.heteroembed.job;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.graph.HeldOutLinks;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.inference.HeteroEmbeddings;
import org.heteroembed.inference.NodeIdTables;
import org.heteroembed.train.fast.TrainingProgress;

/**
 * What a {@link JobRunner} run produced: the network and its node ids, the (resolved) job, the graph it trained on
 * (the training part when edges were held out, with the held-out edges), where training got to and why it ended,
 * and the loss curve.
 *
 * @param heldOut       the held-out edges (graph.holdout &gt; 0), of {@code graph}'s numbering; else null
 * @param tokensThisRun tokens trained by this run (not counting a resumed checkpoint's)
 * @param seconds       training time of this run
 */
public record TrainedModel(EmbeddingJob job, HeteroGraph graph, NodeIdTables ids, ComputationGraph net,
                           TrainingProgress progress, Status status, long tokensThisRun, double seconds,
                           LossCurve lossCurve, HeldOutLinks heldOut) {

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
        return HeteroEmbeddings.of(net, ids);
    }
}
