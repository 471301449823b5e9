package org.heteroembed.graph.generate;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A minimal buffered writer of tab-separated text straight to bytes.
 *
 * <p>Why not a {@link java.io.Writer}: generated files have tens of millions of lines made of a few fixed
 * tokens and integers; encoding them ourselves into one reused byte array avoids a String (and a charset
 * encoder pass) per field and keeps writing 10M edges at a few seconds. Strings given to it are written as
 * UTF-8; integers in decimal.
 */
final class AsciiOut implements Closeable {
    private final OutputStream out;
    private final byte[] buf;
    private final byte[] digits = new byte[20];
    private int pos;

    AsciiOut(OutputStream out, int bufferSize) {
        this.out = out;
        this.buf = new byte[bufferSize];
    }

    /** UTF-8 bytes of a token, to pass to {@link #bytes} repeatedly without re-encoding. */
    static byte[] encode(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    AsciiOut bytes(byte[] b) throws IOException {
        if (b.length > buf.length - pos) {
            flushBuffer();
            if (b.length > buf.length) {
                out.write(b);
                return this;
            }
        }
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
        return this;
    }

    AsciiOut text(String s) throws IOException {
        return bytes(encode(s));
    }

    AsciiOut tab() throws IOException {
        return ch('\t');
    }

    AsciiOut newline() throws IOException {
        return ch('\n');
    }

    private AsciiOut ch(char c) throws IOException {
        if (pos == buf.length) {
            flushBuffer();
        }
        buf[pos++] = (byte) c;
        return this;
    }

    /** Decimal digits of {@code v}. */
    AsciiOut number(long v) throws IOException {
        if (buf.length - pos < 20) {
            flushBuffer();
        }
        if (v == Long.MIN_VALUE) {
            return text(Long.toString(v));
        }
        if (v < 0) {
            buf[pos++] = '-';
            v = -v;
        }
        int n = 0;
        do {
            digits[n++] = (byte) ('0' + (v % 10));
            v /= 10;
        } while (v != 0);
        while (n > 0) {
            buf[pos++] = digits[--n];
        }
        return this;
    }

    /** A weight: integral values without a fraction ({@code 1}, {@code 3}), others as {@link Float#toString}. */
    AsciiOut weight(float w) throws IOException {
        if (w == Math.rint(w) && Math.abs(w) < 1e9f) {
            return number((long) w);
        }
        return text(Float.toString(w));
    }

    private void flushBuffer() throws IOException {
        out.write(buf, 0, pos);
        pos = 0;
    }

    /** Writes out what is buffered and closes the stream. */
    @Override
    public void close() throws IOException {
        try {
            flushBuffer();
        } finally {
            out.close();
        }
    }
}
