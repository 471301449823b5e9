package org.heteroembed.cli;

import org.heteroembed.walk.WalkConfig;
import org.heteroembed.walk.WalkKind;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** Walk flags, the same for every command that walks a graph. */
public final class WalkOptions {
    @Option(names = "--kind", paramLabel = "uniform|metapath|node2vec",
            description = "Walk kind. Default: metapath when --metapath is given, else uniform.")
    String kind;

    @Option(names = "--metapath", paramLabel = "T1-T2-...", description = "A metapath, e.g. author-paper-venue-paper-author; repeat to mix several.")
    List<String> metapaths = new ArrayList<>();

    @Option(names = "--walks-per-node", defaultValue = "10", description = "Walks started at each start node. Default: ${DEFAULT-VALUE}.")
    int walksPerNode;

    @Option(names = "--walk-length", defaultValue = "80", description = "Nodes per walk. Default: ${DEFAULT-VALUE}.")
    int walkLength;

    @Option(names = "--start-type", paramLabel = "TYPE", description = "Start uniform/node2vec walks only at nodes of this type; repeatable. Default: all types.")
    List<String> startTypes = new ArrayList<>();

    @Option(names = "--p", defaultValue = "1", description = "node2vec return parameter. Default: ${DEFAULT-VALUE}.")
    double p;

    @Option(names = "--q", defaultValue = "1", description = "node2vec in-out parameter. Default: ${DEFAULT-VALUE}.")
    double q;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed: the same seed gives the same walks. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--threads", description = "Walker threads. Default: all cores. Does not change the walks.")
    Integer threads;

    WalkConfig config() {
        WalkKind k;
        if (kind == null) {
            k = metapaths.isEmpty() ? WalkKind.UNIFORM : WalkKind.METAPATH;
        } else {
            try {
                k = WalkKind.valueOf(kind.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--kind: '" + kind + "' is not one of uniform, metapath, node2vec");
            }
        }
        WalkConfig.Builder b = WalkConfig.builder().kind(k).walksPerNode(walksPerNode).walkLength(walkLength)
                .startTypes(startTypes).p(p).q(q).seed(seed);
        if (!metapaths.isEmpty()) {
            b.metapaths(metapaths).kind(k);
        }
        if (threads != null) {
            b.threads(threads);
        }
        return b.build();
    }
}
