package org.heteroembed.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.time.Duration;

/**
 * Progress bar with rate and ETA on stderr (me.tongfei:progressbar), shown only for work large enough to
 * need one, and thread-safe to step.
 */
final class Progress implements AutoCloseable {
    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /** A bar over {@code totalBytes} bytes, shown in MB; none when the total is small (< 16 MB) or unknown. */
    static Progress bytes(String task, long totalBytes) {
        if (totalBytes < (16L << 20)) {
            return new Progress(null);
        }
        return new Progress(new ProgressBarBuilder().setTaskName(task).setInitialMax(totalBytes)
                .setUnit(" MB", 1L << 20).showSpeed().setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500).continuousUpdate().setMaxRenderedLength(100)
                .setSpeedUnit(java.time.temporal.ChronoUnit.SECONDS).build());
    }

    /** A bar over {@code total} items, shown when {@code total >= minimum}. */
    static Progress items(String task, long total, String unit, long minimum) {
        if (total < minimum) {
            return new Progress(null);
        }
        return new Progress(new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(" " + unit, 1)
                .showSpeed().setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
                .setMaxRenderedLength(100).build());
    }

    /** Text shown after the bar (e.g. the current loss). */
    void message(String text) {
        if (bar != null) {
            bar.setExtraMessage(" " + text);
        }
    }

    void step(long n) {
        if (bar != null) {
            bar.stepBy(n);
        }
    }

    /** Sets the count done so far (for work that reports totals rather than steps). */
    void stepTo(long n) {
        if (bar != null) {
            bar.stepTo(n);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }

    static String seconds(Duration d) {
        return String.format("%.2f s", d.toNanos() / 1e9);
    }
}
