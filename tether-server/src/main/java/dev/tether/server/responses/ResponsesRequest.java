package dev.tether.server.responses;

import static dev.tether.server.openai.OpenAiFields.FIELDS;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.ResponseFormat;
import dev.tether.engine.chat.Role;
import dev.tether.engine.chat.ToolCall;
import dev.tether.engine.chat.ToolChoice;
import dev.tether.server.openai.OpenAiError;
import dev.tether.server.openai.OpenAiFields;
import dev.tether.tool.ToolSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code POST /v1/responses} body, read and checked. {@code input} becomes Tether messages (a string is one user
 * message; items are messages, {@code function_call}s and {@code function_call_output}s), {@code instructions} a
 * system message for this response only. Fields Tether has no use for ({@code metadata}, {@code user},
 * {@code parallel_tool_calls}, {@code reasoning}, {@code truncation}) are ignored; a field that is wrong is refused
 * with a 400 naming it.
 *
 * @param input        the new messages, in order, without the instructions
 * @param instructions the system message for this response, or null
 */
record ResponsesRequest(
        String model,
        List<Message> input,
        String instructions,
        List<ToolSpec> tools,
        ChatOptions options,
        boolean stream,
        boolean store,
        String previousResponseId,
        ObjectNode echo) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ResponsesRequest parse(ObjectNode root) {
        String model = root.path("model").asText("");
        if (!root.path("model").isTextual() || model.isBlank()) {
            throw OpenAiError.invalid("model", "missing_model", "model is required and must be a string");
        }
        List<ToolSpec> tools = OpenAiFields.tools(
                root.path("tools"),
                "",
                (tool, at) -> OpenAiError.invalid(
                        at,
                        "unsupported_tool",
                        "only function tools are supported, not '"
                                + tool.path("type").asText("") + "'"));
        ToolChoice choice = OpenAiFields.toolChoice(
                root.path("tool_choice"),
                tools,
                n -> "function".equals(n.path("type").asText()) ? n.path("name") : MissingNode.getInstance(),
                "{\"type\": \"function\", \"name\": …}");
        ResponseFormat format;
        try {
            format = ResponseFormat.parse(root.path("text").path("format"));
        } catch (IllegalArgumentException e) {
            throw OpenAiError.invalid("text.format", "invalid_value", "text.format " + e.getMessage());
        }
        ChatOptions options = new ChatOptions(
                FIELDS.positiveInt(root, "max_output_tokens"),
                FIELDS.range(root, "temperature", 0, 2),
                FIELDS.range(root, "top_p", 0, 1),
                null,
                List.of(),
                null,
                choice,
                format);
        String instructions = FIELDS.string(root, "instructions");
        String previous = FIELDS.string(root, "previous_response_id");
        List<Message> input = input(root.path("input"));
        return new ResponsesRequest(
                model,
                input,
                instructions,
                tools,
                options,
                FIELDS.bool(root, "stream", false),
                FIELDS.bool(root, "store", true),
                previous,
                echo(root));
    }

    /** The request fields a response repeats back. */
    private static ObjectNode echo(ObjectNode root) {
        ObjectNode echo = JSON.createObjectNode();
        for (String field : List.of(
                "instructions", "max_output_tokens", "temperature", "top_p", "previous_response_id", "metadata")) {
            echo.set(field, root.has(field) ? root.get(field) : null);
        }
        echo.set(
                "tools", root.has("tools") && root.get("tools").isArray() ? root.get("tools") : JSON.createArrayNode());
        echo.set(
                "tool_choice",
                root.has("tool_choice")
                        ? root.get("tool_choice")
                        : JSON.getNodeFactory().textNode("auto"));
        ObjectNode text = JSON.createObjectNode();
        text.set(
                "format",
                root.path("text").path("format").isObject()
                        ? root.path("text").path("format")
                        : JSON.createObjectNode().put("type", "text"));
        echo.set("text", text);
        echo.put("parallel_tool_calls", root.path("parallel_tool_calls").asBoolean(true));
        if (echo.get("metadata") == null || echo.get("metadata").isNull()) {
            echo.putObject("metadata");
        }
        return echo;
    }

    private static List<Message> input(JsonNode node) {
        if (node.isTextual()) {
            if (node.asText().isEmpty()) {
                throw OpenAiError.invalid("input", "invalid_value", "input must not be empty");
            }
            return List.of(Message.user(node.asText()));
        }
        if (!node.isArray() || node.isEmpty()) {
            throw OpenAiError.invalid(
                    "input", "missing_input", "input is required: a string or a non-empty array of items");
        }
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String at = "input[" + i + "]";
            String type = item.path("type").asText(item.has("role") ? "message" : "");
            switch (type) {
                case "message" -> messages.add(message(item, at));
                case "function_call" -> addCall(messages, call(item, at));
                case "function_call_output" -> messages.add(output(item, at, messages));
                case "reasoning" -> {}
                default ->
                    throw OpenAiError.invalid(
                            at + ".type",
                            "unsupported_input",
                            "input items are messages, function_call and function_call_output, not '" + type + "'");
            }
        }
        return messages;
    }

    private static Message message(JsonNode item, String at) {
        String role = item.path("role").asText("");
        String content = content(item.path("content"), at + ".content");
        return switch (role) {
            case "user" -> Message.user(content);
            case "system", "developer" -> Message.system(content);
            case "assistant" -> Message.assistant(content, List.of(), null);
            default ->
                throw OpenAiError.invalid(
                        at + ".role",
                        "invalid_value",
                        "role must be user, assistant, system or developer, was '" + role + "'");
        };
    }

    /** A string, or text parts ({@code input_text}, {@code output_text}); images and files are refused. */
    private static String content(JsonNode node, String at) {
        if (node.isTextual()) {
            return node.asText();
        }
        if (!node.isArray()) {
            throw OpenAiError.invalid(at, "invalid_value", "content must be a string or an array of text parts");
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < node.size(); i++) {
            JsonNode part = node.get(i);
            String type = part.path("type").asText("");
            if (!List.of("input_text", "output_text", "text").contains(type)
                    || !part.path("text").isTextual()) {
                throw OpenAiError.invalid(
                        at + "[" + i + "]", "unsupported_content", "only text parts are supported, not '" + type + "'");
            }
            text.append(part.path("text").asText());
        }
        return text.toString();
    }

    private static ToolCall call(JsonNode item, String at) {
        String callId = item.path("call_id").asText("");
        String name = item.path("name").asText("");
        if (callId.isBlank() || name.isBlank()) {
            throw OpenAiError.invalid(at, "invalid_value", "a function_call item needs call_id and name");
        }
        JsonNode arguments = item.path("arguments");
        ObjectNode parsed = null;
        if (arguments.isTextual()) {
            try {
                parsed = JSON.readTree(arguments.asText().isBlank() ? "{}" : arguments.asText()) instanceof ObjectNode o
                        ? o
                        : null;
            } catch (JsonProcessingException e) {
                parsed = null;
            }
        }
        if (parsed == null) {
            throw OpenAiError.invalid(
                    at + ".arguments", "invalid_value", "arguments must be a JSON object encoded as a string");
        }
        return new ToolCall(callId, name, parsed);
    }

    /** Calls in a row, and calls right after an assistant message, are one assistant turn. */
    private static void addCall(List<Message> messages, ToolCall call) {
        if (!messages.isEmpty() && messages.getLast().role() == Role.ASSISTANT) {
            Message last = messages.removeLast();
            List<ToolCall> calls = new ArrayList<>(last.toolCalls());
            calls.add(call);
            messages.add(Message.assistant(last.content(), calls, null));
        } else {
            messages.add(Message.assistant("", List.of(call), null));
        }
    }

    private static Message output(JsonNode item, String at, List<Message> before) {
        String callId = item.path("call_id").asText("");
        if (callId.isBlank()) {
            throw OpenAiError.invalid(
                    at + ".call_id", "invalid_value", "a function_call_output needs the call_id it answers");
        }
        JsonNode output = item.path("output");
        String text = output.isTextual() ? output.asText() : output.isArray() ? content(output, at + ".output") : null;
        if (text == null) {
            throw OpenAiError.invalid(at + ".output", "invalid_value", "output must be a string or text parts");
        }
        String name = before.stream()
                .flatMap(m -> m.toolCalls().stream())
                .filter(c -> c.id().equals(callId))
                .map(ToolCall::name)
                .findFirst()
                .orElse(null);
        return Message.tool(callId, name, text);
    }
}
