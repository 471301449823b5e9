package org.heteroembed.inference;

import org.heteroembed.config.SettingsJson;
import org.heteroembed.graph.GraphFingerprint;
import org.heteroembed.graph.HeldOutLinks;
import org.heteroembed.graph.HeteroGraph;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

import java.io.IOException;

/**
 * What a model knows of the run that made it, so that its consumers can refuse what does not belong to it: whether
 * training finished (a checkpoint of a stopped run is not), the fingerprint of the graph it was trained on and of the
 * graph before edges were held out ({@link GraphFingerprint}), and the held-out edges' fingerprint
 * ({@link HeldOutLinks#fingerprint}). Stored as JSON: the entry {@value #ENTRY} of a model file, the file of the same
 * name in a partitioned model directory (whose manifest says whether it finished).
 *
 * @param finished     training ran to its end (its epochs, pair or time budget); false for a checkpoint or a stopped run
 * @param graph        the fingerprint of the graph the model was trained on
 * @param sourceGraph  the fingerprint of the graph before held-out edges were taken out (= {@code graph} without them)
 * @param heldOut      the held-out edges' fingerprint, or null when the run held none out
 */
public record RunRecord(boolean finished, String graph, String sourceGraph, String heldOut) {
    /** The record's zip entry in a model file, and its file name in a partitioned model directory. */
    public static final String ENTRY = "hetero-embed-run.json";

    /** The record of a run on {@code training} (made from {@code source} by holding out {@code heldOut}, or null). */
    public static RunRecord of(boolean finished, HeteroGraph source, HeteroGraph training, HeldOutLinks heldOut) {
        String trained = GraphFingerprint.of(training);
        return new RunRecord(finished, trained, source == training ? trained : GraphFingerprint.of(source),
                heldOut == null ? null : heldOut.fingerprint());
    }

    /** This record with {@code finished} set to {@code done}. */
    public RunRecord withFinished(boolean done) {
        return new RunRecord(done, graph, sourceGraph, heldOut);
    }

    /** The record as the JSON object stored in model files ({@link #ENTRY}). */
    public String toJson() {
        ObjectNode o = SettingsJson.mapper().createObjectNode();
        o.put("finished", finished).put("graph", graph).put("sourceGraph", sourceGraph);
        if (heldOut != null) {
            o.put("heldOut", heldOut);
        }
        return o.toString();
    }

    /** @throws IOException naming {@code where} when the text is not a run record */
    public static RunRecord fromJson(String json, String where) throws IOException {
        try {
            JsonNode o = SettingsJson.mapper().readTree(json);
            if (o == null || !o.hasNonNull("graph") || !o.hasNonNull("finished")) {
                throw new IOException("no 'graph' or 'finished' field");
            }
            return new RunRecord(o.get("finished").asBoolean(), o.get("graph").asText(),
                    o.hasNonNull("sourceGraph") ? o.get("sourceGraph").asText() : o.get("graph").asText(),
                    o.hasNonNull("heldOut") ? o.get("heldOut").asText() : null);
        } catch (IOException e) {
            throw new IOException(where + ": not a run record: " + e.getMessage(), e);
        }
    }
}
