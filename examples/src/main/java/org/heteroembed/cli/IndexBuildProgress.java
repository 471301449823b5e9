package org.heteroembed.cli;

import org.heteroembed.inference.ApproximateNearest;
import org.heteroembed.inference.HeteroEmbeddings.Measure;
import org.heteroembed.inference.HnswParameters;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * What the commands print about the HNSW indexes of approximate search: a line when an index is read or built (and
 * why), and a progress bar while a large one is built.
 */
final class IndexBuildProgress implements ApproximateNearest.BuildListener {
    /** Builds of fewer rows get no bar (they take a few seconds at most). */
    static final int BAR_ROWS = 50_000;

    private final PrintWriter err;
    private final HnswParameters parameters;
    private volatile Progress bar;

    IndexBuildProgress(PrintWriter err, HnswParameters parameters) {
        this.err = err;
        this.parameters = parameters;
    }

    @Override
    public void building(String type, Measure measure, int rows, String reason) {
        err.printf(Locale.ROOT, "building the HNSW index of %s by %s (%,d rows, M=%d, efConstruction=%d): %s%n", type,
                name(measure), rows, parameters.m(), parameters.efConstruction(), reason);
        err.flush();
        bar = Progress.items("HNSW " + type, rows, "rows", BAR_ROWS);
    }

    @Override
    public void progress(int done, int rows) {
        Progress b = bar;
        if (b != null) {
            b.stepTo(done);
        }
    }

    @Override
    public void ready(ApproximateNearest.IndexInfo info) {
        Progress b = bar;
        if (b != null) {
            b.close();
            bar = null;
        }
        if (info.built()) {
            err.printf(Locale.ROOT, "built it in %.1f s%s%n", info.seconds(), info.file() == null ? " (kept in memory)"
                    : info.bytes() > 0 ? String.format(Locale.ROOT, ", saved to %s (%,d bytes)", info.file(), info.bytes())
                    : ", could not save it to " + info.file());
        } else {
            err.printf(Locale.ROOT, "read the HNSW index of %s by %s from %s in %.2f s%n", info.type(), name(info.measure()),
                    info.file(), info.seconds());
        }
        err.flush();
    }

    private static String name(Measure measure) {
        return measure.name().toLowerCase(Locale.ROOT);
    }
}
