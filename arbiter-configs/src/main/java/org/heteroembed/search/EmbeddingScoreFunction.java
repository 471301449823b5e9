package org.heteroembed.search;

import org.deeplearning4j.arbiter.optimize.api.data.DataProvider;
import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.deeplearning4j.arbiter.optimize.api.score.ScoreFunction;
import org.heteroembed.inference.HeteroEmbeddings;
import org.heteroembed.job.TrainedModel;

import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * An Arbiter {@link ScoreFunction} for node embeddings, to be maximised. The evaluation data (held-out edges
 * with their negatives, or labelled nodes and their splits) is fixed when the function is created, so every
 * candidate is scored on exactly the same examples; Arbiter's data-source arguments are therefore ignored.
 * The model is the job runner's {@link TrainedModel} or a {@link HeteroEmbeddings}.
 */
@SuppressWarnings("deprecation") // ScoreFunction still declares the DataProvider variant
public abstract class EmbeddingScoreFunction implements ScoreFunction {
    private static final long serialVersionUID = 1L;

    /** Name of the metric {@link #score} returns (e.g. {@code auc}). */
    public abstract String metric();

    /** Names of every metric {@link #evaluate} reports, the scored one first. */
    public abstract List<String> metricNames();

    /** Every metric of these vectors, by name. */
    public abstract Map<String, Double> evaluate(HeteroEmbeddings embeddings);

    /** The scored metric's value for vectors that carry no information (e.g. AUC 0.5). */
    public abstract double chance();

    /** The scored metric of these vectors. */
    public double score(HeteroEmbeddings embeddings) {
        return evaluate(embeddings).get(metric());
    }

    @Override
    public double score(Object model, DataProvider dataProvider, Map<String, Object> dataParameters) {
        return score(embeddings(model));
    }

    @Override
    public double score(Object model, Class<? extends DataSource> dataSource, Properties dataSourceProperties) {
        return score(embeddings(model));
    }

    static HeteroEmbeddings embeddings(Object model) {
        if (model instanceof TrainedModel m) {
            return m.embeddings();
        }
        if (model instanceof HeteroEmbeddings e) {
            return e;
        }
        throw new IllegalArgumentException("cannot score a " + (model == null ? "null" : model.getClass().getName())
                + ": expected TrainedModel or HeteroEmbeddings");
    }

    @Override
    public boolean minimize() {
        return false;
    }

    @Override
    public List<Class<?>> getSupportedModelTypes() {
        return List.of(TrainedModel.class, HeteroEmbeddings.class);
    }

    @Override
    public List<Class<?>> getSupportedDataTypes() {
        return List.of(); // the data is bound at construction
    }
}
