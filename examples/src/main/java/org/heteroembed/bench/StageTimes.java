package org.heteroembed.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.heteroembed.tables.PartitionFile;
import org.heteroembed.train.partitioned.PartitionedTrainer;
import org.slf4j.LoggerFactory;

/**
 * Where a partitioned run's training time goes, summed from the debug logs the trainer and the partition files write
 * (by their arguments, not their text): walking and spilling the windows, training the buckets, reading partition
 * files and writing them (each with the CRC32C of the rows, and the write's fsync). Counts only what happens while
 * {@link #counting}, so that writing the initial partition files (before training) is left out. In milliseconds.
 */
final class StageTimes extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private static final Class<?>[] SOURCES = {PartitionFile.class, PartitionedTrainer.class};
    private volatile boolean counting;
    private long spill, buckets, reads, writes, checksum, force;

    /** Installs the appender on the two loggers (at debug level). */
    static StageTimes install() {
        StageTimes t = new StageTimes();
        t.setContext((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory());
        t.start();
        for (Class<?> c : SOURCES) {
            Logger l = (Logger) LoggerFactory.getLogger(c);
            l.setLevel(Level.DEBUG);
            l.addAppender(t);
        }
        return t;
    }

    /** Detaches the appender; the loggers inherit their level again. */
    @Override
    public void close() {
        for (Class<?> c : SOURCES) {
            Logger l = (Logger) LoggerFactory.getLogger(c);
            l.detachAppender(this);
            l.setLevel(null);
        }
        stop();
    }

    void counting(boolean on) {
        counting = on;
    }

    @Override
    protected synchronized void append(ILoggingEvent e) {
        Object[] a = e.getArgumentArray();
        if (!counting || e.getLevel() != Level.DEBUG || a == null) {
            return;
        }
        String logger = e.getLoggerName();
        if (logger.equals(PartitionFile.class.getName()) && a.length == 6) { // what, file, bytes, ms, checksum ms, force ms
            if ("read".equals(a[0])) {
                reads += ms(a[3]);
            } else {
                writes += ms(a[3]);
            }
            checksum += ms(a[4]);
            force += ms(a[5]);
        } else if (logger.equals(PartitionedTrainer.class.getName())) {
            if (e.getMessage().startsWith("bucket") && a.length == 4) { // in, out, segments, ms
                buckets += ms(a[3]);
            } else if (e.getMessage().contains("spilled") && a.length == 3) { // epoch, bytes, ms
                spill += ms(a[2]);
            }
        }
    }

    private static long ms(Object o) {
        return ((Number) o).longValue();
    }

    /** The sums so far, in seconds. */
    synchronized PartitionsReport.Stages stages() {
        return new PartitionsReport.Stages(spill / 1e3, buckets / 1e3, reads / 1e3, writes / 1e3, checksum / 1e3,
                force / 1e3);
    }
}
