package dev.tether.engine.template;

import static dev.tether.engine.template.PythonValues.str;

import dev.tether.engine.template.JinjaValues.Callable;
import dev.tether.engine.template.JinjaValues.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The methods of Python's {@code str}, {@code dict} and {@code list} that chat templates call. Methods that would
 * change a value ({@code append}, {@code pop}, {@code update}, …) fail, as in Hugging Face's immutable sandbox.
 */
final class PythonMethods {

    private static final Set<String> DICT_METHODS = Set.of("items", "keys", "values", "get", "copy");
    private static final Set<String> MUTATORS = Set.of(
            "append",
            "extend",
            "insert",
            "pop",
            "remove",
            "sort",
            "reverse",
            "clear",
            "update",
            "setdefault",
            "popitem");
    private static final Set<String> STRING_METHODS = Set.of(
            "startswith",
            "endswith",
            "strip",
            "lstrip",
            "rstrip",
            "upper",
            "lower",
            "title",
            "capitalize",
            "split",
            "rsplit",
            "splitlines",
            "replace",
            "find",
            "rfind",
            "index",
            "count",
            "join",
            "format",
            "isdigit",
            "isalpha",
            "isalnum",
            "isspace",
            "isupper",
            "islower",
            "zfill",
            "removeprefix",
            "removesuffix",
            "swapcase");

    private PythonMethods() {}

    /** The bound method {@code value.name}, if {@code value} has one of that name. */
    static Optional<Callable> method(Object value, String name, JinjaLimits limits) {
        if (value instanceof JinjaValues.Markup markup) {
            return method(markup.text(), name, limits);
        }
        if (value instanceof String text && STRING_METHODS.contains(name)) {
            return Optional.of((args, kwargs) -> string(text, name, args, kwargs, limits));
        }
        if (value instanceof Map<?, ?> map && DICT_METHODS.contains(name)) {
            return Optional.of((args, kwargs) -> dict(map, name, args));
        }
        if (value instanceof List<?> list && (name.equals("index") || name.equals("count"))) {
            return Optional.of((args, kwargs) -> list(list, name, args));
        }
        if ((value instanceof Map || value instanceof List) && MUTATORS.contains(name)) {
            return Optional.of((args, kwargs) -> {
                throw new TemplateException("access to attribute '" + name + "' of '" + PythonValues.typeName(value)
                        + "' object is unsafe");
            });
        }
        return Optional.empty();
    }

    private static Object dict(Map<?, ?> map, String name, List<Object> args) {
        return switch (name) {
            case "items" ->
                map.entrySet().stream()
                        .map(e -> (Object) new Tuple(pair(e.getKey(), e.getValue())))
                        .toList();
            case "keys" -> new ArrayList<Object>(map.keySet());
            case "values" -> new ArrayList<Object>(map.values());
            case "copy" -> new java.util.LinkedHashMap<Object, Object>(map);
            default -> map.containsKey(arg(args, 0)) ? map.get(arg(args, 0)) : arg(args, 1);
        };
    }

    private static List<Object> pair(Object a, Object b) {
        List<Object> pair = new ArrayList<>();
        pair.add(a);
        pair.add(b);
        return pair;
    }

    private static Object list(List<?> list, String name, List<Object> args) {
        Object item = arg(args, 0);
        if (name.equals("count")) {
            return list.stream().filter(x -> PythonValues.equal(x, item)).count();
        }
        for (int i = 0; i < list.size(); i++) {
            if (PythonValues.equal(list.get(i), item)) {
                return (long) i;
            }
        }
        throw new TemplateException(PythonValues.repr(item) + " is not in list");
    }

    private static Object arg(List<Object> args, int i) {
        return i < args.size() ? args.get(i) : null;
    }

    private static String text(List<Object> args, int i) {
        Object value = arg(args, i);
        return value == null ? null : str(value);
    }

