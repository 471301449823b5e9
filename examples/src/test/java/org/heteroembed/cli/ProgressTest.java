package org.heteroembed.cli;

import me.tongfei.progressbar.ProgressBarConsumer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The progress bar's final line is drawn once, whether the bar closes right after its last step or later. */
class ProgressTest {
    /** The lines a console would receive, and whether it was closed. */
    static final class Capture implements ProgressBarConsumer {
        final List<String> lines = new ArrayList<>();
        boolean closed;

        @Override
        public int getMaxRenderedLength() {
            return 79;
        }

        @Override
        public synchronized void accept(String rendered) {
            lines.add(rendered);
        }

        @Override
        public void close() {
            closed = true;
        }

        synchronized long complete() {
            return lines.stream().filter(l -> l.contains("100%")).count();
        }
    }

    @Test
    void finalLineOnceWhenClosedAfterTheBarShowedIt() throws InterruptedException {
        Capture console = new Capture();
        try (Progress p = Progress.items("training", 1000, "tokens", console)) {
            p.step(400);
            Thread.sleep(700);
            p.step(600);
            Thread.sleep(1200); // a periodic refresh draws 100% (as while train saves the model), then close
        }
        assertEquals(1, console.complete(), String.join("\n", console.lines));
        assertTrue(console.closed);
        assertTrue(console.lines.stream().allMatch(l -> l.length() <= 79), String.join("\n", console.lines));
    }

    @Test
    void finalLineOnceWhenClosedRightAfterTheLastStep() throws InterruptedException {
        Capture console = new Capture();
        try (Progress p = Progress.items("training", 1000, "tokens", console)) {
            Thread.sleep(100);
            p.step(1000); // closed before any periodic refresh drew it
        }
        assertEquals(1, console.complete(), String.join("\n", console.lines));
        assertTrue(console.closed);
    }
}
