package dev.tether.server.responses;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.ResponseFormat;
import dev.tether.engine.chat.Role;
import dev.tether.engine.chat.ToolCall;
import dev.tether.engine.chat.ToolChoice;
import dev.tether.server.openai.OpenAiError;
import dev.tether.tool.ToolSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
        List<ToolSpec> tools = tools(root.path("tools"));
        ToolChoice choice = toolChoice(root.path("tool_choice"), tools);
        ResponseFormat format;
        try {
            format = ResponseFormat.parse(root.path("text").path("format"));
        } catch (IllegalArgumentException e) {
            throw OpenAiError.invalid("text.format", "invalid_value", "text.format " + e.getMessage());
        }
        ChatOptions options = new ChatOptions(
                positive(root, "max_output_tokens"),
                range(root, "temperature", 0, 2),
                range(root, "top_p", 0, 1),
                null,
                List.of(),
                null,
                choice,
                format);
        String instructions = optionalString(root, "instructions");
        String previous = optionalString(root, "previous_response_id");
        List<Message> input = input(root.path("input"));
        return new ResponsesRequest(
                model,
                input,
                instructions,
                tools,
                options,
                bool(root, "stream", false),
                bool(root, "store", true),
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
            JsonNode tool = node.get(i);
            String at = "tools[" + i + "]";
            if (!"function".equals(tool.path("type").asText())) {
                throw OpenAiError.invalid(
                        at + ".type",
                        "unsupported_tool",
                        "only function tools are supported, not '"
                                + tool.path("type").asText("") + "'");
            }
            String name = tool.path("name").asText("");
            if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
                throw OpenAiError.invalid(
                        at + ".name", "invalid_tools", "a function name is 1 to 64 letters, digits, _ or -");
            }
            if (!names.add(name)) {
                throw OpenAiError.invalid(at + ".name", "invalid_tools", "two tools are named " + name);
            }
            JsonNode parameters = tool.path("parameters");
            if (!parameters.isMissingNode() && !parameters.isNull() && !parameters.isObject()) {
                throw OpenAiError.invalid(
                        at + ".parameters", "invalid_tools", "parameters must be a JSON Schema object");
            }
            ObjectNode schema = parameters.isObject()
                    ? (ObjectNode) parameters
                    : JSON.createObjectNode().put("type", "object").set("properties", JSON.createObjectNode());
            tools.add(new ToolSpec(name, tool.path("description").asText(""), schema, null));
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
        } else if (node.isObject()
                && "function".equals(node.path("type").asText())
                && node.path("name").isTextual()) {
            choice = ToolChoice.named(node.path("name").asText());
        } else {
            throw OpenAiError.invalid(
                    "tool_choice",
                    "invalid_tool_choice",
                    "tool_choice is auto, none, required or {\"type\": \"function\", \"name\": …}");
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

    private static Integer positive(JsonNode root, String field) {
        JsonNode node = root.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 1) {
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

    private static String optionalString(JsonNode root, String field) {
        JsonNode node = root.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw OpenAiError.invalid(field, "invalid_value", field + " must be a string");
        }
        return node.asText();
    }

    private static boolean bool(JsonNode root, String field, boolean otherwise) {
        JsonNode node = root.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return otherwise;
        }
        if (!node.isBoolean()) {
            throw OpenAiError.invalid(field, "invalid_value", field + " must be true or false");
        }
        return node.asBoolean();
    }
}
