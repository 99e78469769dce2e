package dev.tether.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.ToolCall;
import dev.tether.engine.model.PromptRequest;
import dev.tether.server.http.ApiError;
import dev.tether.server.http.Json;
import dev.tether.tool.ToolSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /models/{name}/template}: {@code messages} as OpenAI writes them (or as
 * {@code GET /sessions/{id}/messages} returns them), {@code tools} as OpenAI writes them (or as {@code GET /tools}
 * returns them), and {@code add_generation_prompt} (default true).
 */
final class PromptRequestJson {

    private PromptRequestJson() {}

    static PromptRequest read(ObjectNode body) {
        JsonNode generation = body.path("add_generation_prompt");
        if (!generation.isMissingNode() && !generation.isNull() && !generation.isBoolean()) {
            throw ApiError.badRequest("invalid_field", "add_generation_prompt must be true or false");
        }
        return new PromptRequest(
                messages(body.path("messages")),
                tools(body.path("tools")),
                !generation.isBoolean() || generation.booleanValue());
    }

    private static List<Message> messages(JsonNode node) {
        if (!node.isArray() || node.isEmpty()) {
            throw ApiError.badRequest("missing_messages", "messages must be a non-empty array");
        }
        List<Message> messages = new ArrayList<>();
        Map<String, String> toolNames = new HashMap<>();
        for (int i = 0; i < node.size(); i++) {
            messages.add(message(node.get(i), "messages[" + i + "]", toolNames));
        }
        return messages;
    }

    private static Message message(JsonNode m, String at, Map<String, String> toolNames) {
        JsonNode content = m.path("content");
        if (!content.isMissingNode() && !content.isNull() && !content.isTextual()) {
            throw invalid(at + ".content", "must be a string");
        }
        String text = content.asText("");
        return switch (m.path("role").asText("")) {
            case "system", "developer" -> Message.system(text);
            case "user" -> Message.user(text);
            case "assistant" -> {
                List<ToolCall> calls = toolCalls(m.path("tool_calls"), at + ".tool_calls");
                calls.forEach(call -> toolNames.put(call.id(), call.name()));
                yield Message.assistant(text, calls, null);
            }
            case "tool" -> {
                String id = m.path("tool_call_id").asText("");
                if (id.isBlank()) {
                    throw invalid(at + ".tool_call_id", "is required for a tool message");
                }
                yield Message.tool(
                        id, m.path("name").isTextual() ? m.path("name").textValue() : toolNames.get(id), text);
            }
            default -> throw invalid(at + ".role", "must be system, user, assistant or tool");
        };
    }

    /** OpenAI's {@code {"id", "function": {"name", "arguments"}}} or Tether's {@code {"id", "name", "arguments"}}. */
    private static List<ToolCall> toolCalls(JsonNode node, String at) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw invalid(at, "must be an array");
        }
        List<ToolCall> calls = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode call = node.get(i);
            JsonNode function = call.has("function") ? call.path("function") : call;
            String name = function.path("name").asText("");
            if (name.isBlank()) {
                throw invalid(at + "[" + i + "]", "needs a function name");
            }
            String id = call.path("id").asText("call_" + i);
            calls.add(new ToolCall(id, name, arguments(function.path("arguments"), at + "[" + i + "].arguments")));
        }
        return calls;
    }

    private static ObjectNode arguments(JsonNode node, String at) {
        if (node instanceof ObjectNode object) {
            return object;
        }
        if (node.isMissingNode() || node.isNull() || node.asText("").isBlank()) {
            return Json.object();
        }
        try {
            if (node.isTextual() && Json.MAPPER.readTree(node.textValue()) instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            // refused below
        }
        throw invalid(at, "must be a JSON object or a string holding one");
    }

    /** OpenAI's {@code {"type": "function", "function": {…}}} or {@code {"name", "description", "parameters"}}. */
    private static List<ToolSpec> tools(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw invalid("tools", "must be an array");
        }
        List<ToolSpec> tools = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode tool = node.get(i);
            JsonNode function = tool.has("function") ? tool.path("function") : tool;
            String name = function.path("name").asText("");
            if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
                throw invalid("tools[" + i + "].name", "must be 1 to 64 letters, digits, '_', '.' or '-'");
            }
            JsonNode parameters = function.path("parameters");
            if (!parameters.isMissingNode() && !parameters.isNull() && !parameters.isObject()) {
                throw invalid("tools[" + i + "].parameters", "must be a JSON Schema object");
            }
            ObjectNode schema = parameters instanceof ObjectNode object
                    ? object
                    : (ObjectNode) Json.object().put("type", "object").set("properties", Json.object());
            tools.add(new ToolSpec(name, function.path("description").asText(""), schema, null));
        }
        return tools;
    }

    private static ApiError invalid(String field, String problem) {
        return ApiError.badRequest("invalid_field", field + " " + problem);
    }
}
