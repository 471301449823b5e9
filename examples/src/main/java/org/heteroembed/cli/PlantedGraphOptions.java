package org.heteroembed.cli;

import org.heteroembed.graph.generate.PlantedGraphConfig;
import picocli.CommandLine.Option;

/** Flags describing a generated planted-community graph, shared by generate, demo and bench. */
public final class PlantedGraphOptions {
    @Option(names = "--edges", paramLabel = "N", description = "Approximate number of edges; sizes every node type. Default: ${DEFAULT-VALUE}.",
            defaultValue = "200000")
    long edges;

    @Option(names = "--nodes", paramLabel = "N", description = "Approximate number of nodes (with --edges: the mean "
            + "clicks per user follow); default: sized from --edges.")
    Long nodes;

    @Option(names = "--communities", paramLabel = "K", description = "Number of planted communities (labels). Default: 8.")
    Integer communities;

    @Option(names = "--p-in", paramLabel = "PROBABILITY", description = "Probability that a click stays inside the user's community. Default: 0.85.")
    Double pIn;

    @Option(names = "--holdout", paramLabel = "FRACTION", description = "Fraction of user-article clicks held out for link prediction. Default: 0.1.")
    Double holdout;

    @Option(names = "--weighted", description = "Give clicks weights (click counts).")
    boolean weighted;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "42", description = "Random seed; the same seed gives the same graph. Default: ${DEFAULT-VALUE}.")
    long seed;

    /** The validated generator configuration. */
    PlantedGraphConfig config() {
        if (edges < 1) {
            throw new IllegalArgumentException("--edges must be >= 1, got " + edges);
        }
        if (nodes != null && nodes < 1) {
            throw new IllegalArgumentException("--nodes must be >= 1, got " + nodes);
        }
        PlantedGraphConfig.Builder b = (nodes == null ? PlantedGraphConfig.forEdges(edges, seed)
                : PlantedGraphConfig.forNodesAndEdges(nodes, edges, seed)).toBuilder();
        if (communities != null) {
            b.communities(communities);
        }
        if (pIn != null) {
            b.pIn(pIn);
        }
        if (holdout != null) {
            b.holdout(holdout);
        }
        return b.weighted(weighted).build();
    }
}
