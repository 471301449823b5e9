package org.heteroembed.job;

import org.heteroembed.train.fast.TrainingProgress;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the losses an engine reports (after every chunk or batch) into loss-curve points of about
 * {@code planned / }{@value #POINTS} tokens each. When a long run (a pair budget over many epochs) reaches
 * {@value #MAX_POINTS} points, neighbouring points are merged and the spacing doubled, so the curve stays small.
 * A resumed run continues the curve of its checkpoint.
 */
final class LossRecorder {
    static final int POINTS = 1000;
    static final int MAX_POINTS = 4000;
    private final List<LossCurve.Point> points;
    private final double secondsBefore;
    private final long t0 = System.nanoTime();
    private long step;
    private long pointStart;
    private double sum;
    private int count;

    LossRecorder(List<LossCurve.Point> resumed, long plannedTokens) {
        this.points = new ArrayList<>(resumed);
        this.secondsBefore = resumed.isEmpty() ? 0 : Math.max(0, resumed.get(resumed.size() - 1).seconds());
        this.pointStart = resumed.isEmpty() ? 0 : resumed.get(resumed.size() - 1).tokens();
        this.step = Math.max(1, plannedTokens / POINTS);
    }

    /** One loss reading (NaN: nothing sampled) after the chunk or batch that reached {@code p}. */
    void add(double loss, TrainingProgress p) {
        if (!Double.isNaN(loss)) {
            sum += loss;
            count++;
        }
        if (count > 0 && p.tokens() - pointStart >= step) {
            point(p);
        }
    }

    /** Closes the last, partial point at the run's end. */
    void finish(TrainingProgress end) {
        if (count > 0) {
            point(new TrainingProgress(Math.max(0, end.epoch() - (end.chunk() == 0 ? 1 : 0)), end.chunk(), end.tokens(), end.pairs()));
        }
    }

    LossCurve curve() {
        return new LossCurve(points);
    }

    private void point(TrainingProgress p) {
        points.add(new LossCurve.Point(p.tokens(), p.pairs(), p.epoch() + 1, secondsBefore + (System.nanoTime() - t0) / 1e9,
                sum / count));
        sum = 0;
        count = 0;
        pointStart = p.tokens();
        if (points.size() >= MAX_POINTS) {
            List<LossCurve.Point> merged = new ArrayList<>();
            for (int i = 0; i + 1 < points.size(); i += 2) {
                LossCurve.Point a = points.get(i), b = points.get(i + 1);
                merged.add(new LossCurve.Point(b.tokens(), b.pairs(), b.epoch(), b.seconds(), (a.loss() + b.loss()) / 2));
            }
            if (points.size() % 2 == 1) {
                merged.add(points.get(points.size() - 1));
            }
            points.clear();
            points.addAll(merged);
            step *= 2;
        }
    }
}
