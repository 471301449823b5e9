package org.heteroembed.bench;

import org.heteroembed.config.ByteSize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The results of {@link PartitionsBenchmark}: what each configuration (whole tables in memory, or P partitions on
 * disk with a memory budget) measured in each of its runs, summarised per configuration as medians, with the
 * throughput as a ratio to the in-memory run and the quality as a difference in points (hundredths) from it; as a
 * Markdown table for BENCHMARKS.md and as CSV (one row per run, and one per configuration).
 */
public final class PartitionsReport {
    /**
     * How the tables were held.
     *
     * @param partitions  0: whole tables in memory; else partitions per type on disk
     * @param memoryBytes the {@code --memory} budget given (0 in memory)
     * @param roundedUp   whether the budget was raised above a quarter of the tables so two partitions fit
     */
    public record Config(int partitions, long memoryBytes, boolean roundedUp) {
        public static final Config IN_MEMORY = new Config(0, 0, false);

        public boolean inMemory() {
            return partitions == 0;
        }

        public String label() {
            return inMemory() ? "in memory" : "P=" + partitions;
        }
    }

    /**
     * Where a partitioned run's training time went, in seconds (from the trainer's debug logs: {@link StageTimes}).
     *
     * @param spill    walking the epoch and spilling its windows by bucket
     * @param buckets  training the buckets (Hogwild threads; from the first to the last thread done)
     * @param reads    loading partition files (read and checksum)
     * @param writes   storing partition files (checksum, write, fsync, rename)
     * @param checksum of reads and writes: computing CRC32C
     * @param force    of writes: fsync
     */
    public record Stages(double spill, double buckets, double reads, double writes, double checksum, double force) {
        public static final Stages NONE = new Stages(0, 0, 0, 0, 0, 0);
    }

    /**
     * What one run (one child JVM) measured.
     *
     * @param tokens       walk tokens trained
     * @param seconds      training time (the runner's: walks, spilling, buckets and partition I/O; not graph loading)
     * @param peakRssBytes peak resident set size of the run's JVM at the end of training (VmHWM)
     * @param loads        partition loads (0 in memory)
     * @param bytesRead    bytes of partition files read
     * @param bytesWritten bytes of partition files written
     * @param spillBytes   bytes of skip-gram windows spilled to disk
     * @param microF1      users' planted communities: micro-F1 of node classification
     * @param macroF1      the same, macro-F1
     * @param auc          link prediction on the held-out clicks: AUC
     * @param stages       where a partitioned run's training time went ({@link Stages#NONE} in memory)
     */
    public record Run(long tokens, double seconds, long peakRssBytes, long loads, long bytesRead, long bytesWritten,
                      long spillBytes, double microF1, double macroF1, double auc, Stages stages) {
        private static final String PREFIX = "RESULT";

        public double tokensPerSecond() {
            return seconds > 0 ? tokens / seconds : 0;
        }

        /** The line a child JVM prints (all fields as key=value, exact). */
        public String toLine() {
            return String.format(Locale.ROOT, "%s tokens=%d seconds=%s rss=%d loads=%d read=%d written=%d spill=%d "
                            + "microF1=%s macroF1=%s auc=%s spillSeconds=%s bucketSeconds=%s readSeconds=%s "
                            + "writeSeconds=%s checksumSeconds=%s forceSeconds=%s", PREFIX, tokens, seconds, peakRssBytes,
                    loads, bytesRead, bytesWritten, spillBytes, microF1, macroF1, auc, stages.spill(), stages.buckets(),
                    stages.reads(), stages.writes(), stages.checksum(), stages.force());
        }

        /** The run of a {@link #toLine()} line; null for any other line. */
        public static Run parse(String line) {
            if (!line.startsWith(PREFIX + " ")) {
                return null;
            }
            Map<String, String> kv = new LinkedHashMap<>();
            for (String field : line.substring(PREFIX.length() + 1).trim().split("\\s+")) {
                int eq = field.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("not key=value: '" + field + "' in " + line);
                }
                kv.put(field.substring(0, eq), field.substring(eq + 1));
            }
            try {
                return new Run(Long.parseLong(get(kv, "tokens", line)), Double.parseDouble(get(kv, "seconds", line)),
                        Long.parseLong(get(kv, "rss", line)), Long.parseLong(get(kv, "loads", line)),
                        Long.parseLong(get(kv, "read", line)), Long.parseLong(get(kv, "written", line)),
                        Long.parseLong(get(kv, "spill", line)), Double.parseDouble(get(kv, "microF1", line)),
                        Double.parseDouble(get(kv, "macroF1", line)), Double.parseDouble(get(kv, "auc", line)),
                        new Stages(Double.parseDouble(get(kv, "spillSeconds", line)),
                                Double.parseDouble(get(kv, "bucketSeconds", line)),
                                Double.parseDouble(get(kv, "readSeconds", line)),
                                Double.parseDouble(get(kv, "writeSeconds", line)),
                                Double.parseDouble(get(kv, "checksumSeconds", line)),
                                Double.parseDouble(get(kv, "forceSeconds", line))));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad number in " + line + ": " + e.getMessage(), e);
            }
        }

