package org.heteroembed.config;

import org.nd4j.shade.jackson.databind.JavaType;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.type.TypeFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The kind of value a {@link Setting} holds, and how it is spelled in a job file and on the command line.
 * Values are converted by Jackson ({@link SettingsJson}); this class only says which Java type to ask for
 * and how to name it in an error ("an integer", "one of uniform, metapath, node2vec").
 *
 * @param <T> the Java type of the value
 */
public final class ValueType<T> {
    public static final ValueType<Integer> INT = new ValueType<>(Integer.class, null, null, "an integer");
    public static final ValueType<Long> LONG = new ValueType<>(Long.class, null, null, "an integer");
    public static final ValueType<Double> DOUBLE = new ValueType<>(Double.class, null, null, "a number");
    public static final ValueType<Boolean> BOOLEAN = new ValueType<>(Boolean.class, null, null, "true or false");
    public static final ValueType<String> STRING = new ValueType<>(String.class, null, null, "a string");
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static final ValueType<List<String>> STRING_LIST = new ValueType<>((Class) List.class, String.class, null,
            "a list of strings");
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static final ValueType<Map<String, Integer>> STRING_TO_INT = new ValueType<>((Class) Map.class, String.class,
            Integer.class, "a map of names to integers");

    private final Class<T> type;
    private final Class<?> elementType;
    private final Class<?> valueType;
    private final String description;

    private ValueType(Class<T> type, Class<?> elementType, Class<?> valueType, String description) {
        this.type = type;
        this.elementType = elementType;
        this.valueType = valueType;
        this.description = description;
    }

    /** An enum; spelled in lower case with '-' for '_' (e.g. {@code node2vec}, {@code link-auc}), read in any case. */
    public static <E extends Enum<E>> ValueType<E> of(Class<E> enumType) {
        StringBuilder names = new StringBuilder("one of ");
        E[] constants = enumType.getEnumConstants();
        for (int i = 0; i < constants.length; i++) {
            names.append(i == 0 ? "" : ", ").append(name(constants[i]));
        }
        return new ValueType<>(enumType, null, null, names.toString());
    }

    /** How an enum constant is written: lower case, '-' for '_'. */
    public static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses an enum constant written in any case, with '-' or '_'; null if none matches. */
    public static <E extends Enum<E>> E parseEnum(Class<E> enumType, String text) {
        String wanted = text.trim().replace('-', '_');
        for (E e : enumType.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(wanted)) {
                return e;
            }
        }
        return null;
    }

    public Class<T> type() {
        return type;
    }

    /** Element type of a list, key type of a map; null otherwise. */
    public Class<?> elementType() {
        return elementType;
    }

    /** Value type of a map; null otherwise. */
    public Class<?> mapValueType() {
        return valueType;
    }

    public boolean isEnum() {
        return type.isEnum();
    }

    public boolean isBoolean() {
        return type == Boolean.class;
    }

    public boolean isList() {
        return type == List.class;
    }

    public boolean isMap() {
        return type == Map.class;
    }

    /** What a value of this type looks like, for errors: "an integer", "one of a, b". */
    public String description() {
        return description;
    }

    JavaType javaType(TypeFactory types) {
        if (isList()) {
            return types.constructCollectionType(List.class, elementType);
        }
        if (isMap()) {
            return types.constructMapType(LinkedHashMap.class, elementType, valueType);
        }
        return types.constructType(type);
    }

    /** Reads an enum from text in any case; other types go through Jackson. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    T enumFrom(JsonNode node) {
        if (!node.isTextual()) {
            return null;
        }
        return (T) parseEnum((Class) type, node.asText());
    }

    /** The value as it is written in a file and in help texts. */
    public String format(Object value) {
        if (value == null) {
            return "none";
        }
        if (value instanceof Enum<?> e) {
            return name(e);
        }
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return String.valueOf(d.longValue());
        }
        return String.valueOf(value);
    }
}