    private static Object string(
            String s, String name, List<Object> args, Map<String, Object> kwargs, JinjaLimits limits) {
        return switch (name) {
            case "startswith" -> affix(s, arg(args, 0), true);
            case "endswith" -> affix(s, arg(args, 0), false);
            case "strip" -> rstrip(lstrip(s, text(args, 0)), text(args, 0));
            case "lstrip" -> lstrip(s, text(args, 0));
            case "rstrip" -> rstrip(s, text(args, 0));
            case "upper" -> s.toUpperCase(Locale.ROOT);
            case "lower" -> s.toLowerCase(Locale.ROOT);
            case "swapcase" -> swapcase(s);
            case "title" -> title(s);
            case "capitalize" ->
                s.isEmpty()
                        ? s
                        : s.substring(0, 1).toUpperCase(Locale.ROOT)
                                + s.substring(1).toLowerCase(Locale.ROOT);
            case "split" -> split(s, text(args, 0), maxSplit(args));
            case "rsplit" -> rsplit(s, text(args, 0), maxSplit(args));
            case "splitlines" -> splitlines(s);
            case "replace" ->
                replace(
                        limits,
                        s,
                        text(args, 0),
                        text(args, 1),
                        args.size() > 2 ? PythonValues.number(args.get(2)).intValue() : -1);
            case "find" -> (long) s.indexOf(text(args, 0));
            case "rfind" -> (long) s.lastIndexOf(text(args, 0));
            case "index" -> index(s, text(args, 0));
            case "count" -> count(s, text(args, 0));
            case "join" -> join(limits, s, PythonValues.iterate(arg(args, 0)));
            case "format" -> format(s, args, kwargs);
            case "isdigit" -> !s.isEmpty() && s.chars().allMatch(Character::isDigit);
            case "isalpha" -> !s.isEmpty() && s.chars().allMatch(Character::isLetter);
            case "isalnum" -> !s.isEmpty() && s.chars().allMatch(Character::isLetterOrDigit);
            case "isspace" -> !s.isEmpty() && s.chars().allMatch(Character::isWhitespace);
            case "isupper" -> s.chars().anyMatch(Character::isUpperCase) && s.equals(s.toUpperCase(Locale.ROOT));
            case "islower" -> s.chars().anyMatch(Character::isLowerCase) && s.equals(s.toLowerCase(Locale.ROOT));
            case "zfill" -> zfill(limits, s, PythonValues.number(arg(args, 0)).longValue());
            case "removeprefix" ->
                s.startsWith(text(args, 0)) ? s.substring(text(args, 0).length()) : s;
            case "removesuffix" ->
                !text(args, 0).isEmpty() && s.endsWith(text(args, 0))
                        ? s.substring(0, s.length() - text(args, 0).length())
                        : s;
            default -> throw new TemplateException("str has no method " + name);
        };
    }

    private static boolean affix(String s, Object affixes, boolean start) {
        if (affixes instanceof List<?> options) {
            return options.stream().anyMatch(o -> affix(s, o, start));
        }
        String affix = str(affixes);
        return start ? s.startsWith(affix) : s.endsWith(affix);
    }

    private static int maxSplit(List<Object> args) {
        return args.size() > 1 ? PythonValues.number(args.get(1)).intValue() : -1;
    }

    static String lstrip(String text, String chars) {
        int start = 0;
        while (start < text.length() && strippable(text.charAt(start), chars)) {
            start++;
        }
        return text.substring(start);
    }

    static String rstrip(String text, String chars) {
        int end = text.length();
        while (end > 0 && strippable(text.charAt(end - 1), chars)) {
            end--;
        }
        return text.substring(0, end);
    }

    private static boolean strippable(char c, String chars) {
        return chars == null ? Character.isWhitespace(c) || Character.isSpaceChar(c) : chars.indexOf(c) >= 0;
    }

    private static List<Object> split(String text, String separator, int max) {
        List<Object> parts = new ArrayList<>();
        if (separator == null) {
            String rest = lstrip(text, null);
            while (!rest.isEmpty()) {
                if (max >= 0 && parts.size() == max) {
                    parts.add(rest);
                    return parts;
                }
                int end = 0;
                while (end < rest.length() && !Character.isWhitespace(rest.charAt(end))) {
                    end++;
                }
                parts.add(rest.substring(0, end));
                rest = lstrip(rest.substring(end), null);
            }
            return parts;
        }
        if (separator.isEmpty()) {
            throw new TemplateException("empty separator");
        }
        int from = 0;
        for (int at = text.indexOf(separator);
                at >= 0 && (max < 0 || parts.size() < max);
                at = text.indexOf(separator, from)) {
            parts.add(text.substring(from, at));
            from = at + separator.length();
        }
        parts.add(text.substring(from));
        return parts;
    }

    private static List<Object> rsplit(String text, String separator, int max) {
        if (max < 0 || separator == null) {
            return split(text, separator, max);
        }
        List<Object> parts = new ArrayList<>();
        int end = text.length();
        while (parts.size() < max) {
            int at = text.lastIndexOf(separator, end - separator.length());
            if (at < 0) {
                break;
            }
            parts.addFirst(text.substring(at + separator.length(), end));
            end = at;
        }
        parts.addFirst(text.substring(0, end));
        return parts;
    }

