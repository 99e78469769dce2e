package dev.tether.engine.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes values the way Python's {@code json.dumps} does, which is what chat templates were written against
 * (Hugging Face's {@code tojson} is {@code json.dumps(x, ensure_ascii=False, indent, separators, sort_keys)}):
 * {@code ", "} and {@code ": "} separators, or {@code ","} plus newlines with an indent; keys in their order.
 */
final class PythonJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private record Style(
            String indent,
            String itemSeparator,
            String keySeparator,
            boolean ensureAscii,
            boolean sortKeys,
            JinjaLimits limits) {}

    private PythonJson() {}

    static String dumps(Object value) {
        return dumps(value, -1);
    }

    /** {@code indent < 0} means on one line. */
    static String dumps(Object value, int indent) {
        String pad = indent < 0 ? null : " ".repeat(indent);
        StringBuilder out = new StringBuilder();
        write(plain(value), new Style(pad, pad == null ? ", " : ",", ": ", false, false, JinjaLimits.DEFAULTS), 0, out);
        return out.toString();
    }

    /** The {@code tojson} filter with Python's keyword arguments. */
    static String tojson(Object value, Object indent, Map<String, Object> kwargs, JinjaLimits limits) {
        if (indent != null && !(indent instanceof String)) {
            limits.size(PythonValues.number(indent).longValue(), "tojson's indent");
        }
        String pad = indent == null
                ? null
                : indent instanceof String s
                        ? s
                        : " ".repeat(Math.max(0, PythonValues.number(indent).intValue()));
        String item = pad == null ? ", " : ",";
        String key = ": ";
        if (kwargs.get("separators") instanceof List<?> separators && separators.size() == 2) {
            item = PythonValues.str(separators.get(0));
            key = PythonValues.str(separators.get(1));
        }
        Style style = new Style(
                pad,
                item,
                key,
                PythonValues.truthy(kwargs.get("ensure_ascii")),
                PythonValues.truthy(kwargs.get("sort_keys")),
                limits);
        StringBuilder out = new StringBuilder();
        write(value, style, 0, out);
        return out.toString();
    }

    private static Object plain(Object value) {
        return value instanceof JsonNode node ? MAPPER.convertValue(node, Object.class) : value;
    }

    private static void write(Object value, Style style, int depth, StringBuilder out) {
        style.limits().size(out.length(), "tojson's result");
        switch (value) {
            case null -> out.append("null");
            case String text -> writeString(text, style.ensureAscii(), out);
            case Boolean b -> out.append(b ? "true" : "false");
            case Double d ->
                out.append(
                        Double.isFinite(d)
                                ? PythonValues.reprFloat(d)
                                : Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
            case Float f -> write(f.doubleValue(), style, depth, out);
            case Number n -> out.append(n);
            case Map<?, ?> map -> writeObject(map, style, depth, out);
            case List<?> list -> writeArray(list, style, depth, out);
            case JsonNode node -> write(plain(node), style, depth, out);
            default ->
                throw new TemplateException(
                        "Object of type " + PythonValues.typeName(value) + " is not JSON serializable");
        }
    }

    private static void writeObject(Map<?, ?> map, Style style, int depth, StringBuilder out) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
        if (style.sortKeys()) {
            entries.sort((a, b) -> PythonValues.compare(a.getKey(), b.getKey()));
        }
        out.append('{');
        for (int i = 0; i < entries.size(); i++) {
            out.append(i == 0 ? "" : style.itemSeparator());
            newline(style, depth + 1, out);
            Object key = entries.get(i).getKey();
            writeString(key instanceof String s ? s : PythonValues.repr(key).toLowerCase(), style.ensureAscii(), out);
            out.append(style.keySeparator());
            write(entries.get(i).getValue(), style, depth + 1, out);
        }
        newline(style, depth, out);
        out.append('}');
    }

    private static void writeArray(List<?> list, Style style, int depth, StringBuilder out) {
        if (list.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
            out.append(i == 0 ? "" : style.itemSeparator());
            newline(style, depth + 1, out);
            write(list.get(i), style, depth + 1, out);
        }
        newline(style, depth, out);
        out.append(']');
    }

    private static void newline(Style style, int depth, StringBuilder out) {
        if (style.indent() != null) {
            style.limits().size(out.length() + (long) style.indent().length() * depth, "tojson's result");
            out.append('\n').append(style.indent().repeat(depth));
        }
    }

    private static void writeString(String text, boolean ensureAscii, StringBuilder out) {
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
                    if (c < 0x20 || (ensureAscii && c > 0x7e)) {
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
