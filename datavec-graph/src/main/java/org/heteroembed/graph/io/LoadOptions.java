package org.heteroembed.graph.io;

import org.heteroembed.graph.DuplicatePolicy;
import org.heteroembed.graph.SelfLoopPolicy;

import java.util.function.LongConsumer;

/**
 * How {@link GraphLoader} treats its input; immutable, built with {@link #builder()}. Policies left unset
 * come from the graph spec, or the defaults (keep duplicates, drop self-loops).
 */
public final class LoadOptions {
    private final boolean skipBadLines;
    private final DuplicatePolicy duplicates;
    private final SelfLoopPolicy selfLoops;
    private final LongConsumer progress;

    private LoadOptions(Builder b) {
        skipBadLines = b.skipBadLines;
        duplicates = b.duplicates;
        selfLoops = b.selfLoops;
        progress = b.progress;
    }

    public static LoadOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Skip and count bad lines instead of failing on the first. */
    public boolean skipBadLines() {
        return skipBadLines;
    }

    /** Duplicate policy, or null to use the spec's (or the default). */
    public DuplicatePolicy duplicates() {
        return duplicates;
    }

    /** Self-loop policy, or null to use the spec's (or the default). */
    public SelfLoopPolicy selfLoops() {
        return selfLoops;
    }

    /** Receives input bytes as they are read; may be null. */
    public LongConsumer progress() {
        return progress;
    }

    public static final class Builder {
        private boolean skipBadLines;
        private DuplicatePolicy duplicates;
        private SelfLoopPolicy selfLoops;
        private LongConsumer progress;

        public Builder skipBadLines(boolean skip) {
            this.skipBadLines = skip;
            return this;
        }

        public Builder duplicates(DuplicatePolicy p) {
            this.duplicates = p;
            return this;
        }

        public Builder selfLoops(SelfLoopPolicy p) {
            this.selfLoops = p;
            return this;
        }

        public Builder progress(LongConsumer progress) {
            this.progress = progress;
            return this;
        }

        public LoadOptions build() {
            return new LoadOptions(this);
        }
    }
}