        private static String get(Map<String, String> kv, String key, String line) {
            String v = kv.get(key);
            if (v == null) {
                throw new IllegalArgumentException("no " + key + "= in " + line);
            }
            return v;
        }
    }

    /** One configuration's medians (I/O per epoch), with throughput and quality relative to the in-memory run. */
    public record Summary(Config config, int runs, int failed, double tokensPerSecond, double speedRatio,
                          long peakRssBytes, double loadsPerEpoch, double bytesReadPerEpoch, double bytesWrittenPerEpoch,
                          double spillBytesPerEpoch, double microF1, double macroF1, double auc, double macroF1Points,
                          double aucPoints) {
    }

    private final List<Config> configs;
    private final Map<Config, List<Run>> runs = new LinkedHashMap<>();
    private final Map<Config, Integer> failures = new LinkedHashMap<>();
    private final int epochs;

    /**
     * @param configs the configurations, the in-memory one first (the reference of ratios and differences)
     * @param epochs  epochs every run trained (I/O is reported per epoch)
     */
    public PartitionsReport(List<Config> configs, int epochs) {
        if (configs.isEmpty() || !configs.get(0).inMemory()) {
            throw new IllegalArgumentException("the first configuration must be the in-memory one, got " + configs);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        this.configs = List.copyOf(configs);
        this.epochs = epochs;
        for (Config c : configs) {
            runs.put(c, new ArrayList<>());
            failures.put(c, 0);
        }
    }

    /** Records a run of {@code config}; null for a run that failed. */
    public void add(Config config, Run run) {
        List<Run> list = runs.get(config);
        if (list == null) {
            throw new IllegalArgumentException("unknown configuration " + config);
        }
        if (run == null) {
            failures.merge(config, 1, Integer::sum);
        } else {
            list.add(run);
        }
    }

    /** Per configuration, in order; NaN where a configuration has no successful run. */
    public List<Summary> summaries() {
        List<Summary> out = new ArrayList<>();
        List<Run> reference = runs.get(configs.get(0));
        double refSpeed = median(reference, Run::tokensPerSecond);
        double refF1 = median(reference, Run::macroF1);
        double refAuc = median(reference, Run::auc);
        for (Config c : configs) {
            List<Run> rs = runs.get(c);
            double speed = median(rs, Run::tokensPerSecond);
            double macro = median(rs, Run::macroF1);
            double auc = median(rs, Run::auc);
            out.add(new Summary(c, rs.size(), failures.get(c), speed, speed / refSpeed,
                    (long) median(rs, r -> r.peakRssBytes()), median(rs, r -> r.loads()) / epochs,
                    median(rs, r -> r.bytesRead()) / epochs, median(rs, r -> r.bytesWritten()) / epochs,
                    median(rs, r -> r.spillBytes()) / epochs, median(rs, Run::microF1), macro, auc,
                    100 * (macro - refF1), 100 * (auc - refAuc)));
        }
        return out;
    }

    /** The summary as a Markdown table (quality differences from the in-memory run in points). */
    public String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("| tables | --memory | tokens/s (median) | vs in memory | peak RSS | partition loads / epoch "
                + "| GiB read / epoch | GiB written / epoch | GiB spilled / epoch | user macro-F1 (points vs in memory) "
                + "| link AUC (points vs in memory) | runs |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Summary s : summaries()) {
            Config c = s.config();
            String memory = c.inMemory() ? "-" : ByteSize.format(c.memoryBytes()) + (c.roundedUp() ? " (rounded up)" : "");
            boolean io = !c.inMemory();
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    c.label(), memory, Double.isNaN(s.tokensPerSecond()) ? "-" : String.format(Locale.ROOT, "%,.0f", s.tokensPerSecond()),
                    c.inMemory() ? "1.00x" : fixed(s.speedRatio(), 2) + "x",
                    Double.isNaN(s.tokensPerSecond()) ? "-" : ByteSize.format(s.peakRssBytes()),
                    io ? fixed(s.loadsPerEpoch(), 1) : "-", io ? gib(s.bytesReadPerEpoch()) : "-",
                    io ? gib(s.bytesWrittenPerEpoch()) : "-", io ? gib(s.spillBytesPerEpoch()) : "-",
                    quality(s.macroF1(), s.macroF1Points(), c.inMemory()), quality(s.auc(), s.aucPoints(), c.inMemory()),
                    s.failed() == 0 ? Integer.toString(s.runs()) : s.runs() + " (+" + s.failed() + " failed)"));
        }
        return b.toString();
    }

    /**
     * Where the training time went, per configuration (median seconds per epoch of each stage; the stages of one
     * configuration's median need not add up exactly to its median total).
     */
    public String timeMarkdown() {
        StringBuilder b = new StringBuilder();
        b.append("| tables | training s / epoch | walk + spill windows | train buckets | load partitions (read) "
                + "| store partitions (write) | of which CRC32C | of which fsync | other |\n");
        b.append("|---|---|---|---|---|---|---|---|---|\n");
        for (Config c : configs) {
            List<Run> rs = runs.get(c);
            double total = median(rs, Run::seconds) / epochs;
            if (c.inMemory()) {
                b.append(String.format(Locale.ROOT, "| %s | %s | (walks on the fly) | %s | - | - | - | - | - |%n",
                        c.label(), fixed(total, 1), fixed(total, 1)));
                continue;
            }
            double spill = median(rs, r -> r.stages().spill()) / epochs;
            double buckets = median(rs, r -> r.stages().buckets()) / epochs;
            double reads = median(rs, r -> r.stages().reads()) / epochs;
            double writes = median(rs, r -> r.stages().writes()) / epochs;
            double other = median(rs, r -> r.seconds() - r.stages().spill() - r.stages().buckets() - r.stages().reads()
                    - r.stages().writes()) / epochs;
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", c.label(),
                    fixed(total, 1), share(spill, total), share(buckets, total), share(reads, total),
                    share(writes, total), fixed(median(rs, r -> r.stages().checksum()) / epochs, 1),
                    fixed(median(rs, r -> r.stages().force()) / epochs, 1), share(other, total)));
        }
        return b.toString();
    }

    private static String share(double seconds, double total) {
        return Double.isNaN(seconds) ? "-" : String.format(Locale.ROOT, "%.1f (%.0f%%)", seconds, 100 * seconds / total);
    }

    /** One row per configuration, plain numbers (bytes, not GiB). */
    public String summaryCsv() {
        StringBuilder b = new StringBuilder("partitions,memory_bytes,rounded_up,runs,failed,tokens_per_s,speed_ratio,"
                + "peak_rss_bytes,loads_per_epoch,bytes_read_per_epoch,bytes_written_per_epoch,spill_bytes_per_epoch,"
                + "micro_f1,macro_f1,auc,macro_f1_points,auc_points\n");
        for (Summary s : summaries()) {
            Config c = s.config();
            b.append(String.format(Locale.ROOT, "%d,%d,%b,%d,%d,%.1f,%.4f,%d,%.2f,%.0f,%.0f,%.0f,%.4f,%.4f,%.4f,%.2f,%.2f%n",
                    c.partitions(), c.memoryBytes(), c.roundedUp(), s.runs(), s.failed(), s.tokensPerSecond(),
                    s.speedRatio(), s.peakRssBytes(), s.loadsPerEpoch(), s.bytesReadPerEpoch(), s.bytesWrittenPerEpoch(),
                    s.spillBytesPerEpoch(), s.microF1(), s.macroF1(), s.auc(), s.macroF1Points(), s.aucPoints()));
        }
        return b.toString();
    }

    /** Every successful run, one row each, in configuration order. */
    public String runsCsv() {
        StringBuilder b = new StringBuilder("partitions,memory_bytes,tokens,seconds,tokens_per_s,peak_rss_bytes,loads,"
                + "bytes_read,bytes_written,spill_bytes,micro_f1,macro_f1,auc,spill_s,buckets_s,reads_s,writes_s,"
                + "checksum_s,force_s\n");
        for (Config c : configs) {
            for (Run r : runs.get(c)) {
                Stages st = r.stages();
                b.append(String.format(Locale.ROOT, "%d,%d,%d,%.3f,%.1f,%d,%d,%d,%d,%d,%.4f,%.4f,%.4f,%.3f,%.3f,%.3f,%.3f,"
                                + "%.3f,%.3f%n", c.partitions(), c.memoryBytes(), r.tokens(), r.seconds(), r.tokensPerSecond(),
                        r.peakRssBytes(), r.loads(), r.bytesRead(), r.bytesWritten(), r.spillBytes(), r.microF1(),
                        r.macroF1(), r.auc(), st.spill(), st.buckets(), st.reads(), st.writes(), st.checksum(), st.force()));
            }
        }
        return b.toString();
    }

    private static String quality(double value, double points, boolean reference) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return reference ? fixed(value, 3) : String.format(Locale.ROOT, "%.3f (%+.1f)", value, points);
    }

    private static String gib(double bytes) {
        return fixed(bytes / (1L << 30), 2);
    }

    private static String fixed(double v, int decimals) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** Median of a metric over runs; NaN for none. */
    static double median(List<Run> runs, ToDoubleFunction<Run> metric) {
        if (runs.isEmpty()) {
            return Double.NaN;
        }
        double[] v = runs.stream().mapToDouble(metric).toArray();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
