package dev.tether.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Typed reads of request fields; a wrong type is a 400 naming the field. A JSON null counts as absent. */
public final class Fields {

    private Fields() {}

    public static Optional<String> string(ObjectNode body, String key) {
        JsonNode node = body.get(key);
        if (absent(node)) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw wrongType(key, "a string");
        }
        return Optional.of(node.textValue());
    }

    public static String requiredString(ObjectNode body, String key) {
        return string(body, key).orElseThrow(() -> ApiError.badRequest("missing_field", key + " is required"));
    }

    public static Optional<Boolean> bool(ObjectNode body, String key) {
        JsonNode node = body.get(key);
        if (absent(node)) {
            return Optional.empty();
        }
        if (!node.isBoolean()) {
            throw wrongType(key, "true or false");
        }
        return Optional.of(node.booleanValue());
    }

    public static Optional<Integer> integer(ObjectNode body, String key) {
        JsonNode node = body.get(key);
        if (absent(node)) {
            return Optional.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw wrongType(key, "an integer");
        }
        return Optional.of(node.intValue());
    }

    public static Optional<Long> longValue(ObjectNode body, String key) {
        JsonNode node = body.get(key);
        if (absent(node)) {
            return Optional.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw wrongType(key, "an integer");
        }
        return Optional.of(node.longValue());
    }

    public static Optional<Double> number(ObjectNode body, String key) {
        JsonNode node = body.get(key);
        if (absent(node)) {
            return Optional.empty();
        }
        if (!node.isNumber()) {
            throw wrongType(key, "a number");
        }
        return Optional.of(node.doubleValue());
    }

    /** A list of strings; a single string is accepted as a list of one where {@code single} allows it. */
    public static Optional<List<String>> strings(ObjectNode body, String key, boolean single) {
        JsonNode node = body.get(key);
        if (absent(node)) {
            return Optional.empty();
        }
        if (single && node.isTextual()) {
            return Optional.of(List.of(node.textValue()));
        }
        if (!node.isArray()) {
            throw wrongType(key, "a list of strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw wrongType(key, "a list of strings");
            }
            values.add(item.textValue());
        }
        return Optional.of(values);
    }

    public static Optional<ObjectNode> object(ObjectNode body, String key) {
        JsonNode node = body.get(key);
        if (absent(node)) {
            return Optional.empty();
        }
        if (!(node instanceof ObjectNode object)) {
            throw wrongType(key, "an object");
        }
        return Optional.of(object);
    }

    public static UUID uuid(String text, String what) {
        try {
            if (text.length() == 36) {
                return UUID.fromString(text);
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw ApiError.badRequest("invalid_" + what, what + " is not a UUID: " + text);
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull();
    }

    private static ApiError wrongType(String key, String expected) {
        return ApiError.badRequest("invalid_field", key + " must be " + expected);
    }
}
