package dev.tether.server.openai;

import static dev.tether.server.openai.OpenAiFields.FIELDS;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.ResponseFormat;
import dev.tether.engine.chat.ToolChoice;
import dev.tether.engine.loop.Completion;
import dev.tether.tool.ToolSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code POST /v1/chat/completions} body, read and checked: every field Tether cannot honour is refused with a
 * 400 naming it, rather than ignored.
 */
record ChatRequest(Completion.Request completion, boolean stream, boolean includeUsage) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ChatRequest parse(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw OpenAiError.invalid(null, "invalid_json", "the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw OpenAiError.invalid(null, "invalid_json", "the body must be a JSON object");
        }
        refuseUnsupported(root);
        String model = string(root, "model");
        List<ToolSpec> tools = OpenAiFields.tools(
                root.path("tools"),
                "function",
                (tool, at) -> OpenAiError.invalid(at, "invalid_tools", "only tools of type function are supported"));
        ToolChoice choice = OpenAiFields.toolChoice(
                root.path("tool_choice"),
                tools,
                n -> n.path("function").path("name"),
                "{\"type\": \"function\", \"function\": {\"name\": …}}");
        ChatOptions options = new ChatOptions(
                maxTokens(root),
                FIELDS.range(root, "temperature", 0, 2),
                FIELDS.range(root, "top_p", 0, 1),
                seed(root),
                stop(root.path("stop")),
                null,
                choice,
                responseFormat(root.path("response_format")));
        boolean stream = FIELDS.bool(root, "stream", false);
        boolean includeUsage = stream && FIELDS.bool(root.path("stream_options"), "include_usage", false);
        return new ChatRequest(
                new Completion.Request(model, ChatMessages.read(root.path("messages")), tools, options),
                stream,
                includeUsage);
    }

    private static void refuseUnsupported(JsonNode root) {
        if (root.has("n") && !root.get("n").isNull() && root.get("n").asInt() != 1) {
            throw OpenAiError.invalid("n", "unsupported_parameter", "only n = 1 is supported");
        }
        if (root.path("logprobs").asBoolean(false)) {
            throw OpenAiError.invalid("logprobs", "unsupported_parameter", "logprobs are not supported");
        }
    }

    private static ResponseFormat responseFormat(JsonNode node) {
        try {
            return ResponseFormat.parse(node);
        } catch (IllegalArgumentException e) {
            throw OpenAiError.invalid("response_format", "invalid_value", "response_format " + e.getMessage());
        }
    }

    private static String string(JsonNode root, String field) {
        JsonNode node = root.path(field);
        if (!node.isTextual() || node.asText().isBlank()) {
            throw OpenAiError.invalid(field, "missing_" + field, field + " is required and must be a string");
        }
        return node.asText();
    }

    private static Integer maxTokens(JsonNode root) {
        return FIELDS.positiveInt(root, root.has("max_completion_tokens") ? "max_completion_tokens" : "max_tokens");
    }

    private static Long seed(JsonNode root) {
        return FIELDS.optional(
                root, "seed", null, n -> n.isIntegralNumber() && n.canConvertToLong(), "an integer", JsonNode::asLong);
    }

    private static List<String> stop(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (node.isTextual()) {
            return List.of(node.asText());
        }
        List<String> stop = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(s -> stop.add(s.isTextual() ? s.asText() : null));
        }
        if (!node.isArray() || stop.contains(null)) {
            throw OpenAiError.invalid("stop", "invalid_value", "stop must be a string or an array of strings");
        }
        return stop;
    }
}
