package org.heteroembed.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Progress bar with rate and ETA on stderr (me.tongfei:progressbar), shown only for work large enough to
 * need one, and thread-safe to step.
 *
 * <p>Drawn one line at a time, each redrawn in place with a carriage return, as wide as the terminal (80 columns when
 * stderr is not one). Two things made the last line appear twice: progressbar 0.10.1 draws the final state twice when
 * a bar closes (its update action refreshes when the count moved since the last drawing, then draws once more), and,
 * in a terminal narrower than the line, its interactive drawing moves the cursor up one row where a wrapped line takes
 * two (so every redraw left a line behind). {@link FinalLineOnce} drops the second drawing of an unchanged count at
 * close; the line is cut to the terminal's width.
 */
final class Progress implements AutoCloseable {
    private final ProgressBar bar;
    private final FinalLineOnce consumer;

    private Progress(ProgressBar bar, FinalLineOnce consumer) {
        this.bar = bar;
        this.consumer = consumer;
    }

    private static final Progress NONE = new Progress(null, null);

    /** A bar over {@code totalBytes} bytes, shown in MB; none when the total is small (< 16 MB) or unknown. */
    static Progress bytes(String task, long totalBytes) {
        if (totalBytes < (16L << 20)) {
            return NONE;
        }
        return build(new ProgressBarBuilder().setTaskName(task).setInitialMax(totalBytes).setUnit(" MB", 1L << 20)
                .continuousUpdate().setSpeedUnit(java.time.temporal.ChronoUnit.SECONDS));
    }

    /**
     * A bar over {@code total} items, shown when {@code total >= minimum}; counted in thousands from 100,000 items
     * on, so that the line keeps room for its message (the loss) in 80 columns.
     */
    static Progress items(String task, long total, String unit, long minimum) {
        if (total < minimum) {
            return NONE;
        }
        return build(itemsBar(task, total, unit));
    }

    private static ProgressBarBuilder itemsBar(String task, long total, String unit) {
        boolean thousands = total >= 100_000;
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setUnit(thousands ? "k " + unit : " " + unit, thousands ? 1000 : 1);
    }

    /** A bar over {@code total} items drawn by {@code console} (tests). */
    static Progress items(String task, long total, String unit, ProgressBarConsumer console) {
        return build(itemsBar(task, total, unit), console);
    }

    private static Progress build(ProgressBarBuilder builder) {
        // stderr's file descriptor, as progressbar's own console consumer: System.err may be redirected
        return build(builder, new ConsoleProgressBarConsumer(new PrintStream(new FileOutputStream(FileDescriptor.err), true)));
    }

    private static Progress build(ProgressBarBuilder builder, ProgressBarConsumer console) {
        FinalLineOnce consumer = new FinalLineOnce(console);
        ProgressBar bar = builder.showSpeed(new java.text.DecimalFormat("#,##0")).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
                .setConsumer(consumer).build();
        consumer.count = bar::getCurrent;
        return new Progress(bar, consumer);
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
            consumer.closing = true;
            bar.close();
        }
    }

    static String seconds(Duration d) {
        return String.format("%.2f s", d.toNanos() / 1e9);
    }

    /**
     * Draws each line as the console consumer does, except a drawing at close whose count is the one already drawn:
     * the final line then appears once (with the time it reached that count), in a terminal and in a log file alike.
     */
    static final class FinalLineOnce implements ProgressBarConsumer {
        private final ProgressBarConsumer console;
        volatile LongSupplier count = () -> -1;
        volatile boolean closing;
        private long drawn = Long.MIN_VALUE;

        FinalLineOnce(ProgressBarConsumer console) {
            this.console = console;
        }

        @Override
        public int getMaxRenderedLength() {
            return console.getMaxRenderedLength();
        }

        @Override
        public synchronized void accept(String rendered) {
            long now = count.getAsLong();
            if (closing && now == drawn) {
                return;
            }
            drawn = now;
            console.accept(rendered);
        }

        @Override
        public void close() {
            console.close();
        }
    }
}
