package org.heteroembed.jvm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM flags every hetero-embed JVM runs with (the JDK Vector API module for the fast engine's SIMD kernels,
 * the {@code --add-opens} Spark needs on Java 17), for the JVMs our code starts: Spark executors and benchmark
 * child JVMs. They come from the repository's {@code bin/jvm.args}, the java argument file that the launcher and
 * the tests use too, packaged into this jar, so there is one list to edit.
 */
public final class JvmFlags {
    /** Where dl4j-hetero-embed's build puts {@code bin/jvm.args}. */
    static final String RESOURCE = "/org/heteroembed/jvm/jvm.args";
    private static final List<String> FLAGS = parse(read());

    private JvmFlags() {
    }

    /** The flags, in the file's order. */
    public static List<String> all() {
        return FLAGS;
    }

    /** The flags as one space-separated string, e.g. for {@code spark.executor.extraJavaOptions}. */
    public static String joined() {
        return String.join(" ", FLAGS);
    }

    /**
     * The flags of an argument file in the subset of the java launcher's syntax that {@code bin/jvm.args} keeps
     * to: whitespace-separated, {@code #} to the end of a line is a comment, no quotes.
     */
    static List<String> parse(String text) {
        List<String> flags = new ArrayList<>();
        for (String line : text.split("\n")) {
            int comment = line.indexOf('#');
            String content = (comment >= 0 ? line.substring(0, comment) : line).strip();
            if (content.indexOf('"') >= 0 || content.indexOf('\'') >= 0) {
                throw new IllegalStateException(RESOURCE + ": quotes are not supported: " + line);
            }
            for (String flag : content.split("\\s+")) {
                if (!flag.isEmpty()) {
                    flags.add(flag);
                }
            }
        }
        return List.copyOf(flags);
    }

    private static String read() {
        try (InputStream in = JvmFlags.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath (dl4j-hetero-embed's build copies bin/jvm.args there)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(RESOURCE, e);
        }
    }
}
