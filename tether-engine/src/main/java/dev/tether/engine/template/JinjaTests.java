package dev.tether.engine.template;

import dev.tether.engine.template.JinjaValues.Undefined;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The tests of {@code x is name}: Jinja2's built-ins, with Python's idea of each type. */
final class JinjaTests {

    private JinjaTests() {}

    static boolean test(String name, Object value, List<Object> args) {
        Object arg = args.isEmpty() ? null : args.getFirst();
        return switch (name) {
            case "defined" -> !(value instanceof Undefined);
            case "undefined" -> value instanceof Undefined;
            case "none" -> value == null;
            case "boolean" -> value instanceof Boolean;
            case "true" -> Boolean.TRUE.equals(value);
            case "false" -> Boolean.FALSE.equals(value);
            case "integer" -> PythonValues.isInteger(value);
            case "float" -> value instanceof Double || value instanceof Float;
            case "number" -> PythonValues.isNumber(value);
            case "string" -> value instanceof String || value instanceof JinjaValues.Markup;
            case "mapping" -> value instanceof Map;
            case "iterable" ->
                value instanceof Iterable
                        || value instanceof Map
                        || value instanceof String
                        || value instanceof Undefined;
            case "sequence" ->
                value instanceof List || value instanceof Map || value instanceof String || value instanceof Undefined;
            case "callable" -> value instanceof JinjaValues.Callable;
            case "sameas" -> value == arg || (value != null && value.equals(arg) && !(value instanceof Map));
            case "escaped" -> false;
            case "even" -> PythonValues.number(value).longValue() % 2 == 0;
            case "odd" -> PythonValues.number(value).longValue() % 2 != 0;
            case "divisibleby" ->
                PythonValues.number(value).longValue()
                                % PythonValues.number(arg).longValue()
                        == 0;
            case "lower" -> value instanceof String s && s.equals(s.toLowerCase(Locale.ROOT));
            case "upper" -> value instanceof String s && s.equals(s.toUpperCase(Locale.ROOT));
            case "in" -> PythonValues.contains(arg, value);
            case "eq", "equalto", "==" -> PythonValues.equal(value, arg);
            case "ne", "!=" -> !PythonValues.equal(value, arg);
            case "lt", "lessthan", "<" -> PythonValues.compare(value, arg) < 0;
            case "le", "<=" -> PythonValues.compare(value, arg) <= 0;
            case "gt", "greaterthan", ">" -> PythonValues.compare(value, arg) > 0;
            case "ge", ">=" -> PythonValues.compare(value, arg) >= 0;
            default -> throw new TemplateException("no test named '" + name + "'");
        };
    }
}
