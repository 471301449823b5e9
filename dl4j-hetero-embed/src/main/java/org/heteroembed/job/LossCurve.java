package org.heteroembed.job;

import org.heteroembed.graph.io.AtomicFiles;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A training-loss curve: (tokens trained, loss) points, as {@code hetero-embed train} records them next to the
 * model ({@code MODEL.loss.csv}) and {@code hetero-embed plot} draws them.
 *
 * <p>CSV with a header; the columns {@code tokens} (or {@code step}) and {@code loss} are required, others
 * ({@code pairs}, {@code epoch}, {@code seconds} as train writes them) are optional and kept when present.
 */
public final class LossCurve {
    /** Header of the CSV that {@link #write} produces. */
    public static final String HEADER = "tokens,pairs,epoch,seconds,loss";

    /**
     * One point: the loss averaged over the windows sampled since the previous point, at {@code tokens} trained
     * (or training step). {@code pairs}, {@code epoch} (1-based) and {@code seconds} are -1 when unknown.
     */
    public record Point(long tokens, long pairs, int epoch, double seconds, double loss) {
        public Point(long tokens, double loss) {
            this(tokens, -1, -1, -1, loss);
        }
    }

    private final List<Point> points;
    private final String xName;

    public LossCurve(List<Point> points) {
        this(points, "tokens");
    }

    private LossCurve(List<Point> points, String xName) {
        this.points = List.copyOf(points);
        this.xName = xName;
    }

    public List<Point> points() {
        return points;
    }

    /** What the x values count: "tokens" (train's curves) or "step". */
    public String xName() {
        return xName;
    }

    /** The points up to (and including) {@code tokens}: what a run resumed at {@code tokens} keeps of its curve. */
    public LossCurve upTo(long tokens) {
        return new LossCurve(points.stream().filter(p -> p.tokens() <= tokens).toList(), xName);
    }

    /** Writes the CSV atomically (temporary file renamed over {@code csv}). */
    public void write(Path csv) throws IOException {
        try {
            AtomicFiles.writeText(csv, out -> {
                out.write(HEADER + "\n");
                for (Point p : points) {
                    out.write(p.tokens() + "," + p.pairs() + "," + p.epoch() + ","
                            + (p.seconds() < 0 ? "-1" : String.format(Locale.ROOT, "%.3f", p.seconds())) + ","
                            + String.format(Locale.ROOT, "%.6f", p.loss()) + "\n");
                }
            });
        } catch (IOException e) { // e.g. "No space left on device", which names no file
            throw new IOException("could not write the loss curve " + csv + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a loss CSV: a header naming the columns, then one point per line (blank lines skipped).
     *
     * @throws IOException naming the file and line when it cannot be read or parsed
     */
    public static LossCurve read(Path csv) throws IOException {
        List<Point> points = new ArrayList<>();
        String xName;
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                throw new IOException(csv + ": empty file, expected a header such as '" + HEADER + "'");
            }
            List<String> names = Arrays.stream(header.split(",", -1)).map(s -> s.trim().toLowerCase(Locale.ROOT)).toList();
            int x = names.indexOf("tokens");
            xName = "tokens";
            if (x < 0) {
                x = names.indexOf("step");
                xName = "step";
            }
            int loss = names.indexOf("loss");
            if (x < 0 || loss < 0) {
                throw new IOException(csv + ":1: the header needs a 'tokens' (or 'step') and a 'loss' column, got '" + header + "'");
            }
            int pairs = names.indexOf("pairs"), epoch = names.indexOf("epoch"), seconds = names.indexOf("seconds");
            String line;
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                try {
                    points.add(new Point(Long.parseLong(f[x].trim()), pairs < 0 ? -1 : Long.parseLong(f[pairs].trim()),
                            epoch < 0 ? -1 : Integer.parseInt(f[epoch].trim()),
                            seconds < 0 ? -1 : Double.parseDouble(f[seconds].trim()), Double.parseDouble(f[loss].trim())));
                } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                    throw new IOException(csv + ":" + lineNo + ": expected " + names.size() + " numeric columns, got '" + line + "'");
                }
            }
        } catch (NoSuchFileException e) {
            throw new IOException(csv + ": file not found", e);
        }
        return new LossCurve(points, xName);
    }
}
