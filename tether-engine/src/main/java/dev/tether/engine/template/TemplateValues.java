package dev.tether.engine.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.ToolCall;
import dev.tether.tool.ToolSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Messages and tools in the shape Hugging Face chat templates read: plain maps and lists, tool calls as
 * {@code {"id", "type": "function", "function": {"name", "arguments"}}} and tools as
 * {@code {"type": "function", "function": {"name", "description", "parameters"}}}.
 */
final class TemplateValues {

    private TemplateValues() {}

    /**
     * @param argumentsAsText true for templates that expect {@code arguments} as a JSON string
     * @param ids             maps call ids to what the template accepts (Mistral's insist on 9 characters)
     */
    static List<Map<String, Object>> messages(
            List<Message> messages, boolean argumentsAsText, UnaryOperator<String> ids) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Message message : messages) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("role", message.role().wireName());
            map.put("content", message.content());
            if (!message.toolCalls().isEmpty()) {
                List<Object> calls = new ArrayList<>();
                for (ToolCall call : message.toolCalls()) {
                    calls.add(toolCall(call, argumentsAsText, ids));
                }
                map.put("tool_calls", calls);
            }
            if (message.toolCallId() != null) {
                map.put("tool_call_id", ids.apply(message.toolCallId()));
            }
            if (message.name() != null) {
                map.put("name", message.name());
            }
            out.add(map);
        }
        return out;
    }

    private static Map<String, Object> toolCall(ToolCall call, boolean argumentsAsText, UnaryOperator<String> ids) {
        Object arguments = argumentsAsText ? PythonJson.dumps(call.arguments()) : object(call.arguments());
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", call.name());
        function.put("arguments", arguments);
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", ids.apply(call.id()));
        map.put("type", "function");
        map.put("function", function);
        return map;
    }

    /** The same 9 letters and digits for the same id: the form Mistral templates require. */
    static String nineCharacterId(String id) {
        if (id.matches("[A-Za-z0-9]{9}")) {
            return id;
        }
        String digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        long hash = UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8)).getMostSignificantBits();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            out.append(digits.charAt((int) Long.remainderUnsigned(hash, 62)));
            hash = Long.divideUnsigned(hash, 62);
        }
        return out.toString();
    }

    /** Null when there are no tools: templates test {@code tools is not none}. */
    static List<Map<String, Object>> tools(List<ToolSpec> tools) {
        if (tools.isEmpty()) {
            return null;
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (ToolSpec spec : tools) {
            out.add(tool(spec));
        }
        return out;
    }

    static Map<String, Object> tool(ToolSpec spec) {
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", spec.name());
        function.put("description", spec.description());
        function.put("parameters", object(spec.inputSchema()));
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("type", "function");
        map.put("function", function);
        return map;
    }

    static Map<String, Object> object(ObjectNode node) {
        Map<String, Object> map = new LinkedHashMap<>();
        node.properties().forEach(field -> map.put(field.getKey(), value(field.getValue())));
        return map;
    }

    private static Object value(JsonNode node) {
        if (node.isObject()) {
            return object((ObjectNode) node);
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(value(item)));
            return list;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return null;
    }

    /** A Java value as a template sees it: Python's int and float, dicts and lists that keep their order. */
    static Object python(Object value) {
        return switch (value) {
            case Integer i -> i.longValue();
            case Short s -> s.longValue();
            case Byte b -> b.longValue();
            case Float f -> f.doubleValue();
            case ObjectNode node -> object(node);
            case JsonNode node -> value(node);
            case JinjaValues.Tuple tuple -> tuple;
            case Map<?, ?> map -> {
                Map<Object, Object> copy = new LinkedHashMap<>();
                map.forEach((k, v) -> copy.put(k, python(v)));
                yield copy;
            }
            case List<?> list -> {
                List<Object> copy = new ArrayList<>(list.size());
                list.forEach(item -> copy.add(python(item)));
                yield copy;
            }
            case null, default -> value;
        };
    }
}
