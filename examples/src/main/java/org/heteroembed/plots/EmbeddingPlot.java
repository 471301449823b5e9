package org.heteroembed.plots;

import org.heteroembed.inference.HeteroEmbeddings;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A 2-D picture of one node type's vectors: principal component analysis (PCA) of at most {@code maxPoints}
 * vectors sampled uniformly, drawn as a scatter plot coloured by label (JFreeChart, headless PNG).
 *
 * <p>PCA with ND4J: the sampled vectors are centred, their {@code d x d} covariance formed with one matrix
 * product, and its two leading eigenvectors taken from LAPACK's symmetric eigensolver
 * ({@link Eigen#symmetricGeneralizedEigenvalues(INDArray, boolean)}); each axis is signed so that its largest
 * component is positive, so the same vectors always give the same picture. The axes show the share of the
 * variance each component explains. At most {@value #MAX_LEGEND} labels get their own colour (the most
 * frequent ones); the rest, and unlabelled nodes, are grey.
 */
public final class EmbeddingPlot {
    public static final int DEFAULT_MAX_POINTS = 5000;
    public static final int DEFAULT_WIDTH = 900;
    public static final int DEFAULT_HEIGHT = 800;
    /** Labels with their own colour and legend entry. */
    public static final int MAX_LEGEND = Charts.PALETTE.length;
    static final String UNLABELLED = "(no label)";
    static final String OTHER = "(other labels)";

    private EmbeddingPlot() {
    }

    /** A 2-D projection: one row of {@code xy} per input row, and the fraction of the variance each axis explains. */
    public record Projection(double[][] xy, double[] explained) {
    }

    /** How to draw: at most {@code maxPoints} nodes (sampled with {@code seed}), a {@code width x height} PNG. */
    public record Options(int maxPoints, int width, int height, long seed) {
        public static final Options DEFAULT = new Options(DEFAULT_MAX_POINTS, DEFAULT_WIDTH, DEFAULT_HEIGHT, 42);

        public Options {
            if (maxPoints < 1) {
                throw new IllegalArgumentException("the number of points to plot must be >= 1, got " + maxPoints);
            }
        }
    }

    /**
     * What {@link #write} drew: {@code points} nodes of {@code nodes} (the type's count; the sample when fewer),
     * {@code labelled} of the points with a label, in {@code colouredLabels} colours (the rest grey).
     */
    public record Summary(int points, int nodes, int labelled, int colouredLabels, Projection projection) {
    }

    /**
     * Writes the PCA picture of the vectors of {@code type} to {@code png}, atomically.
     *
     * @param labelOfId label of a node of this type by external id, or null when it has none; the whole function
     *                  may be null (no labels: one colour)
     */
    public static Summary write(HeteroEmbeddings e, String type, Function<String, String> labelOfId, Path png, Options options)
            throws IOException {
        int n = e.numNodes(type);
        if (n == 0) {
            throw new IllegalArgumentException("the model has no nodes of type '" + type + "' to plot");
        }
        int[] rows = sample(n, options.maxPoints(), options.seed());
        INDArray sampled = e.vectors(type, rows); // only the sampled rows (a partitioned model is not read whole)
        String[] labels = new String[rows.length];
        for (int i = 0; i < rows.length; i++) {
            labels[i] = labelOfId == null ? null : labelOfId.apply(e.id(type, rows[i]));
        }
        String what = rows.length < n
                ? String.format("%,d of %,d %s nodes", rows.length, n, type)
                : String.format("%,d %s nodes", n, type);
        Summary s = write(sampled, labels, "PCA of " + e.dimension() + "-d " + type + " vectors (" + what + ")", png,
                options.width(), options.height());
        return new Summary(s.points(), n, s.labelled(), s.colouredLabels(), s.projection());
    }

    /**
     * Writes the PCA picture of the rows of {@code vectors} (all of them: sample first), coloured by
     * {@code labels} (one per row, null entries unlabelled; the array may be null).
     */
    public static Summary write(INDArray vectors, String[] labels, String title, Path png, int width, int height)
            throws IOException {
        Charts.headless();
        int n = Math.toIntExact(vectors.rows());
        if (labels != null && labels.length != n) {
            throw new IllegalArgumentException(n + " vectors but " + labels.length + " labels");
        }
        Projection p = pca(vectors);
        // Series: the most frequent labels (in name order), then the rest and the unlabelled in grey.
        Map<String, Integer> counts = new HashMap<>();
        int labelled = 0;
        for (int i = 0; i < n; i++) {
            String l = labels == null ? null : labels[i];
            if (l != null) {
                counts.merge(l, 1, Integer::sum);
                labelled++;
            }
        }
        List<String> shown = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(MAX_LEGEND).map(Map.Entry::getKey).sorted(EmbeddingPlot::naturalOrder).toList();
        Map<String, XYSeries> series = new LinkedHashMap<>();
        for (String l : shown) {
            series.put(l, new XYSeries(l + " (" + counts.get(l) + ")", false, true));
        }
        XYSeries other = new XYSeries(OTHER, false, true);
        XYSeries none = new XYSeries(labels == null || labelled == 0 ? "nodes" : UNLABELLED, false, true);
        for (int i = 0; i < n; i++) {
            String l = labels == null ? null : labels[i];
            XYSeries s = l == null ? none : series.getOrDefault(l, other);
            s.add(p.xy()[i][0], p.xy()[i][1]);
        }
        // Grey first, so the coloured points are drawn on top of them.
        XYSeriesCollection data = new XYSeriesCollection();
        List<Color> colours = new ArrayList<>();
        if (none.getItemCount() > 0) {
            data.addSeries(none);
            colours.add(labelled == 0 ? Charts.PALETTE[0] : Charts.OTHER);
        }
        if (other.getItemCount() > 0) {
            data.addSeries(other);
            colours.add(Charts.OTHER);
        }
        for (int i = 0; i < shown.size(); i++) {
            data.addSeries(series.get(shown.get(i)));
            colours.add(Charts.PALETTE[i]);
        }

        JFreeChart chart = ChartFactory.createScatterPlot(title,
                String.format("PC1 (%.1f%% of variance)", 100 * p.explained()[0]),
                String.format("PC2 (%.1f%% of variance)", 100 * p.explained()[1]),
                data, PlotOrientation.VERTICAL, labelled > 0, false, false);
        XYPlot plot = chart.getXYPlot();
        Charts.style(chart, plot);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        double size = n > 2000 ? 4 : 6;
        int alpha = n > 2000 ? 170 : 210;
        for (int s = 0; s < colours.size(); s++) {
            Color c = colours.get(s);
            r.setSeriesPaint(s, new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha));
            r.setSeriesShape(s, new Ellipse2D.Double(-size / 2, -size / 2, size, size));
        }
        plot.setRenderer(r);
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setPosition(RectangleEdge.RIGHT);
        }
        Charts.writePng(chart, png, width, height);
        return new Summary(n, n, labelled, shown.size(), p);
    }

    /**
     * Projects the rows of {@code x} ({@code [n, d]}) on their two leading principal components. With one
     * dimension the second coordinate is 0; with a single row both are.
     */
    public static Projection pca(INDArray x) {
        int n = Math.toIntExact(x.rows()), d = Math.toIntExact(x.columns());
        INDArray c = x.castTo(DataType.DOUBLE).dup('c');
        c.subiRowVector(c.mean(0));
        double[][] xy = new double[n][2];
        if (n < 2 || d < 1) {
            return new Projection(xy, new double[]{0, 0});
        }
        INDArray cov = c.transpose().mmul(c).divi(n - 1).dup('f'); // [d, d]
        INDArray values = Eigen.symmetricGeneralizedEigenvalues(cov, true); // ascending; cov now holds the eigenvectors as columns
        double[] lambda = values.toDoubleVector();
        double total = 0;
        for (double l : lambda) {
            total += Math.max(0, l);
        }
        int k = Math.min(2, d);
        INDArray axes = Nd4j.zeros(DataType.DOUBLE, d, 2);
        double[] explained = new double[2];
        for (int j = 0; j < k; j++) {
            int col = d - 1 - j;
            INDArray v = cov.getColumn(col).dup();
            double[] comps = v.toDoubleVector();
            int big = 0;
            for (int i = 1; i < comps.length; i++) {
                big = Math.abs(comps[i]) > Math.abs(comps[big]) ? i : big;
            }
            if (comps[big] < 0) {
                v.negi();
            }
            axes.putColumn(j, v);
            explained[j] = total > 0 ? Math.max(0, lambda[col]) / total : 0;
        }
        double[][] projected = c.mmul(axes).toDoubleMatrix();
        for (int i = 0; i < n; i++) {
            xy[i][0] = projected[i][0];
            xy[i][1] = projected[i][1];
        }
        return new Projection(xy, explained);
    }

    /** {@code min(n, max)} distinct rows of {@code 0..n-1}, uniformly at random (seeded), in increasing order. */
    public static int[] sample(int n, int max, long seed) {
        if (n <= max) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        // Floyd's algorithm: max draws, no array of size n.
        SplittableRandom rng = new SplittableRandom(seed);
        java.util.HashSet<Integer> chosen = new java.util.HashSet<>(max * 2);
        for (int j = n - max; j < n; j++) {
            int t = rng.nextInt(j + 1);
            if (!chosen.add(t)) {
                chosen.add(j);
            }
        }
        int[] rows = chosen.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(rows);
        return rows;
    }

    /** "c2" before "c10": digits compared as numbers. */
    static int naturalOrder(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i), cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i, sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                String na = a.substring(si, i).replaceFirst("^0+(?=.)", ""), nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
                int cmp = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
                if (cmp != 0) {
                    return cmp;
                }
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
