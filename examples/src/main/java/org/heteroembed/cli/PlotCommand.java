package org.heteroembed.cli;

import org.heteroembed.inference.HeteroEmbeddings;
import org.heteroembed.plots.EmbeddingPlot;
import org.heteroembed.job.JobRunner;
import org.heteroembed.job.LossCurve;
import org.heteroembed.plots.LossPlot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code hetero-embed plot}: PNG pictures of a model, through {@link EmbeddingPlot} (a PCA projection of one type's
 * vectors, coloured by label) and {@link LossPlot} (the training-loss curve train records next to the model).
 */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"Write PNG plots of a model: a 2-D PCA projection of each node type's vectors and the training-loss curve.",
                "DIR/projection-TYPE.png: at most --max-points nodes of the type (sampled), coloured by label from --graph; "
                        + "as for eval, --graph defaults to MODEL.train.heg (the training graph train --holdout writes "
                        + "beside the model) when it exists.",
                "DIR/loss.png: the loss curve of --loss-csv, or of MODEL.loss.csv (as train writes it) when that exists."})
final class PlotCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "Model file written by train (or spark-train, search), or a partitioned model directory.")
    Path model;

    @Option(names = "--plots", required = true, paramLabel = "DIR", description = "Directory to write the PNG files into (created if missing).")
    Path dir;

    @Option(names = "--type", paramLabel = "TYPE", description = "Node type to project; repeatable. Default: every type of the model.")
    List<String> types = new ArrayList<>();

    @Option(names = "--loss-csv", paramLabel = "FILE",
            description = "Loss curve to draw (CSV with tokens and loss columns). Default: MODEL.loss.csv when it exists.")
    Path lossCsv;

    @Option(names = "--max-points", defaultValue = "5000", paramLabel = "N", description = "Nodes per projection, sampled uniformly beyond it. Default: ${DEFAULT-VALUE}.")
    int maxPoints;

    @Option(names = "--width", defaultValue = "900", paramLabel = "PIXELS", description = "Image width in pixels. Default: ${DEFAULT-VALUE}.")
    int width;

    @Option(names = "--height", defaultValue = "800", paramLabel = "PIXELS", description = "Projection image height in pixels (loss.png keeps its 900 x 560 shape at --width). Default: ${DEFAULT-VALUE}.")
    int height;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "SEED", description = "Seed of the node sample. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Mixin
    LabelOptions labels;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (maxPoints < 1 || width < 16 || height < 16) {
            throw new IllegalArgumentException("--max-points must be >= 1, --width and --height >= 16");
        }
        PrintWriter pw = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        if (!labels.given()) {
            labels = LabelOptions.trainingGraph(model, err);
        }
        HeteroEmbeddings e = ModelArgs.load(model, labels, err);
        for (String t : types) {
            ModelArgs.checkType(e, model, "--type", t);
        }
        Path loss = lossCsv;
        if (loss != null && !Files.isRegularFile(loss)) {
            throw new IOException(loss + ": file not found");
        }
        if (loss == null && Files.isRegularFile(JobRunner.lossFile(model))) {
            loss = JobRunner.lossFile(model);
        }
        Files.createDirectories(dir);
        EmbeddingPlot.Options options = new EmbeddingPlot.Options(maxPoints, width, height, seed);
        for (String type : types.isEmpty() ? e.types() : types) {
            if (e.numNodes(type) == 0) {
                err.printf("note: no %s nodes in %s: no projection drawn%n", type, model);
                continue;
            }
            Function<String, String> labelOf = labels.given() ? labels.labelsOf(e, type, err) : null;
            Path png = projectionFile(dir, type);
            EmbeddingPlot.Summary s = EmbeddingPlot.write(e, type, labelOf, png, options);
            pw.printf("wrote %s: PCA of %,d of %,d %s vectors (PC1 %.1f%%, PC2 %.1f%% of the variance)%s%n", png, s.points(), s.nodes(),
                    type, 100 * s.projection().explained()[0], 100 * s.projection().explained()[1],
                    s.labelled() == 0 ? "" : String.format(", %,d labelled in %d colours", s.labelled(), s.colouredLabels()));
        }
        if (loss != null) {
            LossCurve curve = LossCurve.read(loss);
            if (curve.points().isEmpty()) {
                if (lossCsv != null) {
                    throw new IOException(loss + ": no loss points to plot");
                }
                err.printf("note: %s has no loss points yet: no loss plot%n", loss);
            } else {
                Path png = dir.resolve("loss.png");
                LossPlot.write(curve, png, "Training loss", width, LossPlot.DEFAULT_HEIGHT * width / LossPlot.DEFAULT_WIDTH);
                pw.printf("wrote %s: loss curve of %,d points from %s%n", png, curve.points().size(), loss);
            }
        }
        err.flush();
        pw.flush();
        return 0;
    }

    /** {@code DIR/projection-TYPE.png}, with characters that do not belong in file names replaced by '_'. */
    static Path projectionFile(Path dir, String type) {
        return dir.resolve("projection-" + type.replaceAll("[^A-Za-z0-9._-]", "_") + ".png");
    }
}
