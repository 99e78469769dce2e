package dev.tether.server.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.ToolCall;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** OpenAI chat messages into Tether's: system (and developer), user, assistant with tool calls, tool results. */
final class ChatMessages {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ChatMessages() {}

    static List<Message> read(JsonNode node) {
        if (!node.isArray() || node.isEmpty()) {
            throw OpenAiError.invalid("messages", "missing_messages", "messages must be a non-empty array");
        }
        List<Message> messages = new ArrayList<>();
        Map<String, String> toolNames = new HashMap<>();
        for (int i = 0; i < node.size(); i++) {
            messages.add(message(node.get(i), "messages[" + i + "]", toolNames));
        }
        return messages;
    }

    private static Message message(JsonNode m, String param, Map<String, String> toolNames) {
        String role = m.path("role").asText("");
        String content = content(m.path("content"), param + ".content");
        return switch (role) {
            case "system", "developer" -> Message.system(content);
            case "user" -> Message.user(content);
            case "assistant" -> {
                List<ToolCall> calls = toolCalls(m.path("tool_calls"), param + ".tool_calls");
                calls.forEach(c -> toolNames.put(c.id(), c.name()));
                yield Message.assistant(content, calls, null);
            }
            case "tool" -> {
                String id = m.path("tool_call_id").asText("");
                if (id.isBlank()) {
                    throw OpenAiError.invalid(
                            param + ".tool_call_id",
                            "invalid_message",
                            "a tool message needs the tool_call_id it answers");
                }
                yield Message.tool(id, toolNames.getOrDefault(id, m.path("name").asText(null)), content);
            }
            default ->
                throw OpenAiError.invalid(
                        param + ".role",
                        "invalid_message",
                        "role must be system, developer, user, assistant or tool, was '" + role + "'");
        };
    }

    /** A string, null, or an array of text parts; other parts (images, audio) are refused. */
    private static String content(JsonNode node, String param) {
        if (node.isMissingNode() || node.isNull()) {
            return "";
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (!node.isArray()) {
            throw OpenAiError.invalid(param, "invalid_message", "content must be a string or an array of parts");
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : node) {
            if (!"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
                throw OpenAiError.invalid(
                        param,
                        "unsupported_content",
                        "only text content parts are supported, not "
                                + part.path("type").asText("?"));
            }
            text.append(part.path("text").asText());
        }
        return text.toString();
    }

    private static List<ToolCall> toolCalls(JsonNode node, String param) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw OpenAiError.invalid(param, "invalid_message", "tool_calls must be an array");
        }
        List<ToolCall> calls = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode call = node.get(i);
            String at = param + "[" + i + "]";
            String id = call.path("id").asText("");
            String name = call.path("function").path("name").asText("");
            if (id.isBlank() || name.isBlank()) {
                throw OpenAiError.invalid(at, "invalid_message", "a tool call needs an id and function.name");
            }
            calls.add(new ToolCall(id, name, arguments(call.path("function").path("arguments"), at)));
        }
        return calls;
    }

    private static ObjectNode arguments(JsonNode node, String param) {
        if (node.isObject()) {
            return (ObjectNode) node;
        }
        String text = node.asText("").strip();
        if (text.isEmpty()) {
            return JSON.createObjectNode();
        }
        try {
            if (JSON.readTree(text) instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            // refused below
        }
        throw OpenAiError.invalid(
                param + ".function.arguments",
                "invalid_message",
                "function.arguments must be a JSON object encoded as a string");
    }
}
