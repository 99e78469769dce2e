package dev.tether.server.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.ResponseFormat;
import dev.tether.engine.chat.ToolCall;
import dev.tether.engine.chat.ToolChoice;
import dev.tether.engine.loop.Completion;
import dev.tether.server.http.CompatFields;
import dev.tether.tool.ToolSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code POST /v1/messages} (or {@code /v1/messages/count_tokens}) body, read and checked. Fields Tether has no
 * use for ({@code metadata}, {@code top_k}, {@code thinking}, {@code service_tier}) are ignored, as Anthropic
 * ignores what it does not know; a field that is wrong is refused naming it.
 */
record MessagesRequest(Completion.Request completion, boolean stream) {

    /** Optional scalars: a wrong one is refused naming the field and what it must be. */
    private static final CompatFields FIELDS = new CompatFields(AnthropicError::invalid);

    /** For {@code /v1/messages}: {@code max_tokens} is required, as Anthropic requires it. */
    static MessagesRequest parse(JsonNode root) {
        return parse(root, true);
    }

    /** For {@code count_tokens}: no {@code max_tokens}. */
    static MessagesRequest parseForCount(JsonNode root) {
        return parse(root, false);
    }

    private static MessagesRequest parse(JsonNode root, boolean generating) {
        if (root == null || !root.isObject()) {
            throw AnthropicError.invalid("body", "must be a JSON object");
        }
        JsonNode modelNode = root.path("model");
        if (!modelNode.isTextual() || modelNode.asText().isBlank()) {
            throw AnthropicError.invalid("model", "Field required (a model name)");
        }
        List<ToolSpec> tools = tools(root.path("tools"));
        ToolChoice choice = toolChoice(root.path("tool_choice"), tools);
        Integer maxTokens = generating ? maxTokens(root) : null;
        ChatOptions options = new ChatOptions(
                maxTokens,
                FIELDS.range(root, "temperature", 0, 1),
                FIELDS.range(root, "top_p", 0, 1),
                null,
                stopSequences(root.path("stop_sequences")),
                null,
                choice,
                format(root.path("output_format")));
        List<Message> messages = new ArrayList<>();
        String system = system(root.path("system"));
        if (!system.isEmpty()) {
            messages.add(Message.system(system));
        }
        messages.addAll(messages(root.path("messages")));
        boolean stream = FIELDS.bool(root, "stream", false);
        return new MessagesRequest(new Completion.Request(modelNode.asText(), messages, tools, options), stream);
    }

    private static Integer maxTokens(JsonNode root) {
        if (root.path("max_tokens").isMissingNode() || root.path("max_tokens").isNull()) {
            throw AnthropicError.invalid("max_tokens", "Field required");
        }
        return FIELDS.positiveInt(root, "max_tokens");
    }

