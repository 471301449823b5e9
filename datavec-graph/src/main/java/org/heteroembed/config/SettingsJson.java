package org.heteroembed.config;

import org.nd4j.shade.jackson.core.JsonLocation;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.DeserializationFeature;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;
import org.nd4j.shade.jackson.dataformat.yaml.YAMLFactory;
import org.nd4j.shade.jackson.dataformat.yaml.YAMLGenerator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Jackson for job files: one JSON and one YAML mapper (ND4J's shaded Jackson, as DL4J's own configs use), and
 * the conversion of one setting's value to and from its JSON tree. Parsing is Jackson's; this class only turns
 * its errors into messages that name the file, line and setting.
 */
public final class SettingsJson {
    private static final ObjectMapper JSON = configure(new ObjectMapper());
    private static final ObjectMapper YAML = configure(new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)));

    private SettingsJson() {
    }

    private static ObjectMapper configure(ObjectMapper m) {
        // 1.5 is not an integer: say so instead of truncating it.
        return m.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** The JSON mapper. */
    public static ObjectMapper mapper() {
        return JSON;
    }

    /** Whether a file name says YAML ({@code .yaml}, {@code .yml}); anything else is JSON. */
    public static boolean isYaml(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".yaml") || n.endsWith(".yml");
    }

    /**
     * Reads a JSON or YAML file as a tree.
     *
     * @throws IllegalArgumentException naming the file (and line) when it is missing or not valid JSON/YAML
     */
    public static JsonNode read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": file not found");
        }
        return parse(Files.readString(file), isYaml(file), file.toString());
    }

    /** Parses JSON or YAML text; {@code source} names it in errors. An empty document is an empty object. */
    public static JsonNode parse(String text, boolean yaml, String source) {
        try {
            JsonNode n = (yaml ? YAML : JSON).readTree(text);
            return n == null || n.isMissingNode() || n.isNull() ? JSON.createObjectNode() : n;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new IllegalArgumentException(source + ": not valid " + (yaml ? "YAML" : "JSON") + where + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /** Writes a tree as indented JSON or as YAML. */
    public static String write(JsonNode tree, boolean yaml) {
        try {
            return (yaml ? YAML : JSON).writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** One value as a tree: enums in their file spelling ({@link ValueType#name}). */
    static JsonNode toTree(ValueType<?> type, Object value) {
        if (value instanceof Enum<?> e) {
            return JSON.getNodeFactory().textNode(ValueType.name(e));
        }
        return JSON.valueToTree(value);
    }

    /**
     * One value from its tree, of the setting's type.
     *
     * @throws SettingException naming the setting when the value is not of its type
     */
    static Object fromTree(Setting<?, ?, ?> s, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        ValueType<?> type = s.type();
        if (type.isEnum()) {
            Object e = type.enumFrom(node);
            if (e == null) {
                throw s.invalid("must be " + type.description() + ", got " + node);
            }
            return e;
        }
        if (type.isList() && !node.isArray()) {
            node = JSON.createArrayNode().add(node); // a single value is a list of one
        }
        if ((type.type() == Integer.class || type.type() == Long.class) && !node.canConvertToExactIntegral()
                && !(node.isTextual() && node.asText().matches("-?\\d+"))) {
            throw s.invalid("must be " + type.description() + ", got " + node);
        }
        if (type.isBoolean() && !node.isBoolean()) {
            throw s.invalid("must be " + type.description() + ", got " + node);
        }
        try {
            return JSON.convertValue(node, type.javaType(JSON.getTypeFactory()));
        } catch (IllegalArgumentException e) {
            throw s.invalid("must be " + type.description() + ", got " + node);
        }
    }
}
