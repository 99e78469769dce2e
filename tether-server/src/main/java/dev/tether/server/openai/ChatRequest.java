package dev.tether.server.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.ResponseFormat;
import dev.tether.engine.chat.ToolChoice;
import dev.tether.engine.loop.Completion;
import dev.tether.tool.ToolSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
        List<ToolSpec> tools = tools(root.path("tools"));
        ToolChoice choice = toolChoice(root.path("tool_choice"), tools);
        ChatOptions options = new ChatOptions(
                maxTokens(root),
                range(root, "temperature", 0, 2),
                range(root, "top_p", 0, 1),
                seed(root),
                stop(root.path("stop")),
                null,
                choice,
                responseFormat(root.path("response_format")));
        boolean stream = bool(root, "stream");
        boolean includeUsage = stream && bool(root.path("stream_options"), "include_usage");
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

    private static List<ToolSpec> tools(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw OpenAiError.invalid("tools", "invalid_tools", "tools must be an array");
        }
        List<ToolSpec> tools = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String param = "tools[" + i + "]";
            JsonNode tool = node.get(i);
            if (!"function".equals(tool.path("type").asText())) {
                throw OpenAiError.invalid(
                        param + ".type", "invalid_tools", "only tools of type function are supported");
            }
            JsonNode function = tool.path("function");
            String name = function.path("name").asText("");
            if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
                throw OpenAiError.invalid(
                        param + ".function.name",
                        "invalid_tools",
                        "a function name is 1 to 64 letters, digits, _ or -");
            }
            if (!names.add(name)) {
                throw OpenAiError.invalid(param + ".function.name", "invalid_tools", "two tools are named " + name);
            }
            JsonNode parameters = function.path("parameters");
            if (!parameters.isMissingNode() && !parameters.isNull() && !parameters.isObject()) {
                throw OpenAiError.invalid(
                        param + ".function.parameters", "invalid_tools", "parameters must be a JSON Schema object");
            }
            ObjectNode schema = parameters.isObject()
                    ? (ObjectNode) parameters
                    : JSON.createObjectNode().put("type", "object").set("properties", JSON.createObjectNode());
            tools.add(new ToolSpec(name, function.path("description").asText(""), schema, null));
        }
        return List.copyOf(tools);
    }

    private static ToolChoice toolChoice(JsonNode node, List<ToolSpec> tools) {
        if (node.isMissingNode() || node.isNull()) {
            return ToolChoice.AUTO;
        }
        ToolChoice choice;
        if (node.isTextual() && List.of("auto", "none", "required").contains(node.asText())) {
            choice = ToolChoice.parse(node.asText());
        } else if (node.isObject() && node.path("function").path("name").isTextual()) {
            choice = ToolChoice.named(node.path("function").path("name").asText());
        } else {
            throw OpenAiError.invalid(
                    "tool_choice",
                    "invalid_tool_choice",
                    "tool_choice is auto, none, required or {\"type\": \"function\", \"function\": {\"name\": …}}");
        }
        if (choice.mode() == ToolChoice.Mode.REQUIRED && tools.isEmpty()) {
            throw OpenAiError.invalid("tool_choice", "invalid_tool_choice", "tool_choice required needs tools");
        }
        if (choice.mode() == ToolChoice.Mode.NAMED
                && tools.stream().noneMatch(t -> t.name().equals(choice.toolName()))) {
            throw OpenAiError.invalid(
                    "tool_choice",
                    "invalid_tool_choice",
                    "tool_choice names " + choice.toolName() + ", which is not in tools");
        }
        return choice;
    }

    private static Integer maxTokens(JsonNode root) {
        String field = root.has("max_completion_tokens") ? "max_completion_tokens" : "max_tokens";
        JsonNode node = root.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < 1) {
            throw OpenAiError.invalid(field, "invalid_value", field + " must be a positive integer");
        }
        return node.asInt();
    }

    private static Double range(JsonNode root, String field, double min, double max) {
        JsonNode node = root.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isNumber() || node.asDouble() < min || node.asDouble() > max) {
            throw OpenAiError.invalid(field, "invalid_value", field + " must be a number from " + min + " to " + max);
        }
        return node.asDouble();
    }

    private static Long seed(JsonNode root) {
        JsonNode node = root.path("seed");
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw OpenAiError.invalid("seed", "invalid_value", "seed must be an integer");
        }
        return node.asLong();
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

    private static boolean bool(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw OpenAiError.invalid(field, "invalid_value", field + " must be true or false");
        }
        return value.asBoolean();
    }
}