    private static List<String> stopSequences(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        List<String> stop = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(s -> stop.add(s.isTextual() && !s.asText().isEmpty() ? s.asText() : null));
        }
        if (!node.isArray() || stop.contains(null)) {
            throw AnthropicError.invalid("stop_sequences", "must be an array of non-empty strings");
        }
        return stop;
    }

    private static ResponseFormat format(JsonNode node) {
        try {
            return ResponseFormat.parse(node);
        } catch (IllegalArgumentException e) {
            throw AnthropicError.invalid("output_format", e.getMessage());
        }
    }

    /** A string or an array of text blocks. */
    private static String system(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return "";
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (!node.isArray()) {
            throw AnthropicError.invalid("system", "must be a string or an array of text blocks");
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < node.size(); i++) {
            JsonNode block = node.get(i);
            if (!"text".equals(block.path("type").asText())
                    || !block.path("text").isTextual()) {
                throw AnthropicError.invalid("system." + i, "only text blocks are supported");
            }
            text.append(text.isEmpty() ? "" : "\n\n").append(block.path("text").asText());
        }
        return text.toString();
    }

    private static List<ToolSpec> tools(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw AnthropicError.invalid("tools", "must be an array");
        }
        List<ToolSpec> tools = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode tool = node.get(i);
            String at = "tools." + i;
            String type = tool.path("type").asText("custom");
            if (!type.equals("custom")) {
                throw AnthropicError.invalid(
                        at + ".type", "only client tools (custom, with input_schema) are " + "supported, not " + type);
            }
            String name = tool.path("name").asText("");
            if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
                throw AnthropicError.invalid(at + ".name", "a tool name is 1 to 64 letters, digits, _ or -");
            }
            if (!names.add(name)) {
                throw AnthropicError.invalid(at + ".name", "two tools are named " + name);
            }
            JsonNode schema = tool.path("input_schema");
            if (!schema.isObject()) {
                throw AnthropicError.invalid(at + ".input_schema", "Field required (a JSON Schema object)");
            }
            tools.add(new ToolSpec(name, tool.path("description").asText(""), (ObjectNode) schema, null));
        }
        return List.copyOf(tools);
    }

    private static ToolChoice toolChoice(JsonNode node, List<ToolSpec> tools) {
        if (node.isMissingNode() || node.isNull()) {
            return ToolChoice.AUTO;
        }
        String type = node.path("type").asText("");
        ToolChoice choice = switch (type) {
            case "auto" -> ToolChoice.AUTO;
            case "none" -> ToolChoice.NONE;
            case "any" -> ToolChoice.REQUIRED;
            case "tool" -> {
                String name = node.path("name").asText("");
                if (name.isBlank()) {
                    throw AnthropicError.invalid("tool_choice.name", "Field required for type tool");
                }
                yield ToolChoice.named(name);
            }
            default -> throw AnthropicError.invalid("tool_choice.type", "must be auto, any, tool or none");
        };
        if (choice.mode() == ToolChoice.Mode.REQUIRED && tools.isEmpty()) {
            throw AnthropicError.invalid("tool_choice", "type any needs tools");
        }
        if (choice.mode() == ToolChoice.Mode.NAMED
                && tools.stream().noneMatch(t -> t.name().equals(choice.toolName()))) {
            throw AnthropicError.invalid("tool_choice.name", choice.toolName() + " is not in tools");
        }
        return choice;
    }

    private static List<Message> messages(JsonNode node) {
        if (!node.isArray() || node.isEmpty()) {
            throw AnthropicError.invalid("messages", "must be a non-empty array");
        }
        List<Message> messages = new ArrayList<>();
        Map<String, String> toolNames = new HashMap<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode m = node.get(i);
            String at = "messages." + i;
            String role = m.path("role").asText("");
            switch (role) {
                case "user" -> messages.addAll(user(m.path("content"), at + ".content", toolNames));
                case "assistant" -> messages.add(assistant(m.path("content"), at + ".content", toolNames));
                default ->
                    throw AnthropicError.invalid(at + ".role", "must be 'user' or 'assistant', was '" + role + "'");
            }
        }
        return messages;
    }

    /** A user turn: its tool results (each one tool message), then its text as a user message. */
    private static List<Message> user(JsonNode content, String at, Map<String, String> toolNames) {
        if (content.isTextual()) {
            return List.of(Message.user(content.asText()));
        }
        List<Message> out = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < blocks(content, at).size(); i++) {
            JsonNode block = content.get(i);
            String type = block.path("type").asText("");
            switch (type) {
                case "text" -> text.append(text.isEmpty() ? "" : "\n").append(blockText(block, at + "." + i));
                case "tool_result" -> {
                    String id = block.path("tool_use_id").asText("");
                    if (id.isBlank()) {
                        throw AnthropicError.invalid(at + "." + i + ".tool_use_id", "Field required");
                    }
                    String result = toolResult(block.path("content"), at + "." + i + ".content");
                    if (block.path("is_error").asBoolean(false)) {
                        result = "{\"error\": " + com.fasterxml.jackson.databind.node.TextNode.valueOf(result) + "}";
                    }
                    out.add(Message.tool(id, toolNames.get(id), result));
                }
                default ->
                    throw AnthropicError.invalid(
                            at + "." + i + ".type",
                            "only text and tool_result blocks are supported in a user message, not " + type);
            }
        }
        if (!text.isEmpty() || out.isEmpty()) {
            out.add(Message.user(text.toString()));
        }
        return out;
    }

    /** An assistant turn: its text and its tool calls; thinking blocks are not sent back to the model. */
    private static Message assistant(JsonNode content, String at, Map<String, String> toolNames) {
        if (content.isTextual()) {
            return Message.assistant(content.asText(), List.of(), null);
        }
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (int i = 0; i < blocks(content, at).size(); i++) {
            JsonNode block = content.get(i);
            String type = block.path("type").asText("");
            switch (type) {
                case "text" -> text.append(blockText(block, at + "." + i));
                case "thinking", "redacted_thinking" -> {}
                case "tool_use" -> {
                    String id = block.path("id").asText("");
                    String name = block.path("name").asText("");
                    if (id.isBlank() || name.isBlank()) {
                        throw AnthropicError.invalid(at + "." + i, "a tool_use block needs an id and a name");
                    }
                    JsonNode input = block.path("input");
                    if (!input.isObject()) {
                        throw AnthropicError.invalid(at + "." + i + ".input", "must be an object");
                    }
                    toolNames.put(id, name);
                    calls.add(new ToolCall(id, name, (ObjectNode) input));
                }
                default ->
                    throw AnthropicError.invalid(
                            at + "." + i + ".type",
                            "only text, thinking and tool_use blocks are supported in an assistant message, not "
                                    + type);
            }
        }
        return Message.assistant(text.toString(), calls, null);
    }

    private static JsonNode blocks(JsonNode content, String at) {
        if (!content.isArray()) {
            throw AnthropicError.invalid(at, "must be a string or an array of content blocks");
        }
        return content;
    }

    private static String blockText(JsonNode block, String at) {
        if (!block.path("text").isTextual()) {
            throw AnthropicError.invalid(at + ".text", "Field required (a string)");
        }
        return block.path("text").asText();
    }

    /** A tool result's content: a string, or text blocks. */
    private static String toolResult(JsonNode node, String at) {
        if (node.isMissingNode() || node.isNull()) {
            return "";
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (!node.isArray()) {
            throw AnthropicError.invalid(at, "must be a string or an array of text blocks");
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < node.size(); i++) {
            JsonNode block = node.get(i);
            if (!"text".equals(block.path("type").asText())) {
                throw AnthropicError.invalid(at + "." + i + ".type", "only text blocks are supported in a tool result");
            }
            text.append(blockText(block, at + "." + i));
        }
        return text.toString();
    }
}
