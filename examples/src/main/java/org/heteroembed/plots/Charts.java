package org.heteroembed.plots;

import org.heteroembed.graph.io.AtomicFiles;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the plots share: headless rendering, a palette, one look, and atomic PNG writing (JFreeChart). */
final class Charts {
    static {
        // PNGs are drawn off-screen: no display needed (also on servers without X11). Set before AWT starts.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Distinct colours for categories (Tableau 20 order: the ten strong colours first, then their light versions). */
    static final Color[] PALETTE = {
            new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
            new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf),
            new Color(0xaec7e8), new Color(0xffbb78), new Color(0x98df8a), new Color(0xff9896), new Color(0xc5b0d5),
            new Color(0xc49c94), new Color(0xf7b6d2), new Color(0xc7c7c7), new Color(0xdbdb8d), new Color(0x9edae5)};

    /** Colour of points that fall in no listed category (unlabelled, or beyond the palette). */
    static final Color OTHER = new Color(0xb0b0b0);

    private Charts() {
    }

    /** Makes sure AWT runs headless (the static initializer); call before creating any chart. */
    static void headless() {
    }

    /** A plain white look with a light grid. */
    static void style(JFreeChart chart, XYPlot plot) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        plot.setDomainGridlineStroke(new BasicStroke(1f));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setOutlinePaint(new Color(0x999999));
    }

    /** Writes the chart as a PNG of {@code width x height} pixels through a temporary file renamed into place. */
    static void writePng(JFreeChart chart, Path png, int width, int height) throws IOException {
        if (width < 16 || height < 16) {
            throw new IllegalArgumentException("plot size must be at least 16 x 16 pixels, got " + width + " x " + height);
        }
        AtomicFiles.write(png, tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                ChartUtils.writeChartAsPNG(out, chart, width, height);
            }
        });
    }
}
