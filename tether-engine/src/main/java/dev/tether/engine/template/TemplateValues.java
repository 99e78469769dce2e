package dev.tether.engine.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.ToolCall;
import dev.tether.engine.tool.ToolSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Messages and tools in the shape Hugging Face chat templates read: plain maps and lists, tool calls as
 * {@code {"id", "type": "function", "function": {"name", "arguments"}}} and tools as
 * {@code {"type": "function", "function": {"name", "description", "parameters"}}}.
 */
final class TemplateValues {

    /** A JSON object that prints as JSON, so a template writing {@code {{ arguments }}} gets JSON text. */
    static final class JsonMap extends LinkedHashMap<String, Object> {
        @Override
        public String toString() {
            return PythonJson.dumps(this);
        }
    }

    private TemplateValues() {
    }

    /** @param argumentsAsText true for templates that expect {@code arguments} as a JSON string */
    static List<Map<String, Object>> messages(List<Message> messages, boolean argumentsAsText) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Message message : messages) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("role", message.role().wireName());
            map.put("content", message.content());
            if (!message.toolCalls().isEmpty()) {
                List<Object> calls = new ArrayList<>();
                for (ToolCall call : message.toolCalls()) {
                    calls.add(toolCall(call, argumentsAsText));
                }
                map.put("tool_calls", calls);
            }
            if (message.toolCallId() != null) {
                map.put("tool_call_id", message.toolCallId());
            }
            if (message.name() != null) {
                map.put("name", message.name());
            }
            out.add(map);
        }
        return out;
    }

    private static Map<String, Object> toolCall(ToolCall call, boolean argumentsAsText) {
        Object arguments = argumentsAsText ? PythonJson.dumps(call.arguments()) : object(call.arguments());
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", call.name());
        function.put("arguments", arguments);
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", call.id());
        map.put("type", "function");
        map.put("function", function);
        return map;
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

    static JsonMap object(ObjectNode node) {
        JsonMap map = new JsonMap();
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
}