    private static List<Object> splitlines(String text) {
        List<Object> lines = new ArrayList<>();
        java.util.regex.Matcher breaks = Pattern.compile("\\r\\n|\\r|\\n").matcher(text);
        int from = 0;
        while (breaks.find()) {
            lines.add(text.substring(from, breaks.start()));
            from = breaks.end();
        }
        if (from < text.length()) {
            lines.add(text.substring(from));
        }
        return lines;
    }

    private static String replace(JinjaLimits limits, String text, String old, String replacement, int count) {
        long grows = (long) replacement.length() - old.length();
        if (grows > 0) {
            long times = old.isEmpty() ? text.length() + 1L : occurrences(text, old);
            limits.size(text.length() + grows * (count < 0 ? times : Math.min(times, count)), "replace's result");
        }
        if (count < 0) {
            return text.replace(old, replacement);
        }
        String out = text;
        int from = 0;
        for (int i = 0; i < count; i++) {
            int at = out.indexOf(old, from);
            if (at < 0) {
                break;
            }
            out = out.substring(0, at) + replacement + out.substring(at + old.length());
            from = at + replacement.length();
        }
        return out;
    }

    private static long occurrences(String text, String part) {
        long found = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            found++;
        }
        return found;
    }

    private static long index(String text, String part) {
        int at = text.indexOf(part);
        if (at < 0) {
            throw new TemplateException("substring not found");
        }
        return at;
    }

    private static long count(String text, String part) {
        if (part.isEmpty()) {
            return text.length() + 1;
        }
        long n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }

    private static String title(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean previousCased = false;
        for (char c : text.toCharArray()) {
            out.append(previousCased ? Character.toLowerCase(c) : Character.toUpperCase(c));
            previousCased = Character.isLetter(c);
        }
        return out.toString();
    }

    private static String swapcase(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            out.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        return out.toString();
    }

    private static String join(JinjaLimits limits, String separator, List<Object> items) {
        List<String> parts = new ArrayList<>(items.size());
        long length = 0;
        for (Object item : items) {
            String part = PythonValues.str(item);
            length += part.length() + separator.length();
            limits.size(length, "join's result");
            parts.add(part);
        }
        return String.join(separator, parts);
    }

    private static String zfill(JinjaLimits limits, String text, long width) {
        limits.size(width, "zfill's width");
        if (text.length() >= width) {
            return text;
        }
        boolean signed = text.startsWith("-") || text.startsWith("+");
        String pad = "0".repeat((int) width - text.length());
        return signed ? text.charAt(0) + pad + text.substring(1) : pad + text;
    }

    private static final Pattern FIELD = Pattern.compile("\\{\\{|}}|\\{([^{}:!]*)(?:![rsa])?(?::[^{}]*)?}");

    /** {@code str.format}: positional ({@code {}}, {@code {0}}) and named fields, {@code {{ }}} escapes. */
    private static String format(String template, List<Object> args, Map<String, Object> kwargs) {
        int[] auto = {0};
        return FIELD.matcher(template).replaceAll(m -> {
            String field = m.group();
            if (field.equals("{{")) {
                return "{";
            }
            if (field.equals("}}")) {
                return "}";
            }
            String key = m.group(1);
            Object value = key.isEmpty()
                    ? arg(args, auto[0]++)
                    : key.chars().allMatch(Character::isDigit) ? arg(args, Integer.parseInt(key)) : kwargs.get(key);
            return java.util.regex.Matcher.quoteReplacement(str(value));
        });
    }

    /** {@code "%s and %d" % (a, b)}, for the directives templates use. */
    static String percentFormat(String format, Object values) {
        List<Object> args = values instanceof Tuple tuple ? tuple : List.of(values == null ? "None" : values);
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                out.append(c);
                continue;
            }
            char directive = format.charAt(++i);
            switch (directive) {
                case '%' -> out.append('%');
                case 's' -> out.append(str(args.get(next++)));
                case 'r' -> out.append(PythonValues.repr(args.get(next++)));
                case 'd', 'i' ->
                    out.append(PythonValues.number(args.get(next++)).longValue());
                default -> throw new TemplateException("unsupported format directive %" + directive);
            }
        }
        return out.toString();
    }
}
