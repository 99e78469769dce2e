package dev.tether.engine.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The shape the answer must have: any JSON object ({@code json_object}), or JSON matching {@code schema}
 * ({@code json_schema}). Engines that can constrain sampling get it as OpenAI's {@code response_format}
 * ({@link #wire}); every answer is checked with {@link #violation} before the turn ends.
 */
public record ResponseFormat(Type type, String name, ObjectNode schema) {

    public enum Type {
        JSON_OBJECT,
        JSON_SCHEMA
    }

    // text after the JSON value makes the answer something else than JSON
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    public ResponseFormat {
        Objects.requireNonNull(type, "type");
        if ((type == Type.JSON_SCHEMA) != (schema != null)) {
            throw new IllegalArgumentException("a schema goes with JSON_SCHEMA and only with it");
        }
        name = name == null || name.isBlank() ? "response" : name;
    }

    public static final ResponseFormat JSON_OBJECT = new ResponseFormat(Type.JSON_OBJECT, null, null);

    /**
     * Reads OpenAI's {@code response_format} ({@code {"type": "json_schema", "json_schema": {"name", "schema"}}})
     * or the flat shape of the Responses API's {@code text.format} and Anthropic's {@code output_format}
     * ({@code {"type": "json_schema", "name", "schema"}}). Null for {@code text} or no format.
     *
     * @throws IllegalArgumentException naming what is wrong, for the edge to report in its own error shape
     */
    public static ResponseFormat parse(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("must be an object with a type");
        }
        String type = node.path("type").asText("");
        return switch (type) {
            case "text" -> null;
            case "json_object" -> JSON_OBJECT;
            case "json_schema" -> {
                JsonNode holder = node.has("json_schema") ? node.get("json_schema") : node;
                JsonNode schema = holder.path("schema");
                if (!schema.isObject()) {
                    throw new IllegalArgumentException("json_schema needs a schema that is a JSON Schema object");
                }
                ResponseFormat format =
                        new ResponseFormat(Type.JSON_SCHEMA, holder.path("name").asText(null), (ObjectNode) schema);
                format.compiled();
                yield format;
            }
            default ->
                throw new IllegalArgumentException("type must be text, json_object or json_schema, was '" + type + "'");
        };
    }

    /** OpenAI's {@code response_format} for this format, as llama-server and OpenAI-compatible servers take it. */
    public ObjectNode wire() {
        ObjectNode format =
                JSON.createObjectNode().put("type", type == Type.JSON_OBJECT ? "json_object" : "json_schema");
        if (type == Type.JSON_SCHEMA) {
            format.putObject("json_schema")
                    .put("name", name)
                    .put("strict", true)
                    .set("schema", schema);
        }
        return format;
    }

    /** Why {@code answer} does not have this shape, or empty when it does. */
    public Optional<String> violation(String answer) {
        JsonNode value;
        try {
            value = JSON.readTree(answer.strip());
        } catch (JsonProcessingException e) {
            return Optional.of("the answer is not JSON: " + e.getOriginalMessage());
        }
        if (value == null || value.isMissingNode()) {
            return Optional.of("the answer is empty, not JSON");
        }
        if (type == Type.JSON_OBJECT) {
            return value.isObject() ? Optional.empty() : Optional.of("the answer is JSON but not an object");
        }
        List<String> problems =
                compiled().validate(value).stream().map(Object::toString).toList();
        return problems.isEmpty()
                ? Optional.empty()
                : Optional.of("the answer does not match the schema: " + String.join("; ", problems));
    }

    private Schema compiled() {
        try {
            return SCHEMAS.getSchema(schema);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the schema cannot be read: " + e.getMessage());
        }
    }
}
