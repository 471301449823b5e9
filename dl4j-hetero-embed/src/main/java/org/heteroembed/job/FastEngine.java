package org.heteroembed.job;

import org.heteroembed.train.fast.FastSkipGramEngine;

/** The fast engine ({@link FastSkipGramEngine}): Hogwild SIMD skip-gram windows on the network's tables (CPU). */
final class FastEngine implements TrainingEngine {
    @Override
    public Outcome train(EngineContext c) throws InterruptedException {
        TrainingConfig t = c.training();
        double lr = t.learningRate();
        FastSkipGramEngine engine = FastSkipGramEngine.builder().learningRate(lr)
                .minLearningRate(t.decay() == TrainingConfig.Decay.CONSTANT ? lr : t.minLearningRate())
                .epochs(t.epochs()).maxPairs(t.maxPairs()).rowRates(c.rowRates()).build();
        c.begin(c.plannedTokens());
        if (c.stopRequested()) {
            engine.requestStop();
        }
        FastSkipGramEngine.Result r = engine.fit(c.net(), c.walks(), c.pairs(), c.start(), p -> {
            c.progress(p, engine.sampledLoss());
            if (c.stopRequested()) {
                engine.requestStop();
            }
        });
        return new Outcome(r.progress(), r.completed());
    }
}
