package org.heteroembed.graph.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a load did: lines read, edges added, and everything it skipped or dropped, with the first few skipped
 * lines quoted so a user can see what was wrong with them.
 */
public final class LoadReport {
    /** How many skipped-line messages are kept verbatim. */
    public static final int MAX_EXAMPLES = 10;

    private long files;
    private long lines;
    private long edges;
    private long badLines;
    private long selfLoopsDropped;
    private long attributesForUnknownNodes;
    private long attributes;
    private final List<String> examples = new ArrayList<>();

    void fileRead() {
        files++;
    }

    void lineRead() {
        lines++;
    }

    void edgeAdded() {
        edges++;
    }

    void selfLoopDropped() {
        selfLoopsDropped++;
    }

    void attributeSet() {
        attributes++;
    }

    void attributeForUnknownNode() {
        attributesForUnknownNodes++;
    }

    void badLine(GraphInputException e) {
        badLines++;
        if (examples.size() < MAX_EXAMPLES) {
            examples.add(e.getMessage());
        }
    }

    public long files() {
        return files;
    }

    /** Data lines read (header, blank and comment lines are not counted). */
    public long lines() {
        return lines;
    }

    public long edges() {
        return edges;
    }

    public long badLines() {
        return badLines;
    }

    public long selfLoopsDropped() {
        return selfLoopsDropped;
    }

    public long attributes() {
        return attributes;
    }

    /** Label or name lines whose node does not occur in any edge (ignored). */
    public long attributesForUnknownNodes() {
        return attributesForUnknownNodes;
    }

    /** The first {@link #MAX_EXAMPLES} skipped lines, as error messages with file and line. */
    public List<String> badLineExamples() {
        return Collections.unmodifiableList(examples);
    }

    @Override
    public String toString() {
        return files + " files, " + lines + " lines, " + edges + " edges added, " + selfLoopsDropped
                + " self-loops dropped, " + badLines + " bad lines skipped"
                + (attributes + attributesForUnknownNodes > 0
                ? ", " + attributes + " labels/names set, " + attributesForUnknownNodes + " for unknown nodes ignored" : "");
    }
}
