package org.heteroembed.nn;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.datavec.SkipGramMultiDataSetIterator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/** DL4J's own fit() trains the model on skip-gram records and separates planted communities. */
class FitTrainingTest {

    @Test
    void fitSeparatesPlantedCommunities() throws InterruptedException {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        // Batches of 1024: fit()'s cost per iteration is mostly per pair, its fixed part still favours larger batches.
        SkipGramMultiDataSetIterator it = PlantedSkipGram.batches(1024);
        ComputationGraph net = PlantedSkipGram.newSkipGram(new Adam(0.03));
        long t0 = System.nanoTime();
        net.fit(it, 1);
        it.close();
        System.out.printf("fit: %.1f s%n", (System.nanoTime() - t0) / 1e9);
        PlantedSkipGram.assertSeparatesCommunities(net, "fit() with Adam");
    }
}
