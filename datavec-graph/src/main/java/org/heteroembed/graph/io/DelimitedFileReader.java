package org.heteroembed.graph.io;

import org.datavec.api.records.reader.impl.csv.CSVRecordReader;
import org.datavec.api.records.reader.impl.csv.SerializableCSVParser;
import org.datavec.api.split.StreamInputSplit;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.zip.GZIPInputStream;

/**
 * Streams the data lines of one delimited text file through DataVec's {@link CSVRecordReader} (quoting,
 * header skipping and line iteration are DataVec's), adding what graph loading needs on top: 1-based line
 * numbers for error messages, skipping of blank and comment lines, byte progress, and transparent
 * {@code .gz} decompression.
 *
 * <p>DataVec's reader runs ahead on a background thread and hands over batches of records already decoded
 * to {@code String[]}, so reading and splitting overlap with the caller's work (interning ids, appending
 * edges) on a second core. Memory stays bounded: at most {@link #QUEUED_BATCHES} batches of
 * {@link #BATCH} lines are in flight.
 */
final class DelimitedFileReader implements Closeable {
    static final int BATCH = 4096;
    static final int QUEUED_BATCHES = 4;

    /** A run of consecutive data lines; a line DataVec could not split carries its error instead. */
    private static final class Batch {
        final String[][] fields = new String[BATCH][];
        final long[] lines = new long[BATCH];
        final GraphInputException[] errors = new GraphInputException[BATCH];
        int size;
        boolean last;
        Throwable failure;
    }

    private final Path file;
    private final FieldRecordReader reader;
    private final String commentPrefix;
    private final Consumer<String[]> prepare;
    private final ArrayBlockingQueue<Batch> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
    private final Thread producer;
    private volatile boolean closed;
    private Batch current;
    private int position;
    private long line;

