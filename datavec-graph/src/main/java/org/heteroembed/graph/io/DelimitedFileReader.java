package org.heteroembed.graph.io;

import org.datavec.api.records.reader.impl.csv.CSVRecordReader;
import org.datavec.api.split.StreamInputSplit;
import org.datavec.api.writable.Writable;

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
import java.util.function.LongConsumer;
import java.util.zip.GZIPInputStream;

/**
 * Streams the data lines of one delimited text file through DataVec's {@link CSVRecordReader} (quoting,
 * header skipping and line iteration are DataVec's), adding what graph loading needs on top: 1-based line
 * numbers for error messages, skipping of blank and comment lines, byte progress, and transparent
 * {@code .gz} decompression. Holds one line at a time.
 */
final class DelimitedFileReader implements Closeable {
    private final Path file;
    private final CSVRecordReader reader;
    private final String commentPrefix;
    private long line;

    /**
     * @param bytesRead called with the number of (compressed) file bytes consumed, as they are consumed
     * @throws GraphInputException if the file is missing or unreadable
     */
    DelimitedFileReader(Path file, char delimiter, char quote, int headerLines, String commentPrefix,
                        LongConsumer bytesRead) throws IOException {
        this.file = file;
        this.commentPrefix = commentPrefix;
        if (!Files.exists(file)) {
            throw new GraphInputException(file, 0, "file not found");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new GraphInputException(file, 0, "not a readable file");
        }
        this.reader = new CSVRecordReader(headerLines, delimiter, quote);
        URI uri = file.toUri();
        try {
            reader.initialize(new StreamInputSplit(List.of(uri), u -> open(file, bytesRead)));
        } catch (UncheckedIOException e) {
            throw new GraphInputException(file, 0, "cannot read: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        this.line = headerLines;
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

    /**
     * The fields of the next data line, or null at the end of the file.
     *
     * @throws GraphInputException if the line cannot be split (e.g. an unterminated quote); the reader stays
     *                             usable, so a caller may skip the line and go on
     */
    List<Writable> next() throws GraphInputException {
        while (true) {
            boolean more;
            try {
                more = reader.hasNext();
            } catch (UncheckedIOException e) {
                throw new GraphInputException(file, line + 1, "read error: " + e.getCause().getMessage(), e);
            }
            if (!more) {
                return null;
            }
            List<Writable> fields;
            line++;
            try {
                fields = reader.next();
            } catch (RuntimeException e) {
                String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
                throw new GraphInputException(file, line, "cannot split the line: " + why, e);
            }
            if (fields.isEmpty() || fields.size() == 1 && fields.get(0).toString().isBlank()) {
                continue; // blank line
            }
            if (commentPrefix != null && fields.get(0).toString().startsWith(commentPrefix)) {
                continue;
            }
            return fields;
        }
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
        reader.close();
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
