package dev.tether.engine.template;

import dev.tether.engine.template.JinjaValues.Tuple;
import dev.tether.engine.template.JinjaValues.Undefined;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Python's meaning of the operations templates apply to values: {@code str()}, {@code repr()}, truth, equality,
 * ordering and arithmetic. Numbers are {@code Long} or {@code Double}; a boolean counts as 1 or 0, as in Python.
 */
final class PythonValues {

    private PythonValues() {}

    static String str(Object value) {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof JinjaValues.Markup markup) {
            return markup.text();
        }
        if (value instanceof Undefined) {
            return "";
        }
        return repr(value);
    }

    static String repr(Object value) {
        return switch (value) {
            case null -> "None";
            case String text -> reprString(text);
            case Boolean b -> b ? "True" : "False";
            case Double d -> reprFloat(d);
            case Float f -> reprFloat(f.doubleValue());
            case Number n -> n.toString();
            case Undefined u -> "";
            case Tuple tuple -> tuple.size() == 1 ? "(" + repr(tuple.getFirst()) + ",)" : join(tuple, "(", ")");
            case List<?> list -> join(list, "[", "]");
            case Map<?, ?> map -> {
                StringBuilder out = new StringBuilder("{");
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    out.append(out.length() > 1 ? ", " : "")
                            .append(repr(entry.getKey()))
                            .append(": ")
                            .append(repr(entry.getValue()));
                }
                yield out.append('}').toString();
            }
            default -> value.toString();
        };
    }

    private static String join(List<?> items, String open, String close) {
        StringBuilder out = new StringBuilder(open);
        for (int i = 0; i < items.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(repr(items.get(i)));
        }
        return out.append(close).toString();
    }

    private static String reprString(String text) {
        char quote = text.indexOf('\'') >= 0 && text.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder().append(quote);
        text.codePoints().forEach(c -> {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c == quote) {
                        out.append('\\').append((char) c);
                    } else if (printable(c)) {
                        out.appendCodePoint(c);
                    } else if (c < 0x100) {
                        out.append(String.format("\\x%02x", c));
                    } else if (c < 0x10000) {
                        out.append(String.format("\\u%04x", c));
                    } else {
                        out.append(String.format("\\U%08x", c));
                    }
                }
            }
        });
        return out.append(quote).toString();
    }

    private static boolean printable(int c) {
        if (c == ' ') {
            return true;
        }
        int type = Character.getType(c);
        return !(type == Character.CONTROL
                || type == Character.FORMAT
                || type == Character.SURROGATE
                || type == Character.PRIVATE_USE
                || type == Character.UNASSIGNED
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SPACE_SEPARATOR);
    }

    /** Python's shortest round-trip form: {@code 1.0}, {@code 0.0001}, {@code 1e-05}, {@code 1e+16}. */
    static String reprFloat(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = exact.unscaledValue().toString();
        int point = digits.length() - exact.scale();
        int exponent = point - 1;
        String sign = d < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 16) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }
        if (point <= 0) {
            return sign + "0." + "0".repeat(-point) + digits;
        }
        if (point >= digits.length()) {
            return sign + digits + "0".repeat(point - digits.length()) + ".0";
        }
        return sign + digits.substring(0, point) + "." + digits.substring(point);
    }

    static boolean truthy(Object value) {
        return switch (value) {
            case null -> false;
            case Undefined u -> false;
            case Boolean b -> b;
            case Double d -> d != 0;
            case Number n -> n.longValue() != 0;
            case String s -> !s.isEmpty();
            case JinjaValues.Markup markup -> !markup.text().isEmpty();
            case List<?> list -> !list.isEmpty();
            case Map<?, ?> map -> !map.isEmpty();
            default -> true;
        };
    }

    static boolean isNumber(Object value) {
        return value instanceof Number || value instanceof Boolean;
    }

    static boolean isInteger(Object value) {
        return value instanceof Long
                || value instanceof Integer
                || value instanceof Short
                || value instanceof Byte
                || value instanceof java.math.BigInteger;
    }

    /** A number as a Long or Double, booleans as 1 and 0. */
    static Number number(Object value) {
        return switch (value) {
            case null -> throw new TemplateException("expected a number, got None");
            case Boolean b -> b ? 1L : 0L;
            case Double d -> d;
            case Float f -> f.doubleValue();
            case Number n -> n.longValue();
            default -> throw new TemplateException("expected a number, got " + typeName(value));
        };
    }

    static boolean equal(Object a, Object b) {
        if (a instanceof JinjaValues.Markup markup) {
            return equal(markup.text(), b);
        }
        if (b instanceof JinjaValues.Markup markup) {
            return equal(a, markup.text());
        }
        if (a instanceof Undefined || b instanceof Undefined) {
            return a instanceof Undefined && b instanceof Undefined;
        }
        if (isNumber(a) && isNumber(b)) {
            Number x = number(a);
            Number y = number(b);
            return x instanceof Long && y instanceof Long
                    ? x.longValue() == y.longValue()
                    : x.doubleValue() == y.doubleValue();
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!equal(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> entry : x.entrySet()) {
                if (!y.containsKey(entry.getKey()) || !equal(entry.getValue(), y.get(entry.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    static int compare(Object a, Object b) {
        if (isNumber(a) && isNumber(b)) {
            Number x = number(a);
            Number y = number(b);
            return x instanceof Long && y instanceof Long
                    ? Long.compare(x.longValue(), y.longValue())
                    : Double.compare(x.doubleValue(), y.doubleValue());
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
                int c = compare(x.get(i), y.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(x.size(), y.size());
        }
        throw new TemplateException("cannot compare " + typeName(a) + " with " + typeName(b));
    }

    static boolean contains(Object container, Object item) {
        return switch (container) {
            case null -> throw new TemplateException("argument of type 'NoneType' is not iterable");
            case JinjaValues.Markup markup ->
                contains(markup.text(), item instanceof JinjaValues.Markup m ? m.text() : item);
            case String text when item instanceof String part -> text.contains(part);
            case String text ->
                throw new TemplateException("'in <string>' requires string as left operand, not " + typeName(item));
            case Map<?, ?> map -> map.containsKey(item);
            case List<?> list -> list.stream().anyMatch(element -> equal(element, item));
            case Undefined u -> false;
            default -> throw new TemplateException("argument of type '" + typeName(container) + "' is not iterable");
        };
    }

    /** Python's iteration: characters of a string, keys of a dict, items of a list; Undefined is empty. */
    static List<Object> iterate(Object value) {
        return switch (value) {
            case null -> throw new TemplateException("'NoneType' object is not iterable");
            case JinjaValues.Markup markup -> iterate(markup.text());
            case List<?> list -> new ArrayList<>(list);
            case Map<?, ?> map -> new ArrayList<>(map.keySet());
            case String text ->
                new ArrayList<>(text.codePoints().mapToObj(Character::toString).toList());
            case Undefined u -> new ArrayList<>();
            case Iterable<?> iterable -> {
                List<Object> items = new ArrayList<>();
                for (Iterator<?> it = iterable.iterator(); it.hasNext(); ) {
                    items.add(it.next());
                }
                yield items;
            }
            default -> throw new TemplateException("'" + typeName(value) + "' object is not iterable");
        };
    }

    static int length(Object value) {
        return switch (value) {
            case null -> throw new TemplateException("object of type 'NoneType' has no len()");
            case JinjaValues.Markup markup -> length(markup.text());
            case String text -> text.codePointCount(0, text.length());
            case List<?> list -> list.size();
            case Map<?, ?> map -> map.size();
            case Undefined u -> 0;
            case JinjaValues.Namespace ns -> ns.values.size();
            default -> throw new TemplateException("object of type '" + typeName(value) + "' has no len()");
        };
    }

    static String typeName(Object value) {
        return switch (value) {
            case null -> "NoneType";
            case String s -> "str";
            case JinjaValues.Markup m -> "Markup";
            case Boolean b -> "bool";
            case Double d -> "float";
            case Number n -> "int";
            case Tuple t -> "tuple";
            case List<?> l -> "list";
            case Map<?, ?> m -> "dict";
            case Undefined u -> "Undefined";
            default -> value.getClass().getSimpleName();
        };
    }
}
