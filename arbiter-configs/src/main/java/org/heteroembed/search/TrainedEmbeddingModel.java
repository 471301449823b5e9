package org.heteroembed.search;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.inference.HeteroEmbeddings;
import org.heteroembed.inference.NodeIdTables;

/**
 * What one candidate's task produced: the trained skip-gram network, its node ids, the job it ran, and the
 * vectors read from it. The "model" Arbiter hands to score functions and result savers.
 */
public record TrainedEmbeddingModel(ComputationGraph network, NodeIdTables ids, EmbeddingJobConfig job,
                                    HeteroEmbeddings embeddings) {
}
