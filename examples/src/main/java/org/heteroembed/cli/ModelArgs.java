package org.heteroembed.cli;

import org.heteroembed.inference.HeteroEmbeddings;
import org.heteroembed.inference.HeteroModelFile;
import org.heteroembed.inference.RunRecord;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Checks of the node types and ids a command names in a model, with errors that say what exists instead. */
final class ModelArgs {
    /** Ids scanned for similar ones when an id is unknown (beyond it, only the count and a few examples are shown). */
    static final int SUGGEST_SCAN_LIMIT = 2_000_000;

    private ModelArgs() {
    }

    /**
     * Loads a model for a command that reads it: warns on {@code err} when it is a checkpoint of a run that did not
     * finish, and checks {@code --graph} (when given) is the graph it was trained on.
     */
    static HeteroEmbeddings load(Path model, LabelOptions labels, PrintWriter err) throws IOException {
        HeteroEmbeddings e = HeteroEmbeddings.load(model);
        if (labels != null && labels.checked(model)) {
            return e; // eval's plot step: eval already warned and checked the graph
        }
        RunRecord run = runRecord(model, err);
        if (labels != null) {
            labels.checkAgainst(model, run, err);
        }
        return e;
    }

    /** The model's run record (null for a model saved without one), with a warning when its run did not finish. */
    static RunRecord runRecord(Path model, PrintWriter err) throws IOException {
        RunRecord run = HeteroModelFile.runRecord(model);
        if (run != null && !run.finished()) {
            err.printf("warning: %s is a checkpoint of a run that did not finish (stopped or killed): its vectors are "
                    + "partly trained; train --resume continues it%n", model);
            err.flush();
        }
        return run;
    }

    /** @throws IllegalArgumentException (exit 2) naming the type, the flag and the model's types */
    static void checkType(HeteroEmbeddings e, Path model, String flag, String type) {
        if (!e.types().contains(type)) {
            throw new IllegalArgumentException(flag + ": unknown node type '" + type + "'; " + model + " has types "
                    + String.join(", ", e.types()));
        }
    }

    /** @throws IllegalArgumentException (exit 2) naming the id, with similar ids of the type or their count */
    static void checkId(HeteroEmbeddings e, Path model, String type, String id) {
        int n = e.numNodes(type);
        if (n > 0 && contains(e, type, id)) {
            return;
        }
        StringBuilder msg = new StringBuilder(String.format("--id: no node '%s' of type '%s' in %s (it has %,d %s ids",
                id, type, model, n, type));
        List<String> similar = similarIds(e, type, id, 5);
        if (!similar.isEmpty()) {
            msg.append("); similar ids: ").append(String.join(", ", similar));
        } else if (n > 0) {
            List<String> examples = new ArrayList<>();
            for (int i = 0; i < Math.min(3, n); i++) {
                examples.add(e.id(type, i));
            }
            msg.append(", e.g. ").append(String.join(", ", examples)).append(')');
        } else {
            msg.append(')');
        }
        throw new IllegalArgumentException(msg.toString());
    }

    private static boolean contains(HeteroEmbeddings e, String type, String id) {
        try {
            e.vector(type, id);
            return true;
        } catch (IllegalArgumentException unknown) {
            return false;
        }
    }

    /**
     * Up to {@code max} ids of the type within a small edit distance of {@code id} (ignoring case), closest first;
     * none when the type has more than {@value #SUGGEST_SCAN_LIMIT} ids (the scan would not be cheap).
     */
    static List<String> similarIds(HeteroEmbeddings e, String type, String id, int max) {
        int n = e.numNodes(type);
        if (n > SUGGEST_SCAN_LIMIT) {
            return List.of();
        }
        String query = id.toLowerCase(Locale.ROOT);
        int limit = query.length() <= 4 ? 1 : query.length() <= 10 ? 2 : 3;
        record Candidate(String id, int distance) {
        }
        List<Candidate> found = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String other = e.id(type, i);
            int d = boundedDistance(query, other.toLowerCase(Locale.ROOT), limit);
            if (d <= limit) {
                found.add(new Candidate(other, d));
            }
        }
        return found.stream().sorted(Comparator.comparingInt(Candidate::distance).thenComparing(Candidate::id))
                .limit(max).map(Candidate::id).toList();
    }

    /** Levenshtein distance of a and b, or {@code limit + 1} as soon as it must exceed {@code limit}. */
    static int boundedDistance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) > limit) {
            return limit + 1;
        }
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
