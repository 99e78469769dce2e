package dev.tether.engine.template;

import dev.tether.engine.template.JinjaSyntax.Expr;
import dev.tether.engine.template.JinjaValues.Callable;
import dev.tether.engine.template.JinjaValues.Namespace;
import dev.tether.engine.template.JinjaValues.Undefined;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Evaluates expressions: names, literals, attribute and item access, slices, calls, filters, tests, operators. */
final class JinjaExpressionEvaluator {

    private final JinjaInterpreter interpreter;

    JinjaExpressionEvaluator(JinjaInterpreter interpreter) {
        this.interpreter = interpreter;
    }

    Object eval(Expr expr, JinjaScope scope) {
        return switch (expr) {
            case JinjaSyntax.Literal literal -> literal.value();
            case JinjaSyntax.Name name -> scope.get(name.name());
            case JinjaSyntax.ListExpr list -> values(list.items(), scope);
            case JinjaSyntax.TupleExpr tuple -> new JinjaValues.Tuple(values(tuple.items(), scope));
            case JinjaSyntax.DictExpr dict -> {
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < dict.keys().size(); i++) {
                    map.put(eval(dict.keys().get(i), scope), eval(dict.values().get(i), scope));
                }
                yield map;
            }
            case JinjaSyntax.Attribute attribute ->
                attribute(eval(attribute.target(), scope), attribute.name(), interpreter.limits());
            case JinjaSyntax.Item item ->
                item(eval(item.target(), scope), eval(item.key(), scope), interpreter.limits());
            case JinjaSyntax.Slice slice ->
                JinjaSlices.slice(
                        eval(slice.target(), scope),
                        optional(slice.start(), scope),
                        optional(slice.stop(), scope),
                        optional(slice.step(), scope));
            case JinjaSyntax.Call call -> interpreter.built(call(call, scope));
            case JinjaSyntax.Filter filter ->
                interpreter.built(JinjaFilters.apply(
                        interpreter,
                        filter.name(),
                        eval(filter.value(), scope),
                        values(filter.args().positional(), scope),
                        named(filter.args().named(), scope)));
            case JinjaSyntax.Test test ->
                test.negated()
                        != JinjaTests.test(
                                test.name(),
                                eval(test.value(), scope),
                                values(test.args().positional(), scope));
            case JinjaSyntax.Unary unary -> unary(unary, scope);
            case JinjaSyntax.Binary binary -> binary(binary, scope);
            case JinjaSyntax.Compare compare -> compare(compare, scope);
            case JinjaSyntax.Conditional conditional ->
                PythonValues.truthy(eval(conditional.condition(), scope))
                        ? eval(conditional.then(), scope)
                        : conditional.orElse() == null
                                ? new Undefined("else branch")
                                : eval(conditional.orElse(), scope);
        };
    }

    private Object optional(Expr expr, JinjaScope scope) {
        return expr == null ? null : eval(expr, scope);
    }

    List<Object> values(List<Expr> exprs, JinjaScope scope) {
        List<Object> values = new ArrayList<>(exprs.size());
        for (Expr expr : exprs) {
            values.add(eval(expr, scope));
        }
        return values;
    }

    Map<String, Object> named(Map<String, Expr> exprs, JinjaScope scope) {
        Map<String, Object> values = new LinkedHashMap<>();
        exprs.forEach((name, expr) -> values.put(name, eval(expr, scope)));
        return values;
    }

    /** {@code obj.name}: an attribute (a method, for dicts) first, then an item, as Jinja2's getattr does. */
    static Object attribute(Object target, String name, JinjaLimits limits) {
        if (target instanceof Undefined undefined) {
            throw undefined.fail();
        }
        var method = PythonMethods.method(target, name, limits);
        if (method.isPresent()) {
            return method.get();
        }
        return switch (target) {
            case Map<?, ?> map -> map.containsKey(name) ? map.get(name) : new Undefined(name);
            case Namespace namespace ->
                namespace.values.containsKey(name) ? namespace.values.get(name) : new Undefined(name);
            case JinjaLoop loop -> loop.attribute(name).orElseGet(() -> new Undefined("loop." + name));
            case null, default -> new Undefined(name);
        };
    }

    /** {@code obj[key]}: an item first, then an attribute. */
    static Object item(Object target, Object key, JinjaLimits limits) {
        switch (target) {
            case Undefined undefined -> throw undefined.fail();
            case Map<?, ?> map -> {
                if (map.containsKey(key)) {
                    return map.get(key);
                }
            }
            case List<?> list
            when PythonValues.isNumber(key) -> {
                long index = PythonValues.number(key).longValue();
                long at = index < 0 ? index + list.size() : index;
                return at >= 0 && at < list.size() ? list.get((int) at) : new Undefined("index " + index);
            }
            case String text
            when PythonValues.isNumber(key) -> {
                int[] points = text.codePoints().toArray();
                long index = PythonValues.number(key).longValue();
                long at = index < 0 ? index + points.length : index;
                return at >= 0 && at < points.length
                        ? Character.toString(points[(int) at])
                        : new Undefined("index " + index);
            }
            default -> {}
        }
        return key instanceof String name ? attribute(target, name, limits) : new Undefined(String.valueOf(key));
    }

    private Object call(JinjaSyntax.Call call, JinjaScope scope) {
        Object callee = eval(call.callee(), scope);
        List<Object> args = values(call.args().positional(), scope);
        Map<String, Object> kwargs = named(call.args().named(), scope);
        if (callee instanceof Callable function) {
            return function.call(args, kwargs);
        }
        if (callee instanceof JinjaLoop loop && loop.recurse() != null) {
            return loop.recurse().call(args, kwargs);
        }
        if (callee instanceof Undefined undefined) {
            throw interpreter.error(call, "'" + undefined.name() + "' is undefined");
        }
        throw interpreter.error(call, "'" + PythonValues.typeName(callee) + "' object is not callable");
    }

    private Object unary(JinjaSyntax.Unary unary, JinjaScope scope) {
        Object value = eval(unary.operand(), scope);
        return switch (unary.op()) {
            case "not" -> !PythonValues.truthy(value);
            case "-" -> PythonOperators.negate(value);
            default -> PythonValues.number(value);
        };
    }

    private Object binary(JinjaSyntax.Binary binary, JinjaScope scope) {
        Object left = eval(binary.left(), scope);
        return switch (binary.op()) {
            case "and" -> PythonValues.truthy(left) ? eval(binary.right(), scope) : left;
            case "or" -> PythonValues.truthy(left) ? left : eval(binary.right(), scope);
            case "~" ->
                interpreter.built(concat(
                        interpreter.limits(), PythonValues.str(left), PythonValues.str(eval(binary.right(), scope))));
            default ->
                interpreter.built(
                        PythonOperators.apply(binary.op(), left, eval(binary.right(), scope), interpreter.limits()));
        };
    }

    private static String concat(JinjaLimits limits, String left, String right) {
        limits.size((long) left.length() + right.length(), "a joined string");
        return left + right;
    }

    private Object compare(JinjaSyntax.Compare compare, JinjaScope scope) {
        Object left = eval(compare.first(), scope);
        for (int i = 0; i < compare.ops().size(); i++) {
            Object right = eval(compare.rest().get(i), scope);
            boolean holds = switch (compare.ops().get(i)) {
                case "==" -> PythonValues.equal(left, right);
                case "!=" -> !PythonValues.equal(left, right);
                case "<" -> PythonValues.compare(left, right) < 0;
                case "<=" -> PythonValues.compare(left, right) <= 0;
                case ">" -> PythonValues.compare(left, right) > 0;
                case ">=" -> PythonValues.compare(left, right) >= 0;
                case "in" -> PythonValues.contains(right, left);
                default -> !PythonValues.contains(right, left);
            };
            if (!holds) {
                return false;
            }
            left = right;
        }
        return true;
    }
}
