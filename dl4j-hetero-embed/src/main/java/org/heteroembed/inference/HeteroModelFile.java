package org.heteroembed.inference;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.config.SettingsJson;
import org.heteroembed.graph.io.AtomicFiles;
import org.heteroembed.train.fast.TrainingProgress;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The model artifact: a DL4J {@code ModelSerializer} zip of the ComputationGraph (with updater state, so
 * training can continue), plus hetero-embed's entries, all plain files any zip tool reads (top level: DL4J's
 * ModelSerializer refuses zips with directory entries):
 * <ul>
 *   <li>{@value #IDS_INDEX_ENTRY}: {@code {"types": [{"name": "user", "count": 3050}, ...]}}, in table order;</li>
 *   <li>{@code hetero-embed-ids-T.txt} per type {@code T} (0-based): its external ids, UTF-8, one per line, in row
 *       order;</li>
 *   <li>{@value #PROGRESS_ENTRY}: {@code {"epoch", "chunk", "tokens", "pairs"}} of the run that saved it;</li>
 *   <li>{@value #RUN_SETTINGS_ENTRY}: the run's identity (the job's identity settings and the graph's size), JSON;</li>
 *   <li>{@value #JOB_ENTRY}, {@value RunRecord#ENTRY}: the job, and the run record.</li>
 * </ul>
 * Files saved before these entries existed (ids, progress and settings as Java-serialised objects under
 * {@value #IDS_KEY}, {@value #PROGRESS_KEY}, {@value #RUN_SETTINGS_KEY}) still load. Written atomically.
 */
public final class HeteroModelFile {
    public static final String IDS_KEY = "hetero-embed-node-ids";
    public static final String PROGRESS_KEY = "hetero-embed-training-progress";
    public static final String RUN_SETTINGS_KEY = "hetero-embed-run-settings";
    /**
     * The job a model was trained with, as JSON text: a plain zip entry any zip tool reads (at the top level:
     * DL4J's ModelSerializer refuses zips with directory entries).
     */
    public static final String JOB_ENTRY = "hetero-embed-job.json";
    public static final String IDS_INDEX_ENTRY = "hetero-embed-ids.json";
    public static final String PROGRESS_ENTRY = "hetero-embed-progress.json";
    public static final String RUN_SETTINGS_ENTRY = "hetero-embed-run-settings.json";

    /** The ids entry of type {@code t}. */
    static String idsEntry(int type) {
        return "hetero-embed-ids-" + type + ".txt";
    }

    private HeteroModelFile() {
    }

    /** Saves {@code net} with the node ids of {@code graph} (see {@link #save(ComputationGraph, NodeIdTables, Path)}). */
    public static void save(ComputationGraph net, HeteroGraph graph, Path file) throws IOException {
        save(net, NodeIdTables.of(graph), file);
    }

    /**
     * Saves {@code net} (DL4J's {@code ModelSerializer} entries, with its updater state) and the node ids as plain text
     * entries with a JSON index, to a temporary file renamed to {@code file} when complete. No progress is recorded.
     */
    public static void save(ComputationGraph net, NodeIdTables ids, Path file) throws IOException {
        save(net, ids, null, file);
    }

    /**
     * Saves a model with the training progress of an unfinished (or finished) run, so the run can resume from
     * this file. Written atomically: a crash while writing leaves the previous checkpoint intact.
     */
    public static void save(ComputationGraph net, NodeIdTables ids, Serializable progress, Path file) throws IOException {
        save(net, ids, progress, null, file);
    }

    /**
     * Also stores the settings that define a run (e.g. walk and skip-gram configs as JSON), so a resume can
     * check it continues the same run.
     */
    public static void save(ComputationGraph net, NodeIdTables ids, Serializable progress, String runSettings, Path file)
            throws IOException {
        save(net, ids, progress, runSettings, null, file);
    }

    /**
     * Also stores the job (JSON) the model is trained with, for {@code hetero-embed info} and any tool that reads
     * zip files.
     */
    public static void save(ComputationGraph net, NodeIdTables ids, Serializable progress, String runSettings,
                            String jobJson, Path file) throws IOException {
        save(net, ids, progress, runSettings, jobJson, null, file);
    }

    /** Also stores the run's record ({@link RunRecord}: finished or not, the graph and held-out fingerprints). */
    public static void save(ComputationGraph net, NodeIdTables ids, Serializable progress, String runSettings,
                            String jobJson, RunRecord record, Path file) throws IOException {
        AtomicFiles.write(file, tmp -> {
            ModelSerializer.writeModel(net, tmp.toFile(), true);
            if (progress != null && !(progress instanceof TrainingProgress)) {
                ModelSerializer.addObjectToFile(tmp.toFile(), PROGRESS_KEY, progress); // not ours: as it is
            }
            try (FileSystem zip = FileSystems.newFileSystem(tmp)) {
                writeIds(zip, ids);
                if (progress instanceof TrainingProgress p) {
                    ObjectNode o = SettingsJson.mapper().createObjectNode();
                    o.put("epoch", p.epoch()).put("chunk", p.chunk()).put("tokens", p.tokens()).put("pairs", p.pairs());
                    Files.writeString(zip.getPath(PROGRESS_ENTRY), o.toString(), StandardCharsets.UTF_8);
                }
                if (runSettings != null) {
                    Files.writeString(zip.getPath(RUN_SETTINGS_ENTRY), runSettings, StandardCharsets.UTF_8);
                }
                if (jobJson != null) {
                    Files.writeString(zip.getPath(JOB_ENTRY), jobJson, StandardCharsets.UTF_8);
                }
                if (record != null) {
                    Files.writeString(zip.getPath(RunRecord.ENTRY), record.toJson(), StandardCharsets.UTF_8);
                }
            }
        });
    }

    /** The job JSON stored with a model, or null (a model saved without one, e.g. before job files existed). */
    public static String job(Path file) throws IOException {
        return textEntry(file, JOB_ENTRY);
    }

    /**
     * The run record of a model file or partitioned model directory, or null (a model saved without one, by an
     * earlier version or by code that saves networks directly).
     */
    public static RunRecord runRecord(Path model) throws IOException {
        if (Files.isDirectory(model)) {
            Path f = model.resolve(RunRecord.ENTRY);
            if (!Files.isRegularFile(f)) {
                return null;
            }
            boolean finished = org.heteroembed.tables.PartitionedModelDirectory.readManifest(model).finished();
            return RunRecord.fromJson(Files.readString(f, StandardCharsets.UTF_8), f.toString()).withFinished(finished);
        }
        String json = textEntry(model, RunRecord.ENTRY);
        return json == null ? null : RunRecord.fromJson(json, model + "!" + RunRecord.ENTRY);
    }

    private static void writeIds(FileSystem zip, NodeIdTables ids) throws IOException {
        ObjectNode index = SettingsJson.mapper().createObjectNode();
        var types = index.putArray("types");
        for (int t = 0; t < ids.types().size(); t++) {
            types.addObject().put("name", ids.types().get(t)).put("count", ids.count(t));
            try (BufferedWriter w = Files.newBufferedWriter(zip.getPath(idsEntry(t)), StandardCharsets.UTF_8)) {
                for (int i = 0; i < ids.count(t); i++) {
                    w.write(ids.id(t, i));
                    w.write('\n');
                }
            }
        }
        Files.writeString(zip.getPath(IDS_INDEX_ENTRY), index.toString(), StandardCharsets.UTF_8);
    }

    private static String textEntry(Path file, String name) throws IOException {
        check(file);
        try (FileSystem zip = FileSystems.newFileSystem(file)) {
            Path entry = zip.getPath(name);
            return Files.exists(entry) ? Files.readString(entry, StandardCharsets.UTF_8) : null;
        } catch (java.nio.file.ProviderNotFoundException | java.util.zip.ZipException e) {
            throw new IOException(file + " is not a model file (not a zip): " + e.getMessage(), e);
        }
    }

    /** The run settings stored with a model, or null. */
    public static String runSettings(Path file) throws IOException {
        String json = textEntry(file, RUN_SETTINGS_ENTRY);
        if (json != null) {
            return json;
        }
        try {
            return ModelSerializer.getObjectFromFile(file.toFile(), RUN_SETTINGS_KEY);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The training progress stored with a model, or null if it has none. */
    @SuppressWarnings("unchecked")
    public static <T> T progress(Path file) throws IOException {
        String json = textEntry(file, PROGRESS_ENTRY);
        if (json != null) {
            JsonNode o = SettingsJson.mapper().readTree(json);
            return (T) new TrainingProgress(o.get("epoch").asInt(), o.get("chunk").asLong(), o.get("tokens").asLong(),
                    o.get("pairs").asLong());
        }
        try {
            return ModelSerializer.getObjectFromFile(file.toFile(), PROGRESS_KEY);
        } catch (RuntimeException e) {
            return null; // saved without progress
        }
    }

    /**
     * The DL4J network of a model file, as {@code ModelSerializer} restores it (updater state included).
     *
     * @throws IOException naming the file when it is missing or not a DL4J ComputationGraph model
     */
    public static ComputationGraph network(Path file) throws IOException {
        check(file);
        try {
            return ModelSerializer.restoreComputationGraph(file.toFile(), true);
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + " is not a DL4J ComputationGraph model file: " + e.getMessage(), e);
        }
    }

    /**
     * The node ids of a model file: the text entries with their JSON index, or the Java-serialised entry of files
     * written before those existed.
     *
     * @throws IOException naming the file when it is missing or holds no ids
     */
    public static NodeIdTables ids(Path file) throws IOException {
        check(file);
        try (FileSystem zip = FileSystems.newFileSystem(file)) {
            Path index = zip.getPath(IDS_INDEX_ENTRY);
            if (Files.exists(index)) {
                JsonNode types = SettingsJson.mapper().readTree(Files.readString(index, StandardCharsets.UTF_8)).get("types");
                List<String> names = new ArrayList<>();
                int[] counts = new int[types.size()];
                for (int t = 0; t < counts.length; t++) {
                    names.add(types.get(t).get("name").asText());
                    counts[t] = types.get(t).get("count").asInt();
                }
                return NodeIdTables.read(names, counts, t -> zip.getPath(idsEntry(t)), IDS_INDEX_ENTRY + " says");
            }
        } catch (java.nio.file.ProviderNotFoundException | java.util.zip.ZipException e) {
            throw new IOException(file + " is not a model file (not a zip): " + e.getMessage(), e);
        }
        try {
            return ModelSerializer.getObjectFromFile(file.toFile(), IDS_KEY);
        } catch (RuntimeException e) {
            throw new IOException(file + " has no node id tables (" + IDS_KEY + "): not a hetero-embed model?", e);
        }
    }

    private static void check(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("model file not found: " + file);
        }
    }
}
