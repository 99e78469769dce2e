package dev.tether.engine.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Map;

/**
 * Writes values the way Python's {@code json.dumps(x, ensure_ascii=False)} does, which is what chat templates
 * were written against: {@code ", "} and {@code ": "} separators (or {@code ","} plus newlines with an indent),
 * keys in their order.
 */
final class PythonJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PythonJson() {
    }

    static String dumps(Object value) {
        return dumps(value, -1);
    }

    /** {@code indent < 0} means on one line. */
    static String dumps(Object value, int indent) {
        JsonNode node = value instanceof JsonNode json ? json : MAPPER.valueToTree(value);
        StringBuilder out = new StringBuilder();
        write(node, indent, 0, out);
        return out.toString();
    }

    private static void write(JsonNode node, int indent, int depth, StringBuilder out) {
        if (node.isObject()) {
            writeContainer(node, '{', '}', indent, depth, out);
        } else if (node.isArray()) {
            writeContainer(node, '[', ']', indent, depth, out);
        } else if (node.isTextual()) {
            writeString(node.textValue(), out);
        } else if (node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else {
            out.append(node.toString());
        }
    }

    private static void writeContainer(JsonNode node, char open, char close, int indent, int depth, StringBuilder out) {
        out.append(open);
        if (node.isEmpty()) {
            out.append(close);
            return;
        }
        var fields = node.isObject() ? node.properties().iterator() : null;
        for (int i = 0; i < node.size(); i++) {
            out.append(i == 0 ? "" : indent < 0 ? ", " : ",");
            newline(indent, depth + 1, out);
            if (fields != null) {
                Map.Entry<String, JsonNode> field = fields.next();
                writeString(field.getKey(), out);
                out.append(": ");
                write(field.getValue(), indent, depth + 1, out);
            } else {
                write(node.get(i), indent, depth + 1, out);
            }
        }
        newline(indent, depth, out);
        out.append(close);
    }

    private static void newline(int indent, int depth, StringBuilder out) {
        if (indent >= 0) {
            out.append('\n').append(" ".repeat(indent * depth));
        }
    }

    private static void writeString(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
