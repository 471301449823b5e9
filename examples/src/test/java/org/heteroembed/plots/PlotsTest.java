package org.heteroembed.plots;

import org.heteroembed.job.LossCurve;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plot classes on hand-made data with known answers. */
class PlotsTest {
    @TempDir
    Path dir;

    @Test
    void pcaFindsTheDirectionsOfLargestVariance() {
        // Points spread 10x along (1, 1, 0)/sqrt 2, 2x along (0, 0, 1), 0.1x along (1, -1, 0)/sqrt 2.
        Random rng = new Random(1);
        int n = 2000;
        double[][] x = new double[n][3];
        double[] a = new double[n], b = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = 10 * rng.nextGaussian();
            b[i] = 2 * rng.nextGaussian();
            double c = 0.1 * rng.nextGaussian();
            x[i] = new double[]{5 + (a[i] + c) / Math.sqrt(2), -3 + (a[i] - c) / Math.sqrt(2), 7 + b[i]};
        }
        EmbeddingPlot.Projection p = EmbeddingPlot.pca(Nd4j.createFromArray(x).castTo(DataType.FLOAT));
        assertEquals(100 / 104.01, p.explained()[0], 0.02);
        assertEquals(4 / 104.01, p.explained()[1], 0.01);
        // Up to the sign (and the small rotation by the sample's chance correlations), the coordinates are a and b.
        double[] pc1 = Arrays.stream(p.xy()).mapToDouble(r -> r[0]).toArray(), pc2 = Arrays.stream(p.xy()).mapToDouble(r -> r[1]).toArray();
        assertEquals(1.0, Math.abs(correlation(pc1, a)), 1e-3);
        assertEquals(1.0, Math.abs(correlation(pc2, b)), 1e-2);
        assertEquals(0.0, Arrays.stream(pc1).average().orElse(1), 1e-6, "centred");
        // Deterministic signs: the same data gives the same picture.
        assertArrayEquals(p.xy()[5], EmbeddingPlot.pca(Nd4j.createFromArray(x)).xy()[5], 1e-3);
    }

    @Test
    void pcaOfDegenerateInputs() {
        assertArrayEquals(new double[]{0, 0}, EmbeddingPlot.pca(Nd4j.create(DataType.FLOAT, 1, 4)).xy()[0], 0);
        EmbeddingPlot.Projection line = EmbeddingPlot.pca(Nd4j.createFromArray(new double[][]{{1}, {2}, {3}}));
        assertEquals(1.0, line.explained()[0], 1e-9);
        assertEquals(0.0, line.xy()[0][1], 0);
        assertEquals(2.0, Math.abs(line.xy()[0][0] - line.xy()[2][0]), 1e-9);
    }

    @Test
    void sampleIsUniformDistinctSortedAndSeeded() {
        int[] s = EmbeddingPlot.sample(100_000, 5000, 7);
        assertEquals(5000, s.length);
        for (int i = 1; i < s.length; i++) {
            assertTrue(s[i] > s[i - 1]);
        }
        assertArrayEquals(s, EmbeddingPlot.sample(100_000, 5000, 7));
        long firstHalf = Arrays.stream(s).filter(r -> r < 50_000).count();
        assertEquals(2500, firstHalf, 150);
        assertEquals(10, EmbeddingPlot.sample(10, 5000, 7).length);
    }

    @Test
    void labelsSortNaturally() {
        List<String> l = new ArrayList<>(List.of("c10", "c2", "c1", "b", "c02x"));
        l.sort(EmbeddingPlot::naturalOrder);
        assertEquals(List.of("b", "c1", "c2", "c02x", "c10"), l);
    }

    @Test
    void embeddingPlotDrawsColouredClustersAsPng() throws IOException {
        Random rng = new Random(3);
        int n = 600;
        double[][] x = new double[n][8];
        String[] labels = new String[n];
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            for (int j = 0; j < 8; j++) {
                x[i][j] = (j == c ? 5 : 0) + rng.nextGaussian();
            }
            labels[i] = i % 50 == 0 ? null : "c" + c;
        }
        Path png = dir.resolve("sub/projection.png");
        EmbeddingPlot.Summary s = EmbeddingPlot.write(Nd4j.createFromArray(x), labels, "three clusters", png, 640, 480);
        assertEquals(600, s.points());
        assertEquals(588, s.labelled());
        assertEquals(3, s.colouredLabels());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(640, image.getWidth());
        assertEquals(480, image.getHeight());
        assertTrue(colours(image) > 5, "points in several colours");
        assertThrows(IllegalArgumentException.class,
                () -> EmbeddingPlot.write(Nd4j.createFromArray(x), new String[3], "t", png, 640, 480));
    }

    @Test
    void lossCurveRoundTripsThroughCsvAndPlots() throws IOException {
        List<LossCurve.Point> points = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            points.add(new LossCurve.Point(i * 1000L, i * 4000L, i <= 100 ? 1 : 2, i * 0.5, 4.16 * Math.exp(-i / 60.0) + 1));
        }
        Path csv = dir.resolve("loss.csv");
        new LossCurve(points).write(csv);
        LossCurve read = LossCurve.read(csv);
        assertEquals(200, read.points().size());
        assertEquals(points.get(17).tokens(), read.points().get(17).tokens());
        assertEquals(points.get(17).loss(), read.points().get(17).loss(), 1e-6);
        assertEquals(2, read.upTo(2000).points().size());

        Path png = dir.resolve("loss.png");
        LossPlot.write(read, png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(LossPlot.DEFAULT_WIDTH, image.getWidth());
        assertEquals(LossPlot.DEFAULT_HEIGHT, image.getHeight());

        // Other tools' curves: step instead of tokens, only the two required columns.
        Path steps = dir.resolve("steps.csv");
        Files.writeString(steps, "step,loss\n1,2.5\n2,2.0\n\n3,1.5\n");
        LossCurve s = LossCurve.read(steps);
        assertEquals("step", s.xName());
        assertEquals(3, s.points().size());
        LossPlot.write(s.points(), dir.resolve("steps.png"));
        assertTrue(Files.size(dir.resolve("steps.png")) > 1000);

        Files.writeString(steps, "step,loss\n1,2.5\n2,lots\n");
        IOException bad = assertThrows(IOException.class, () -> LossCurve.read(steps));
        assertTrue(bad.getMessage().contains("steps.csv:3:"), bad.getMessage());
        Files.writeString(steps, "epoch,value\n");
        assertThrows(IOException.class, () -> LossCurve.read(steps));
        assertThrows(IllegalArgumentException.class, () -> LossPlot.write(List.of(), dir.resolve("empty.png")));
    }

    @Test
    void lossTitleQuotesTheSmoothedCurveNotTheLastNoisySample() {
        // 200 samples around 2.0, alternately 0.5 above and below, the last one far off (a noisy sample).
        List<LossCurve.Point> points = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            double loss = i == 200 ? 9.0 : 2.0 + (i % 2 == 0 ? 0.5 : -0.5);
            points.add(new LossCurve.Point(i * 1000L, i * 4000L, 1, i * 0.5, loss));
        }
        // the moving average's window: 200 / 25 = 8 samples; its last value averages samples 193..200
        double lastSmoothed = 0;
        for (int i = 192; i < 200; i++) {
            lastSmoothed += points.get(i).loss() / 8;
        }
        String title = LossPlot.title(new LossCurve(points), "Training loss");
        assertEquals(String.format("Training loss, smoothed: 2.000 \u2192 %.3f over 200k tokens trained", lastSmoothed),
                title);
        assertTrue(!title.contains("9.000"), title);

        // Too few samples to smooth: the samples themselves, and the title does not say smoothed.
        List<LossCurve.Point> few = points.subList(0, 10);
        assertEquals("Training loss: 1.500 \u2192 2.500 over 10k tokens trained", LossPlot.title(new LossCurve(few), "Training loss"));
    }

    private static double correlation(double[] x, double[] y) {
        double mx = Arrays.stream(x).average().orElse(0), my = Arrays.stream(y).average().orElse(0);
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    private static int colours(BufferedImage image) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                int r = rgb >> 16 & 0xff, g = rgb >> 8 & 0xff, b = rgb & 0xff;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60) { // saturated: not white, grey or black
                    seen.add(rgb >> 4 & 0x0f0f0f);
                }
            }
        }
        return seen.size();
    }
}
