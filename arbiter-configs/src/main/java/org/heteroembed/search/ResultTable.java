package org.heteroembed.search;

import org.heteroembed.config.ValueType;
import org.heteroembed.graph.io.AtomicFiles;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results of a search as a CSV table, one row per candidate: index, status, score, every metric, pairs
 * trained, times, the candidate's value of every key of the space (e.g. {@code model.dimension}), the candidate it duplicates
 * and the error. Rows are appended (and flushed) as candidates finish, so an interrupted search leaves its
 * results so far; {@link #finish()} rewrites the file atomically in candidate order. Thread-safe.
 */
public final class ResultTable {
    private final Path file;
    private final List<String> metrics;
    private final List<String> keys;
    private final List<CandidateResult> rows = new ArrayList<>();
    private BufferedWriter out;

    /**
     * @param metrics the score function's metrics
     * @param keys    the setting keys of the space
     */
    public ResultTable(Path file, List<String> metrics, List<String> keys) throws IOException {
        this.file = file;
        this.metrics = List.copyOf(metrics);
        this.keys = List.copyOf(keys);
        Files.createDirectories(file.toAbsolutePath().getParent());
        out = Files.newBufferedWriter(file);
        out.write(header());
        out.newLine();
        out.flush();
    }

    public Path file() {
        return file;
    }

    /** Appends a candidate's row. */
    public synchronized void add(CandidateResult r) {
        rows.add(r);
        if (out != null) {
            try {
                out.write(row(r));
                out.newLine();
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("writing " + file, e);
            }
        }
    }

    /** The rows so far, in candidate order. */
    public synchronized List<CandidateResult> rows() {
        List<CandidateResult> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparingInt(CandidateResult::index));
        return copy;
    }

    /** Rewrites the table in candidate order and closes it. */
    public synchronized void finish() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
        List<CandidateResult> sorted = rows();
        AtomicFiles.writeText(file, w -> {
            w.write(header());
            w.write('\n');
            for (CandidateResult r : sorted) {
                w.write(row(r));
                w.write('\n');
            }
        });
    }

    String header() {
        List<String> cols = new ArrayList<>(List.of("candidate", "status", "score"));
        cols.addAll(metrics);
        cols.addAll(List.of("pairs", "trainSeconds", "scoreSeconds"));
        cols.addAll(keys);
        cols.addAll(List.of("duplicateOf", "error"));
        return String.join(",", cols);
    }

    String row(CandidateResult r) {
        List<String> cells = new ArrayList<>();
        cells.add(Integer.toString(r.index()));
        cells.add(r.status().name().toLowerCase(Locale.ROOT));
        cells.add(r.score() == null ? "" : number(r.score()));
        for (String m : metrics) {
            Double v = r.metrics().get(m);
            cells.add(v == null ? "" : number(v));
        }
        cells.add(Long.toString(r.pairs()));
        cells.add(String.format(Locale.ROOT, "%.3f", r.trainSeconds()));
        cells.add(String.format(Locale.ROOT, "%.3f", r.scoreSeconds()));
        Map<String, Object> values = r.values(keys);
        for (String key : keys) {
            Object v = values.get(key);
            cells.add(v == null ? "" : v instanceof Double d ? number(d) : text(v));
        }
        cells.add(r.duplicateOf() < 0 ? "" : Integer.toString(r.duplicateOf()));
        cells.add(r.error() == null ? "" : r.error());
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(quote(cells.get(i)));
        }
        return sb.toString();
    }

    /** A setting's value as a job file spells it: enums in lower case ({@code node2vec}), others as Java prints them. */
    static String text(Object value) {
        return value instanceof Enum<?> e ? ValueType.name(e) : String.valueOf(value);
    }

    private static String number(double v) {
        return Double.toString(v);
    }

    /** RFC 4180: quote a cell with a comma, quote or line break; double its quotes. */
    static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
