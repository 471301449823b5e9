package org.heteroembed.eval;

import org.heteroembed.graph.GraphFingerprint;
import org.heteroembed.graph.HeldOutLinks;
import org.heteroembed.graph.HeldOutSplit;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
import org.heteroembed.inference.RunRecord;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A model's record tells its own graph and held-out split from others', so eval refuses the wrong ones. */
class ModelInputsTest {
    private static final HeteroGraph SOURCE = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(4_000, 7)).graph();
    private static final HeldOutSplit.Split SPLIT = HeldOutSplit.split(SOURCE, 0.1, 3);
    private static final HeldOutSplit.Split OTHER_SPLIT = HeldOutSplit.split(SOURCE, 0.1, 4);
    private static final Path MODEL = Path.of("m.zip");
    private static final RunRecord HELD_OUT_RUN = RunRecord.of(true, SOURCE, SPLIT.training(), SPLIT.heldOut());
    private static final RunRecord WHOLE_RUN = RunRecord.of(true, SOURCE, SOURCE, null);

    @Test
    void fingerprintsTellGraphsApart() {
        assertEquals(GraphFingerprint.of(SOURCE), GraphFingerprint.of(PlantedGraphGenerator.generate(
                PlantedGraphConfig.forEdges(4_000, 7)).graph()), "the same content, the same fingerprint");
        assertNotEquals(GraphFingerprint.of(SOURCE), GraphFingerprint.of(SPLIT.training()));
        assertNotEquals(GraphFingerprint.of(SPLIT.training()), GraphFingerprint.of(OTHER_SPLIT.training()));
        assertNotEquals(SPLIT.heldOut().fingerprint(), OTHER_SPLIT.heldOut().fingerprint());
    }

    @Test
    void theTrainingGraphAndItsSourceAreTheModelsOtherGraphsAreRefused() {
        assertEquals(ModelInputs.GraphRole.TRAINING, ModelInputs.graphRole(HELD_OUT_RUN, SPLIT.training(), "g", MODEL, false));
        assertEquals(ModelInputs.GraphRole.SOURCE, ModelInputs.graphRole(HELD_OUT_RUN, SOURCE, "g", MODEL, false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelInputs.graphRole(HELD_OUT_RUN, OTHER_SPLIT.training(), "other.heg", MODEL, false));
        assertTrue(e.getMessage().startsWith("other.heg is not the graph m.zip was trained on (fingerprint "), e.getMessage());
        assertTrue(e.getMessage().endsWith("--allow-other-graph to use this one anyway"), e.getMessage());
        assertEquals(ModelInputs.GraphRole.UNCHECKED,
                ModelInputs.graphRole(HELD_OUT_RUN, OTHER_SPLIT.training(), "g", MODEL, true));
        assertEquals(ModelInputs.GraphRole.UNCHECKED, ModelInputs.graphRole(null, OTHER_SPLIT.training(), "g", MODEL, false));
    }

    @Test
    void heldOutEdgesTheModelTrainedOnAreRefused() {
        // the model's own split passes with its training graph and with the source graph
        ModelInputs.checkHeldOut(HELD_OUT_RUN, ModelInputs.GraphRole.TRAINING, SPLIT.training(), SPLIT.heldOut(), "h", MODEL);
        ModelInputs.checkHeldOut(HELD_OUT_RUN, ModelInputs.GraphRole.SOURCE, SOURCE, SPLIT.heldOut(), "h", MODEL);

        // a model trained on the whole graph, and the held-out file of an earlier split left beside it
        HeldOutLinks stale = OTHER_SPLIT.heldOut();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelInputs.checkHeldOut(WHOLE_RUN,
                ModelInputs.GraphRole.TRAINING, SOURCE, stale, "m.zip.heldout.tsv", MODEL));
        assertTrue(e.getMessage().startsWith(String.format("%,d of the %,d held-out edges in m.zip.heldout.tsv are edges "
                + "of the graph m.zip was trained on", stale.size(), stale.size())), e.getMessage());

        // another split's file with the source graph: its edges are not in the training graph's complement
        IllegalArgumentException s = assertThrows(IllegalArgumentException.class, () -> ModelInputs.checkHeldOut(
                HELD_OUT_RUN, ModelInputs.GraphRole.SOURCE, SOURCE, stale, "other.tsv", MODEL));
        assertTrue(s.getMessage().startsWith("other.tsv is not the held-out split m.zip was trained without"), s.getMessage());

        // some of another split's edges are in this model's training graph: refused with the count
        int seen = stale.countIn(SPLIT.training());
        assertTrue(seen > 0 && seen < stale.size(), "splits overlap in part: " + seen);
        IllegalArgumentException t = assertThrows(IllegalArgumentException.class, () -> ModelInputs.checkHeldOut(
                HELD_OUT_RUN, ModelInputs.GraphRole.TRAINING, SPLIT.training(), stale, "other.tsv", MODEL));
        assertTrue(t.getMessage().startsWith(String.format("%,d of the %,d held-out edges", seen, stale.size())),
                t.getMessage());
    }

    @Test
    void theRecordRoundTripsThroughJson() throws Exception {
        assertEquals(HELD_OUT_RUN, RunRecord.fromJson(HELD_OUT_RUN.toJson(), "x"));
        assertEquals(WHOLE_RUN.withFinished(false), RunRecord.fromJson(WHOLE_RUN.withFinished(false).toJson(), "x"));
        assertThrows(java.io.IOException.class, () -> RunRecord.fromJson("{\"graph\": 1}", "x"));
    }
}
