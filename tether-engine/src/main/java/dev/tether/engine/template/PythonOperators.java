package dev.tether.engine.template;

import static dev.tether.engine.template.PythonValues.isNumber;
import static dev.tether.engine.template.PythonValues.number;
import static dev.tether.engine.template.PythonValues.typeName;

import java.util.ArrayList;
import java.util.List;

/** Python's arithmetic on template values: numbers, string and list concatenation and repetition. */
final class PythonOperators {

    private PythonOperators() {}

    static Object apply(String op, Object a, Object b, JinjaLimits limits) {
        if (a instanceof JinjaValues.Undefined u) {
            throw u.fail();
        }
        if (b instanceof JinjaValues.Undefined u) {
            throw u.fail();
        }
        return switch (op) {
            case "+" -> add(a, b);
            case "-" -> numeric(op, a, b);
            case "*" -> multiply(a, b, limits);
            case "/" -> number(a).doubleValue() / divisor(b).doubleValue();
            case "//" -> floorDivide(a, b);
            case "%" -> modulo(a, b);
            case "**" -> power(a, b);
            default -> throw new TemplateException("unknown operator " + op);
        };
    }

    private static Object add(Object a, Object b) {
        if (a instanceof JinjaValues.Markup x && (b instanceof String || b instanceof JinjaValues.Markup)) {
            return new JinjaValues.Markup(x.text() + escaped(b));
        }
        if (b instanceof JinjaValues.Markup y && a instanceof String x) {
            return new JinjaValues.Markup(JinjaValues.Markup.escape(x) + y.text());
        }
        if (a instanceof String x && b instanceof String y) {
            return x + y;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            List<Object> out = new ArrayList<>(x);
            out.addAll(y);
            return out;
        }
        return numeric("+", a, b);
    }

    private static String escaped(Object value) {
        return value instanceof JinjaValues.Markup markup ? markup.text() : JinjaValues.Markup.escape((String) value);
    }

    private static Object numeric(String op, Object a, Object b) {
        if (!isNumber(a) || !isNumber(b)) {
            throw new TemplateException(
                    "unsupported operand type(s) for " + op + ": '" + typeName(a) + "' and '" + typeName(b) + "'");
        }
        Number x = number(a);
        Number y = number(b);
        if (x instanceof Long l && y instanceof Long r) {
            return op.equals("+") ? Math.addExact(l, r) : Math.subtractExact(l, r);
        }
        return op.equals("+") ? x.doubleValue() + y.doubleValue() : x.doubleValue() - y.doubleValue();
    }

    private static Object multiply(Object a, Object b, JinjaLimits limits) {
        if ((a instanceof String || a instanceof List) && isNumber(b)) {
            return repeat(a, number(b).longValue(), limits);
        }
        if ((b instanceof String || b instanceof List) && isNumber(a)) {
            return repeat(b, number(a).longValue(), limits);
        }
        if (!isNumber(a) || !isNumber(b)) {
            throw new TemplateException(
                    "unsupported operand type(s) for *: '" + typeName(a) + "' and '" + typeName(b) + "'");
        }
        Number x = number(a);
        Number y = number(b);
        return x instanceof Long l && y instanceof Long r
                ? (Object) Math.multiplyExact(l, r)
                : (Object) (x.doubleValue() * y.doubleValue());
    }

    private static Object repeat(Object sequence, long times, JinjaLimits limits) {
        long count = Math.max(0, times);
        long size = sequence instanceof String s ? s.length() : ((List<?>) sequence).size();
        if (count > 0 && size > limits.maxValueChars() / count) {
            throw new TemplateException(
                    "a repetition is over limit (" + limits.maxValueChars() + " characters or items)");
        }
        if (sequence instanceof String text) {
            return text.repeat((int) count);
        }
        List<Object> out = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            out.addAll((List<?>) sequence);
        }
        return out;
    }

    private static Number divisor(Object b) {
        Number y = number(b);
        if (y.doubleValue() == 0) {
            throw new TemplateException("division by zero");
        }
        return y;
    }

    private static Object floorDivide(Object a, Object b) {
        Number x = number(a);
        Number y = divisor(b);
        if (x instanceof Long l && y instanceof Long r) {
            return Math.floorDiv(l, r);
        }
        return Math.floor(x.doubleValue() / y.doubleValue());
    }

    private static Object modulo(Object a, Object b) {
        if (a instanceof String format) {
            return PythonMethods.percentFormat(format, b);
        }
        Number x = number(a);
        Number y = divisor(b);
        if (x instanceof Long l && y instanceof Long r) {
            return Math.floorMod(l, r);
        }
        double m = x.doubleValue() % y.doubleValue();
        return m != 0 && (m < 0) != (y.doubleValue() < 0) ? m + y.doubleValue() : m;
    }

    private static Object power(Object a, Object b) {
        Number x = number(a);
        Number y = number(b);
        if (x instanceof Long l && y instanceof Long r && r >= 0) {
            return java.math.BigInteger.valueOf(l).pow((int) Math.min(r, 4096)).longValueExact();
        }
        return Math.pow(x.doubleValue(), y.doubleValue());
    }

    static Object negate(Object value) {
        Number n = number(value);
        return n instanceof Long l ? (Object) Math.negateExact(l) : (Object) (-n.doubleValue());
    }
}
