package dev.tether.engine.template;

import static dev.tether.engine.template.PythonValues.str;

import dev.tether.engine.template.JinjaValues.Undefined;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Jinja2's built-in filters that chat templates use, and Hugging Face's {@code tojson}. */
final class JinjaFilters {

    private JinjaFilters() {}

    static Object apply(
            JinjaInterpreter interpreter, String name, Object value, List<Object> args, Map<String, Object> kwargs) {
        return switch (name) {
            case "tojson" ->
                PythonJson.tojson(
                        value,
                        kwargs.containsKey("indent") ? kwargs.get("indent") : arg(args, 0, null),
                        kwargs,
                        interpreter.limits());
            case "length", "count" -> (long) PythonValues.length(value);
            case "string" -> str(value);
            case "safe" -> value instanceof JinjaValues.Markup ? value : new JinjaValues.Markup(str(value));
            case "e", "escape", "forceescape" ->
                value instanceof JinjaValues.Markup && !name.equals("forceescape")
                        ? value
                        : new JinjaValues.Markup(JinjaValues.Markup.escape(str(value)));
            case "trim" ->
                PythonMethods.rstrip(
                        PythonMethods.lstrip(str(value), (String) arg(args, 0, null)), (String) arg(args, 0, null));
            case "upper" -> str(value).toUpperCase(Locale.ROOT);
            case "lower" -> str(value).toLowerCase(Locale.ROOT);
            case "capitalize", "title" ->
                PythonMethods.method(str(value), name, interpreter.limits())
                        .orElseThrow()
                        .call(List.of(), Map.of());
            case "replace" ->
                PythonMethods.method(str(value), "replace", interpreter.limits())
                        .orElseThrow()
                        .call(args, Map.of());
            case "default", "d" -> defaulted(value, args, kwargs);
            case "first" -> first(value);
            case "last" -> last(value);
            case "join" -> join(interpreter.limits(), value, args, kwargs);
            case "list" -> PythonValues.iterate(value);
            case "reverse" -> reverse(value);
            case "sort" -> sort(interpreter.limits(), value, kwargs);
            case "unique" -> unique(value);
            case "items" ->
                value instanceof Undefined
                        ? List.of()
                        : PythonMethods.method(value, "items", interpreter.limits())
                                .orElseThrow(() -> new TemplateException("items needs a mapping"))
                                .call(List.of(), Map.of());
            case "dictsort" -> dictsort(value);
            case "map" -> map(interpreter, value, args, kwargs);
            case "select", "reject" -> select(interpreter.limits(), value, args, name.equals("select"), false);
            case "selectattr", "rejectattr" ->
                select(interpreter.limits(), value, args, name.equals("selectattr"), true);
            case "int" -> toInt(value, arg(args, 0, 0L));
            case "float" -> toFloat(value);
            case "abs" ->
                PythonValues.number(value) instanceof Long l
                        ? (Object) Math.abs(l)
                        : (Object) Math.abs(PythonValues.number(value).doubleValue());
            case "sum" ->
                PythonValues.iterate(value).stream()
                        .reduce(0L, (a, b) -> PythonOperators.apply("+", a, b, interpreter.limits()));
            case "min", "max" ->
                PythonValues.iterate(value).stream()
                        .reduce((a, b) -> (PythonValues.compare(a, b) <= 0) == name.equals("min") ? a : b)
                        .orElse(new Undefined(name));
            case "indent" ->
                indent(
                        interpreter.limits(),
                        str(value),
                        arg(args, 0, kwargs.getOrDefault("width", 4L)),
                        PythonValues.truthy(arg(args, 1, kwargs.getOrDefault("first", false))),
                        PythonValues.truthy(arg(args, 2, kwargs.getOrDefault("blank", false))));
            case "wordcount" -> (long) str(value).split("\\s+").length;
            case "format" -> PythonMethods.percentFormat(str(value), new JinjaValues.Tuple(args));
            case "center" ->
                center(
                        interpreter.limits(),
                        str(value),
                        PythonValues.number(arg(args, 0, 80L)).longValue());
            case "round" -> round(value, arg(args, 0, 0L));
            default -> throw new TemplateException("no filter named '" + name + "'");
        };
    }

    private static Object arg(List<Object> args, int i, Object fallback) {
        return i < args.size() ? args.get(i) : fallback;
    }

    private static Object defaulted(Object value, List<Object> args, Map<String, Object> kwargs) {
        Object fallback = arg(args, 0, kwargs.getOrDefault("default_value", ""));
        boolean whenFalse = PythonValues.truthy(arg(args, 1, kwargs.getOrDefault("boolean", false)));
        return value instanceof Undefined || (whenFalse && !PythonValues.truthy(value)) ? fallback : value;
    }

    private static Object first(Object value) {
        List<Object> items = PythonValues.iterate(value);
        return items.isEmpty() ? new Undefined("first") : items.getFirst();
    }

    private static Object last(Object value) {
        List<Object> items = PythonValues.iterate(value);
        return items.isEmpty() ? new Undefined("last") : items.getLast();
    }

    private static String join(JinjaLimits limits, Object value, List<Object> args, Map<String, Object> kwargs) {
        String separator = str(arg(args, 0, kwargs.getOrDefault("d", "")));
        Object attribute = arg(args, 1, kwargs.get("attribute"));
        List<String> parts = new ArrayList<>();
        long length = 0;
        for (Object item : PythonValues.iterate(value)) {
            String part = str(attribute == null ? item : JinjaExpressionEvaluator.item(item, attribute, limits));
            length += part.length() + separator.length();
            limits.size(length, "join's result");
            parts.add(part);
        }
        return String.join(separator, parts);
    }

