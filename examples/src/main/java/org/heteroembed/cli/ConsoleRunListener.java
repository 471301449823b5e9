package org.heteroembed.cli;

import org.heteroembed.job.RunListener;
import org.heteroembed.train.fast.TrainingProgress;

import java.io.PrintWriter;
import java.util.function.LongConsumer;

/**
 * Shows a job run on the console: each stage as a line, a progress bar (with rate and ETA) over the input bytes
 * while the graph loads and over the tokens while training, with the current loss beside it, and the final save.
 */
final class ConsoleRunListener implements RunListener, AutoCloseable {
    private final PrintWriter out;
    private Progress loading;
    private Progress training;
    private long shownTokens;
    private long lastLossShown;
    private double lossSum;
    private int lossCount;

    ConsoleRunListener(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void stage(String message) {
        closeLoading();
        if (training != null) { // a stage inside training (a partitioned run spilling its next epoch): on the bar
            training.message(message);
            lastLossShown = System.nanoTime();
            return;
        }
        out.println(message);
        out.flush();
    }

    @Override
    public LongConsumer loading(String input, long totalBytes) {
        closeLoading();
        loading = Progress.bytes("loading " + (input == null ? "" : java.nio.file.Path.of(input).getFileName()), totalBytes);
        return loading::step;
    }

    @Override
    public void training(long plannedTokens, TrainingProgress start) {
        closeLoading();
        training = Progress.items("training", plannedTokens, "tokens", 1);
        training.step(start.tokens());
        shownTokens = start.tokens();
    }

    @Override
    public void progress(TrainingProgress p, double loss) {
        if (training == null) {
            return;
        }
        training.step(p.tokens() - shownTokens);
        shownTokens = p.tokens();
        if (!Double.isNaN(loss)) {
            lossSum += loss;
            lossCount++;
        }
        if (lossCount > 0 && System.nanoTime() - lastLossShown > 1_000_000_000L) {
            training.message(String.format("loss %.3f, %,d pairs", lossSum / lossCount, p.pairs()));
            lossSum = 0;
            lossCount = 0;
            lastLossShown = System.nanoTime();
        }
    }

    @Override
    public void saving(java.nio.file.Path model) {
        closeTraining(); // the bar's last line stays, then the save as a line of its own
        out.printf("saving %s%n", model);
        out.flush();
    }

    private void closeTraining() {
        if (training != null) {
            training.close();
            training = null;
        }
    }

    private void closeLoading() {
        if (loading != null) {
            loading.close();
            loading = null;
        }
    }

    @Override
    public void close() {
        closeLoading();
        closeTraining();
    }
}
