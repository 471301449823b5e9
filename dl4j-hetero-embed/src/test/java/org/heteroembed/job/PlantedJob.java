package org.heteroembed.job;

import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;

/** A small planted graph and a quick job on it, shared by the memory tests. */
final class PlantedJob {
    static final HeteroGraph GRAPH = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(6_000, 5)).graph();
    static final EmbeddingJob BASE = EmbeddingJob.parse("""
            walks: {metapaths: [user-article-topic-article-user], walksPerNode: 1, walkLength: 20}
            skipGram: {window: 3, negatives: 5}
            model: {dimension: 32}
            training: {threads: 1, seed: 3, checkpointMinutes: 0}
            """, true, "base");

    private PlantedJob() {
    }
}
