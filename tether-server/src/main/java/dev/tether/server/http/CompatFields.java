package dev.tether.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Optional fields of an OpenAI- or Anthropic-compatible body: absent or null takes the default, a value of the wrong
 * kind is refused in that API's error shape.
 *
 * @param refuse the API's error for a field and what it must be ({@code "must be true or false"})
 */
public record CompatFields(BiFunction<String, String, RuntimeException> refuse) {

    public <T> T optional(
            JsonNode root, String field, T absent, Predicate<JsonNode> valid, String must, Function<JsonNode, T> read) {
        JsonNode node = root.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return absent;
        }
        if (!valid.test(node)) {
            throw refuse.apply(field, "must be " + must);
        }
        return read.apply(node);
    }

    public Integer positiveInt(JsonNode root, String field) {
        return optional(
                root,
                field,
                null,
                n -> n.isIntegralNumber() && n.canConvertToInt() && n.asInt() >= 1,
                "a positive integer",
                JsonNode::asInt);
    }

    public Double range(JsonNode root, String field, double min, double max) {
        return optional(
                root,
                field,
                null,
                n -> n.isNumber() && n.asDouble() >= min && n.asDouble() <= max,
                "a number from " + min + " to " + max,
                JsonNode::asDouble);
    }

    public boolean bool(JsonNode root, String field, boolean absent) {
        return optional(root, field, absent, JsonNode::isBoolean, "true or false", JsonNode::asBoolean);
    }

    public String string(JsonNode root, String field) {
        return optional(root, field, null, JsonNode::isTextual, "a string", JsonNode::asText);
    }
}
