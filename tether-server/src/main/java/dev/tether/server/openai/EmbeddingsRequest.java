package dev.tether.server.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@code POST /v1/embeddings} body: {@code input} a string or an array of strings, {@code model} (the first
 * embedding model when absent), {@code encoding_format} {@code float} or {@code base64}. Other fields are ignored,
 * as OpenAI ignores them, except {@code dimensions}, which Tether cannot honour.
 */
record EmbeddingsRequest(Optional<String> model, List<String> inputs, boolean base64) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static EmbeddingsRequest parse(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw OpenAiError.invalid(null, "invalid_json", "the body is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw OpenAiError.invalid(null, "invalid_request", "the body must be a JSON object");
        }
        JsonNode model = root.path("model");
        if (!model.isMissingNode()
                && !model.isNull()
                && (!model.isTextual() || model.asText().isBlank())) {
            throw OpenAiError.invalid("model", "invalid_type", "model must be a model name");
        }
        if (root.hasNonNull("dimensions")) {
            throw OpenAiError.invalid(
                    "dimensions",
                    "unsupported_parameter",
                    "dimensions is not supported: vectors have the model's width");
        }
        String format = root.path("encoding_format").asText("float");
        if (!format.equals("float") && !format.equals("base64")) {
            throw OpenAiError.invalid(
                    "encoding_format",
                    "invalid_value",
                    "encoding_format must be float or base64, not '" + format + "'");
        }
        return new EmbeddingsRequest(
                model.isTextual() ? Optional.of(model.asText()) : Optional.empty(),
                inputs(root.path("input")),
                format.equals("base64"));
    }

    private static List<String> inputs(JsonNode input) {
        if (input.isTextual()) {
            return List.of(nonEmpty(input.asText(), "input"));
        }
        if (!input.isArray() || input.isEmpty()) {
            throw OpenAiError.invalid(
                    "input", "invalid_type", "input must be a string or a non-empty array of strings");
        }
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            if (!item.isTextual()) {
                throw OpenAiError.invalid(
                        "input[" + i + "]",
                        "invalid_type",
                        "input[" + i + "] must be a string (token arrays are not supported)");
            }
            inputs.add(nonEmpty(item.asText(), "input[" + i + "]"));
        }
        return inputs;
    }

    private static String nonEmpty(String text, String param) {
        if (text.isEmpty()) {
            throw OpenAiError.invalid(param, "invalid_value", param + " must not be empty");
        }
        return text;
    }
}
