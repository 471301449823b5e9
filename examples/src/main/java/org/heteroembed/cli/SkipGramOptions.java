package org.heteroembed.cli;

import org.heteroembed.sampling.SkipGramConfig;
import picocli.CommandLine.Option;

/** The model and skip-gram options every training command shares (picocli mixin). */
final class SkipGramOptions {
    @Option(names = "--dimension", defaultValue = "128", description = "Embedding size. Default: ${DEFAULT-VALUE}.")
    int dimension;

    @Option(names = "--window", defaultValue = "5", description = "Context window. Default: ${DEFAULT-VALUE}.")
    int window;

    @Option(names = "--negatives", defaultValue = "5", description = "Negatives per pair. Default: ${DEFAULT-VALUE}.")
    int negatives;

    @Option(names = "--subsample", defaultValue = "1e-3", description = "Subsampling threshold, 0 for none. Default: ${DEFAULT-VALUE}.")
    double subsample;

    @Option(names = "--type-aware-negatives", description = "Draw negatives from the context node's type (metapath2vec++).")
    boolean typeAware;

    @Option(names = "--epochs", defaultValue = "1", description = "Passes over the walks. Default: ${DEFAULT-VALUE}.")
    int epochs;

    /** The skip-gram config (validated by its builder), seeded like the walks. */
    SkipGramConfig config(long seed) {
        return SkipGramConfig.builder().window(window).negatives(negatives).subsample(subsample)
                .typeAwareNegatives(typeAware).seed(seed).build();
    }
}
