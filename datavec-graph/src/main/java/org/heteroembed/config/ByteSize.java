package org.heteroembed.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes in bytes as users write them, the JVM's way ({@code -Xmx8g}): a number with an optional binary suffix,
 * {@code k}, {@code m}, {@code g} or {@code t} (1024-based, case-insensitive, an optional trailing {@code b}), e.g.
 * {@code 8g}, {@code 512m}, {@code 1.5G}, {@code 1048576}.
 */
public final class ByteSize {
    private static final Pattern SIZE = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)b?\\s*", Pattern.CASE_INSENSITIVE);

    private ByteSize() {
    }

    /** Whether {@code text} is a size {@link #parse} accepts. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The bytes a size stands for.
     *
     * @throws IllegalArgumentException if it is not a size, or larger than 2^63 - 1 bytes
     */
    public static long parse(String text) {
        Matcher m = text == null ? null : SIZE.matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("expected a size such as 8g, 512m or 1048576, got '" + text + "'");
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        double bytes = Double.parseDouble(m.group(1)) * (1L << shift);
        if (bytes >= 0x1p63) {
            throw new IllegalArgumentException("size too large: '" + text + "'");
        }
        return (long) bytes;
    }

    /** A size for people: {@code 1.5 GiB}, {@code 512.0 MiB}, {@code 100 B}. */
    public static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