    /**
     * @param bytesRead called with the number of (compressed) file bytes consumed, as they are consumed
     * @param prepare   run on every data line's fields on the reader thread, to move per-field work the
     *                  caller would otherwise do (e.g. hashing ids) off the consuming thread; may be null
     * @throws GraphInputException if the file is missing or unreadable
     */
    DelimitedFileReader(Path file, char delimiter, char quote, int headerLines, String commentPrefix,
                        LongConsumer bytesRead, Consumer<String[]> prepare) throws IOException {
        this.file = file;
        this.commentPrefix = commentPrefix;
        this.prepare = prepare;
        if (!Files.exists(file)) {
            throw new GraphInputException(file, 0, "file not found");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new GraphInputException(file, 0, "not a readable file");
        }
        this.reader = new FieldRecordReader(headerLines, delimiter, quote);
        URI uri = file.toUri();
        try {
            reader.initialize(new StreamInputSplit(List.of(uri), u -> open(file, bytesRead)));
        } catch (UncheckedIOException e) {
            throw new GraphInputException(file, 0, "cannot read: " + describe(e.getCause()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        long firstLine = headerLines;
        this.producer = new Thread(() -> produce(firstLine), "datavec-reader-" + file.getFileName());
        producer.setDaemon(true);
        producer.start();
    }

    private static InputStream open(Path file, LongConsumer bytesRead) {
        try {
            InputStream in = new CountingInputStream(Files.newInputStream(file), bytesRead);
            in = new BufferedInputStream(in, 1 << 16);
            return file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An I/O error's message, or what it means when it has none (an empty or cut .gz file gives an EOFException). */
    private String describe(Throwable e) {
        if (e instanceof java.io.EOFException) {
            return "the file ends too early (" + (file.getFileName().toString().endsWith(".gz")
                    ? "an empty or truncated gzip file)" : "empty or truncated)");
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /**
     * A line with bytes that are not UTF-8: DataVec's decoder turns each into U+FFFD, which would silently merge
     * distinct ids (u\xff2 and u\xfe2 both become u\ufffd2). Null when the line is clean.
     */
    private GraphInputException invalidText(String[] fields, long lineNo) {
        for (int i = 0; i < fields.length; i++) {
            if (fields[i] != null && fields[i].indexOf('\uFFFD') >= 0) {
                return new GraphInputException(file, lineNo, "field " + (i + 1) + " is not valid UTF-8 text (ids and "
                        + "labels must be UTF-8: convert the file, e.g. iconv -f latin1 -t utf-8)");
            }
        }
        return null;
    }

    /** Background thread: DataVec reads and splits lines into batches. */
    private void produce(long firstLine) {
        long lineNo = firstLine;
        Batch batch = new Batch();
        try {
            while (!closed) {
                boolean more;
                try {
                    more = reader.hasNext();
                } catch (UncheckedIOException e) {
                    throw new GraphInputException(file, lineNo + 1, "read error: " + describe(e.getCause()), e);
                }
                if (!more) {
                    break;
                }
                lineNo++;
                String[] f;
                GraphInputException error = null;
                try {
                    f = reader.nextFields();
                } catch (RuntimeException e) {
                    String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
                    f = null;
                    error = new GraphInputException(file, lineNo, "cannot split the line: " + why, e);
                }
                if (lineNo == firstLine + 1 && f != null && f.length > 0 && f[0].startsWith("\uFEFF")) {
                    f[0] = f[0].substring(1); // a byte order mark (Windows editors write one) is not part of the data
                }
                if (f != null && error == null) {
                    error = invalidText(f, lineNo);
                }
                if (f != null && (f.length == 0 || f.length == 1 && f[0].isBlank()
                        || commentPrefix != null && f[0].startsWith(commentPrefix))) {
                    continue; // blank or comment line
                }
                if (f != null && prepare != null) {
                    prepare.accept(f);
                }
                batch.fields[batch.size] = f;
                batch.errors[batch.size] = error;
                batch.lines[batch.size] = lineNo;
                if (++batch.size == BATCH) {
                    queue.put(batch);
                    batch = new Batch();
                }
            }
        } catch (InterruptedException e) {
            return; // closed early
        } catch (Throwable t) {
            batch.failure = t;
        }
        batch.last = true;
        try {
            queue.put(batch);
        } catch (InterruptedException ignored) {
            // closed early
        }
    }

    /**
     * The fields of the next data line, or null at the end of the file.
     *
     * @throws GraphInputException if the line cannot be split (e.g. an unterminated quote); the reader stays
     *                             usable, so a caller may skip the line and go on
     */
    String[] next() throws IOException {
        while (current == null || position == current.size) {
            if (current != null && current.last) {
                if (current.failure != null) {
                    Throwable f = current.failure;
                    current.failure = null;
                    if (f instanceof IOException io) {
                        throw io;
                    }
                    throw new GraphInputException(file, line + 1, "read error: " + f, f);
                }
                return null;
            }
            try {
                current = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading " + file, e);
            }
            position = 0;
        }
        int i = position++;
        line = current.lines[i];
        if (current.errors[i] != null) {
            throw current.errors[i];
        }
        return current.fields[i];
    }

    /** 1-based number of the line last returned. */
    long line() {
        return line;
    }

    Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        producer.interrupt();
        try {
            producer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reader.close();
    }

    /**
     * DataVec's CSV reader, returning each line's fields as the {@code String[]} its CSV parser produces. The
     * stock {@link CSVRecordReader#next()} wraps every field in a {@link org.datavec.api.writable.Text}
     * (a UTF-8 encode) that a graph loader immediately decodes again; on a 10M-line file that round trip
     * cost more than the line reading and splitting together.
     */
    static final class FieldRecordReader extends CSVRecordReader {
        private final SerializableCSVParser parser;

        FieldRecordReader(int skipNumLines, char delimiter, char quote) {
            super(skipNumLines, delimiter, quote);
            this.parser = new SerializableCSVParser(delimiter, quote);
        }

        /** The next line's fields; call {@link #hasNext()} first (it skips the header lines). */
        String[] nextFields() {
            String line = readStringLine();
            try {
                return parser.parseLine(line);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Reports bytes as they are read, for progress bars and load statistics. */
    private static final class CountingInputStream extends FilterInputStream {
        private final LongConsumer counter;

        CountingInputStream(InputStream in, LongConsumer counter) {
            super(in);
            this.counter = counter;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counter.accept(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                counter.accept(n);
            }
            return n;
        }
    }
}