    private static Object reverse(Object value) {
        if (value instanceof String text) {
            return new StringBuilder(text).reverse().toString();
        }
        List<Object> items = PythonValues.iterate(value);
        return items.reversed();
    }

    private static List<Object> sort(JinjaLimits limits, Object value, Map<String, Object> kwargs) {
        List<Object> items = PythonValues.iterate(value);
        Object attribute = kwargs.get("attribute");
        Comparator<Object> order = (a, b) -> PythonValues.compare(
                attribute == null ? a : JinjaExpressionEvaluator.item(a, attribute, limits),
                attribute == null ? b : JinjaExpressionEvaluator.item(b, attribute, limits));
        items.sort(PythonValues.truthy(kwargs.get("reverse")) ? order.reversed() : order);
        return items;
    }

    private static List<Object> unique(Object value) {
        List<Object> out = new ArrayList<>();
        for (Object item : PythonValues.iterate(value)) {
            if (out.stream().noneMatch(seen -> PythonValues.equal(seen, item))) {
                out.add(item);
            }
        }
        return out;
    }

    private static List<Object> dictsort(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new TemplateException("dictsort needs a mapping");
        }
        List<Object> pairs = new ArrayList<>();
        map.entrySet().stream()
                .sorted((a, b) -> PythonValues.compare(lower(a.getKey()), lower(b.getKey())))
                .forEach(e -> pairs.add(new JinjaValues.Tuple(java.util.Arrays.asList(e.getKey(), e.getValue()))));
        return pairs;
    }

    private static Object lower(Object key) {
        return key instanceof String s ? s.toLowerCase(Locale.ROOT) : key;
    }

    private static List<Object> map(
            JinjaInterpreter interpreter, Object value, List<Object> args, Map<String, Object> kwargs) {
        List<Object> out = new ArrayList<>();
        if (!PythonValues.truthy(value)) {
            return out;
        }
        for (Object item : PythonValues.iterate(value)) {
            if (kwargs.containsKey("attribute")) {
                Object mapped = JinjaExpressionEvaluator.item(item, kwargs.get("attribute"), interpreter.limits());
                out.add(mapped instanceof Undefined && kwargs.containsKey("default") ? kwargs.get("default") : mapped);
            } else {
                out.add(apply(interpreter, str(args.getFirst()), item, args.subList(1, args.size()), Map.of()));
            }
        }
        return out;
    }

    private static List<Object> select(
            JinjaLimits limits, Object value, List<Object> args, boolean keep, boolean byAttribute) {
        List<Object> out = new ArrayList<>();
        int testAt = byAttribute ? 1 : 0;
        if (!PythonValues.truthy(value)) {
            return out;
        }
        for (Object item : PythonValues.iterate(value)) {
            Object subject = byAttribute ? JinjaExpressionEvaluator.item(item, args.getFirst(), limits) : item;
            boolean passes = args.size() > testAt
                    ? JinjaTests.test(str(args.get(testAt)), subject, args.subList(testAt + 1, args.size()))
                    : PythonValues.truthy(subject);
            if (passes == keep) {
                out.add(item);
            }
        }
        return out;
    }

    private static Object toInt(Object value, Object fallback) {
        try {
            return switch (value) {
                case String s -> Long.parseLong(s.strip());
                case Double d -> (long) d.doubleValue();
                case Boolean b -> b ? 1L : 0L;
                case Number n -> n.longValue();
                default -> fallback;
            };
        } catch (NumberFormatException e) {
            try {
                return (long) Double.parseDouble(str(value).strip());
            } catch (NumberFormatException again) {
                return fallback;
            }
        }
    }

    private static Object toFloat(Object value) {
        try {
            return value instanceof String s
                    ? Double.parseDouble(s.strip())
                    : PythonValues.number(value).doubleValue();
        } catch (RuntimeException e) {
            return 0.0;
        }
    }

    /** Jinja2's indent: lines after the first (the first too with {@code first}); empty ones only with {@code blank}. */
    private static String indent(JinjaLimits limits, String text, Object width, boolean first, boolean blank) {
        long padding = width instanceof String s
                ? s.length()
                : PythonValues.number(width).longValue();
        limits.size(Math.max(0, padding), "indent's width");
        String pad = width instanceof String s ? s : " ".repeat((int) Math.max(0, padding));
        List<String> lines = (text + "\n").lines().toList();
        limits.size(text.length() + (long) lines.size() * pad.length(), "indent's result");
        StringBuilder out = new StringBuilder(lines.getFirst());
        for (String line : lines.subList(1, lines.size())) {
            out.append('\n').append(blank || !line.isEmpty() ? pad : "").append(line);
        }
        return first ? pad + out : out.toString();
    }

    private static String center(JinjaLimits limits, String text, long wide) {
        limits.size(Math.max(0, wide), "center's width");
        int width = (int) wide;
        int total = Math.max(0, width - text.length());
        int left = total / 2 + (total % 2 == 1 && width % 2 == 1 ? 1 : 0);
        return " ".repeat(left) + text + " ".repeat(total - left);
    }

    private static Object round(Object value, Object precision) {
        double scale = Math.pow(10, PythonValues.number(precision).intValue());
        return Math.round(PythonValues.number(value).doubleValue() * scale) / scale;
    }
}
