package org.heteroembed.graph.io;

import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * JSON for the immutable config values (walks, skip-gram, search jobs): one mapper (ND4J's shaded Jackson, as
 * DL4J's own configs use) and one rule for errors: a bad document becomes an {@link IllegalArgumentException}
 * naming what it was meant to be, with the config's own validation message when that is what failed.
 */
public final class ConfigJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigJson() {
    }

    public static String write(Object config) {
        try {
            return JSON.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + config.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** @param what names the config in the error, e.g. "walk config" */
    public static <T> T read(String json, Class<T> type, String what) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            throw new IllegalArgumentException("invalid " + what + ": " + cause.getMessage(), e);
        }
    }
}
