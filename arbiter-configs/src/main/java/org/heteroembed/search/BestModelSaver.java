package org.heteroembed.search;

import org.deeplearning4j.arbiter.optimize.api.OptimizationResult;
import org.deeplearning4j.arbiter.optimize.api.saving.ResultReference;
import org.deeplearning4j.arbiter.optimize.api.saving.ResultSaver;
import org.heteroembed.inference.HeteroModelFile;
import org.heteroembed.job.EmbeddingJob;
import org.heteroembed.job.TrainedModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * An Arbiter {@link ResultSaver} that keeps only the best model of a search: a candidate's model is written
 * (with {@link HeteroModelFile}, atomically, with its training progress and the job it ran, which
 * {@code hetero-embed info} prints and {@code train --config} runs again) when its score beats
 * every score saved before, replacing the previous best. Saving every candidate would cost a model file per
 * candidate; the results table keeps every candidate's settings, so any of them can be retrained.
 *
 * <p>Thread-safe: tasks finish on several runner threads. Higher scores are better.
 */
public final class BestModelSaver implements ResultSaver {
    private static final Logger log = LoggerFactory.getLogger(BestModelSaver.class);

    private final Path file;
    private double bestScore = Double.NEGATIVE_INFINITY;
    private int bestIndex = -1;

    public BestModelSaver(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Index of the candidate in the file, or -1 if none was saved. */
    public synchronized int bestIndex() {
        return bestIndex;
    }

    public synchronized double bestScore() {
        return bestScore;
    }

    /** Saves the model if its score is the best so far; returns a reference to the file then, else null. */
    @Override
    public synchronized ResultReference saveModel(OptimizationResult result, Object modelResult) throws IOException {
        Double score = result.getScore();
        if (score == null || !(score > bestScore) || !(modelResult instanceof TrainedModel m)) {
            return null;
        }
        HeteroModelFile.save(m.net(), m.ids(), m.progress(), null, m.job().toJson(), file);
        bestScore = score;
        bestIndex = result.getIndex();
        log.info("candidate {} is the best so far ({}): saved to {}", bestIndex, score, file);
        return new Reference(file, result);
    }

    @Override
    public List<Class<?>> getSupportedCandidateTypes() {
        return List.of(EmbeddingJob.class);
    }

    @Override
    public List<Class<?>> getSupportedModelTypes() {
        return List.of(TrainedModel.class);
    }

    /** The saved file; a later, better candidate replaces its content. */
    private record Reference(Path file, OptimizationResult result) implements ResultReference {
        @Override
        public OptimizationResult getResult() {
            return result;
        }

        /** The network of the file (the best model at the time of the call). */
        @Override
        public Object getResultModel() throws IOException {
            return HeteroModelFile.network(file);
        }
    }
}
