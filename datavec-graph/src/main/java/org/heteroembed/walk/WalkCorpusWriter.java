package org.heteroembed.walk;

import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.io.AtomicFiles;
import org.heteroembed.graph.io.NodeTokens;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongConsumer;
import java.util.zip.GZIPOutputStream;

/**
 * Writes walks as a text corpus for word2vec-style tools: one walk per line, tokens {@code type:id} separated
 * by single spaces, e.g. {@code author:a17 paper:p3 venue:KDD} ({@link NodeTokens}). A {@code .gz} name is gzip-compressed. Written atomically: a failure leaves no partial corpus.
 */
public final class WalkCorpusWriter {
    private WalkCorpusWriter() {
    }

    /**
     * Writes every walk of one run of {@code walks}.
     *
     * @param progress receives the number of walks written, as they are written; may be null
     * @return the number of walks written
     */
    public static long write(WalkGenerator walks, Path file, LongConsumer progress) throws IOException {
        HeteroGraph g = walks.graph();
        String[] prefixes = new String[g.numNodeTypes()];
        for (int t = 0; t < prefixes.length; t++) {
            prefixes[t] = NodeTokens.escape(g.schema().nodeTypeName(t)) + ":";
        }
        long[] written = new long[1];
        AtomicFiles.write(file, tmp -> {
            try (Writer out = open(tmp, file); OrderedPipeline<WalkChunk> p = walks.start()) {
                StringBuilder line = new StringBuilder(1024);
                for (WalkChunk c = p.next(); c != null; c = p.next()) {
                    for (int w = 0; w < c.size(); w++) {
                        line.setLength(0);
                        for (int s = 0, len = c.length(w); s < len; s++) {
                            int v = c.node(w, s);
                            int t = g.nodeType(v);
                            if (s > 0) {
                                line.append(' ');
                            }
                            line.append(prefixes[t]).append(NodeTokens.escape(g.ids(t).get(v - g.typeOffset(t))));
                        }
                        line.append('\n');
                        out.append(line);
                    }
                    written[0] += c.size();
                    if (progress != null) {
                        progress.accept(c.size());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while writing " + file, e);
            }
        });
        return written[0];
    }

    private static Writer open(Path tmp, Path target) throws IOException {
        var os = Files.newOutputStream(tmp);
        if (target.getFileName().toString().endsWith(".gz")) {
            os = new GZIPOutputStream(os, 1 << 16);
        }
        return new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
    }
}
