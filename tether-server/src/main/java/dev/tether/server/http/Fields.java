package dev.tether.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/** Typed reads of request fields; a wrong type is a 400 naming the field. A JSON null counts as absent. */
public final class Fields {

    private Fields() {}

    public static Optional<String> string(ObjectNode body, String key) {
        return read(body, key, JsonNode::isTextual, "a string", JsonNode::textValue);
    }

    public static String requiredString(ObjectNode body, String key) {
        return string(body, key).orElseThrow(() -> ApiError.badRequest("missing_field", key + " is required"));
    }

    public static Optional<Boolean> bool(ObjectNode body, String key) {
        return read(body, key, JsonNode::isBoolean, "true or false", JsonNode::booleanValue);
    }

    public static Optional<Integer> integer(ObjectNode body, String key) {
        return read(body, key, n -> n.isIntegralNumber() && n.canConvertToInt(), "an integer", JsonNode::intValue);
    }

    public static Optional<Long> longValue(ObjectNode body, String key) {
        return read(body, key, n -> n.isIntegralNumber() && n.canConvertToLong(), "an integer", JsonNode::longValue);
    }

    public static Optional<Double> number(ObjectNode body, String key) {
        return read(body, key, JsonNode::isNumber, "a number", JsonNode::doubleValue);
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
        return read(body, key, JsonNode::isObject, "an object", n -> (ObjectNode) n);
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

    /** The field's value; absent or null is empty, a value {@code valid} refuses is a 400 saying what it must be. */
    private static <T> Optional<T> read(
            ObjectNode body, String key, Predicate<JsonNode> valid, String must, Function<JsonNode, T> value) {
        JsonNode node = body.get(key);
        if (absent(node)) {
            return Optional.empty();
        }
        if (!valid.test(node)) {
            throw wrongType(key, must);
        }
        return Optional.of(value.apply(node));
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull();
    }

    private static ApiError wrongType(String key, String expected) {
        return ApiError.badRequest("invalid_field", key + " must be " + expected);
    }
}
