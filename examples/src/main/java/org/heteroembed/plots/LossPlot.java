package org.heteroembed.plots;

import org.heteroembed.job.LossCurve;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.List;

/**
 * A training-loss curve as a PNG (JFreeChart, headless): the sampled loss against tokens trained (or steps), a
 * moving average over it when there are enough points (75 or more; fewer are drawn as points on a line), and a
 * dashed line where each epoch after the first begins. The title gives the first and last loss of the moving average
 * (a single sample is noisy: a sampled loss, over a few pairs), or of the samples when there are too few to smooth.
 */
public final class LossPlot {
    public static final int DEFAULT_WIDTH = 900;
    public static final int DEFAULT_HEIGHT = 560;

    private LossPlot() {
    }

    /** Writes {@code png} at the default size. */
    public static void write(LossCurve curve, Path png) throws IOException {
        write(curve, png, "Training loss", DEFAULT_WIDTH, DEFAULT_HEIGHT);
    }

    /** Plots (x, loss) points given as a plain list (x: tokens or steps). */
    public static void write(List<LossCurve.Point> points, Path png) throws IOException {
        write(new LossCurve(points), png);
    }

    /**
     * Writes the curve as a {@code width x height} PNG, atomically.
     *
     * @throws IllegalArgumentException when the curve has no points
     */
    public static void write(LossCurve curve, Path png, String title, int width, int height) throws IOException {
        Charts.headless();
        List<LossCurve.Point> points = curve.points();
        if (points.isEmpty()) {
            throw new IllegalArgumentException("the loss curve has no points to plot");
        }
        XYSeries raw = new XYSeries("sampled loss", false, true);
        for (LossCurve.Point p : points) {
            raw.add(p.tokens(), p.loss());
        }
        XYSeriesCollection data = new XYSeriesCollection(raw);
        XYSeries avg = movingAverage(points);
        boolean smooth = avg != null;
        if (smooth) {
            data.addSeries(avg);
        }
        String xLabel = xLabel(curve);
        JFreeChart chart = ChartFactory.createXYLineChart(title(curve, title), xLabel,
                "loss (sampled skip-gram loss per context)", data, PlotOrientation.VERTICAL, smooth, false, false);
        LossCurve.Point first = points.get(0);
        XYPlot plot = chart.getXYPlot();
        Charts.style(chart, plot);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, points.size() <= 60);
        r.setSeriesPaint(0, smooth ? new Color(0x9ecae1) : Charts.PALETTE[0]);
        r.setSeriesStroke(0, new BasicStroke(smooth ? 1f : 2f));
        r.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-2.5, -2.5, 5, 5));
        if (smooth) {
            r.setSeriesPaint(1, Charts.PALETTE[0]);
            r.setSeriesStroke(1, new BasicStroke(2.5f));
            r.setSeriesShapesVisible(1, false);
        }
        plot.setRenderer(r);
        NumberAxis x = (NumberAxis) plot.getDomainAxis();
        x.setNumberFormatOverride(new CompactFormat());
        NumberAxis y = (NumberAxis) plot.getRangeAxis();
        y.setAutoRangeIncludesZero(false);
        int epoch = first.epoch();
        for (LossCurve.Point p : points) {
            if (p.epoch() > epoch && epoch >= 0) {
                ValueMarker m = new ValueMarker(p.tokens(), new Color(0x888888), new BasicStroke(1f, BasicStroke.CAP_BUTT,
                        BasicStroke.JOIN_MITER, 10f, new float[]{6f, 4f}, 0f));
                m.setLabel("epoch " + p.epoch());
                m.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
                m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
                m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
                m.setLabelBackgroundColor(new Color(255, 255, 255, 0));
                plot.addDomainMarker(m);
            }
            epoch = Math.max(epoch, p.epoch());
        }
        Charts.writePng(chart, png, width, height);
    }

    /**
     * The moving average drawn over the samples (x: the middle of each window of {@code points.size() / 25} samples),
     * or null below 75 samples: fewer are readable as they are.
     */
    static XYSeries movingAverage(List<LossCurve.Point> points) {
        int window = Math.max(1, points.size() / 25);
        if (window < 3) {
            return null;
        }
        XYSeries avg = new XYSeries("moving average (" + window + " points)", false, true);
        double sum = 0;
        for (int i = 0; i < points.size(); i++) {
            sum += points.get(i).loss();
            if (i >= window) {
                sum -= points.get(i - window).loss();
            }
            if (i >= window - 1) {
                avg.add(points.get(i - window / 2).tokens(), sum / window);
            }
        }
        return avg;
    }

    /**
     * The chart's title: the first and last value of the moving average, which the reader follows (the last sample
     * alone can be far off it), and how far training went; the first and last sample when the curve is not smoothed.
     */
    static String title(LossCurve curve, String title) {
        List<LossCurve.Point> points = curve.points();
        LossCurve.Point last = points.get(points.size() - 1);
        XYSeries avg = movingAverage(points);
        String over = String.format("over %s %s", compact(last.tokens()), xLabel(curve));
        if (avg == null) {
            return String.format("%s: %.3f \u2192 %.3f %s", title, points.get(0).loss(), last.loss(), over);
        }
        return String.format("%s, smoothed: %.3f \u2192 %.3f %s", title, avg.getY(0).doubleValue(),
                avg.getY(avg.getItemCount() - 1).doubleValue(), over);
    }

    private static String xLabel(LossCurve curve) {
        return "tokens".equals(curve.xName()) ? "tokens trained" : curve.xName();
    }

    /** 1234567 as "1.23M": token counts grow large. */
    static String compact(double v) {
        double a = Math.abs(v);
        if (a >= 1e9) {
            return trim(v / 1e9) + "G";
        }
        if (a >= 1e6) {
            return trim(v / 1e6) + "M";
        }
        if (a >= 1e4) {
            return trim(v / 1e3) + "k";
        }
        return trim(v);
    }

    private static String trim(double v) {
        return new DecimalFormat("0.##").format(v);
    }

    /** Axis tick labels in {@link #compact} form. */
    private static final class CompactFormat extends NumberFormat {
        @Override
        public StringBuffer format(double number, StringBuffer toAppendTo, FieldPosition pos) {
            return toAppendTo.append(compact(number));
        }

        @Override
        public StringBuffer format(long number, StringBuffer toAppendTo, FieldPosition pos) {
            return toAppendTo.append(compact(number));
        }

        @Override
        public Number parse(String source, ParsePosition parsePosition) {
            return null;
        }
    }
}
