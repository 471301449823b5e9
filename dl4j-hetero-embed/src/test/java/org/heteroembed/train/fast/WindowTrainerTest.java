package org.heteroembed.train.fast;

import org.heteroembed.sampling.NegativeSampler;
import org.heteroembed.sampling.NodeFrequencies;
import org.heteroembed.sampling.SkipGramConfig;
import org.heteroembed.sampling.SkipGramWindows;
import org.heteroembed.walk.WalkChunk;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WindowTrainerTest {
    /**
     * A score just under MAX_EXP (6) whose float sum f + 6 rounds to 12 used to index the sigmoid table one past
     * its end (a long `train` run crashed with index 1000 of 1000).
     */
    @Test
    void scoresJustBelowTheTableEdgeTrain() {
        float justBelow = Math.nextDown(6f);
        INDArray in = Nd4j.createFromArray(new float[][]{{1f}, {1f}});
        INDArray out = Nd4j.createFromArray(new float[][]{{justBelow}, {justBelow}});
        SkipGramConfig sg = SkipGramConfig.builder().window(1).negatives(1).subsample(0).build();
        NegativeSampler negatives = new NegativeSampler(new int[]{0, 2}, new NodeFrequencies(new long[]{1, 1}), 0.75, false);
        WindowTrainer trainer = new WindowTrainer(new FloatRows(in), new FloatRows(out), negatives,
                new SkipGramWindows(1, null), sg, 0, new DoubleAdder(), new LongAdder());
        long pairs = trainer.train(new WalkChunk(0, 1, new int[]{0, 2}, new int[]{0, 1}), 0.025f);
        assertEquals(2, pairs, "both positions of the 2-node walk are trained");
        assertTrue(Float.isFinite(in.getFloat(0, 0)) && Float.isFinite(out.getFloat(1, 0)));
    }
}
