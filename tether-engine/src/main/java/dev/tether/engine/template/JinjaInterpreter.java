package dev.tether.engine.template;

import dev.tether.engine.template.JinjaSyntax.Expr;
import dev.tether.engine.template.JinjaSyntax.Node;
import dev.tether.engine.template.JinjaValues.Callable;
import dev.tether.engine.template.JinjaValues.Undefined;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs a parsed template: statements write to the output, expressions are evaluated with Python's semantics. */
final class JinjaInterpreter {

    private static final class LoopSignal extends RuntimeException {
        final boolean isBreak;

        LoopSignal(boolean isBreak) {
            super(null, null, false, false);
            this.isBreak = isBreak;
        }
    }

    private static final LoopSignal BREAK = new LoopSignal(true);
    private static final LoopSignal CONTINUE = new LoopSignal(false);

    private final String source;
    private final JinjaLimits limits;
    private final JinjaExpressionEvaluator expressions;
    private long steps;
    private int callDepth;

    JinjaInterpreter(String source, JinjaLimits limits) {
        this.source = source;
        this.limits = limits;
        this.expressions = new JinjaExpressionEvaluator(this);
    }

    JinjaLimits limits() {
        return limits;
    }

    String render(List<Node> template, JinjaScope scope) {
        StringBuilder out = new StringBuilder();
        run(template, scope, out);
        return out.toString();
    }

    void run(List<Node> nodes, JinjaScope scope, StringBuilder out) {
        for (Node node : nodes) {
            execute(node, scope, out);
            if (out.length() > limits.maxOutputChars()) {
                throw new TemplateException("the prompt is over limit (" + limits.maxOutputChars() + " characters)");
            }
        }
    }

    private void execute(Node node, JinjaScope scope, StringBuilder out) {
        switch (node) {
            case JinjaSyntax.Text text -> out.append(text.text());
            case JinjaSyntax.Output output -> out.append(PythonValues.str(eval(output.value(), scope)));
            case JinjaSyntax.If statement -> ifStatement(statement, scope, out);
            case JinjaSyntax.For loop -> forLoop(loop, scope, out, 1);
            case JinjaSyntax.Set set -> set(set, scope);
            case JinjaSyntax.SetBlock set -> {
                StringBuilder captured = new StringBuilder();
                run(set.body(), scope, captured);
                scope.set(set.target(), captured.toString());
            }
            case JinjaSyntax.Macro macro -> scope.set(macro.name(), macro(macro, scope));
            case JinjaSyntax.CallBlock call -> throw error(call.call(), "call blocks are not supported");
            case JinjaSyntax.FilterBlock filter -> {
                StringBuilder captured = new StringBuilder();
                run(filter.body(), scope, captured);
                out.append(PythonValues.str(JinjaFilters.apply(
                        this,
                        filter.filter(),
                        captured.toString(),
                        expressions.values(filter.args().positional(), scope),
                        expressions.named(filter.args().named(), scope))));
            }
            case JinjaSyntax.LoopControl control -> throw control.isBreak() ? BREAK : CONTINUE;
        }
    }

    private void ifStatement(JinjaSyntax.If statement, JinjaScope scope, StringBuilder out) {
        for (JinjaSyntax.Branch branch : statement.branches()) {
            if (PythonValues.truthy(eval(branch.condition(), scope))) {
                run(branch.body(), scope, out);
                return;
            }
        }
        run(statement.orElse(), scope, out);
    }

    private void forLoop(JinjaSyntax.For loop, JinjaScope outer, StringBuilder out, int depth) {
        forLoop(loop, outer, out, depth, PythonValues.iterate(eval(loop.iterable(), outer)));
    }

    private void forLoop(JinjaSyntax.For loop, JinjaScope outer, StringBuilder out, int depth, List<Object> all) {
        if (depth > limits.maxCallDepth()) {
            throw new TemplateException("a recursive loop nests over limit (" + limits.maxCallDepth() + ")");
        }
        charge(all.size());
        JinjaScope scope = new JinjaScope(outer);
        List<Object> items = new ArrayList<>();
        for (Object item : all) {
            if (loop.filter() == null) {
                items.add(item);
            } else {
                assign(loop.targets(), item, scope);
                if (PythonValues.truthy(eval(loop.filter(), scope))) {
                    items.add(item);
                }
            }
        }
        Callable recurse = loop.recursive()
                ? (args, kwargs) -> {
                    StringBuilder nested = new StringBuilder();
                    forLoop(
                            loop,
                            outer,
                            nested,
                            depth + 1,
                            PythonValues.iterate(args.isEmpty() ? null : args.getFirst()));
                    return nested.toString();
                }
                : null;
        JinjaLoop state = new JinjaLoop(items, depth, recurse);
        scope.set("loop", state);
        for (int i = 0; i < items.size(); i++) {
            step();
            state.moveTo(i);
            assign(loop.targets(), items.get(i), scope);
            try {
                run(loop.body(), scope, out);
            } catch (LoopSignal signal) {
                if (signal.isBreak) {
                    break;
                }
            }
        }
        if (items.isEmpty()) {
            run(loop.orElse(), outer, out);
        }
    }

    private void assign(List<String> targets, Object value, JinjaScope scope) {
        if (targets.size() == 1) {
            scope.set(targets.getFirst(), value);
            return;
        }
        Object unpacked = value instanceof Map.Entry<?, ?> entry ? List.of(entry.getKey(), entry.getValue()) : value;
        List<Object> values = PythonValues.iterate(unpacked);
        if (values.size() != targets.size()) {
            throw new TemplateException("cannot unpack " + values.size() + " values into " + targets.size() + " names");
        }
        for (int i = 0; i < targets.size(); i++) {
            scope.set(targets.get(i), values.get(i));
        }
    }

    private void set(JinjaSyntax.Set set, JinjaScope scope) {
        Object value = eval(set.value(), scope);
        if (set.attribute() == null) {
            assign(set.targets(), value, scope);
            return;
        }
        Object target = scope.get(set.targets().getFirst());
        if (!(target instanceof JinjaValues.Namespace namespace)) {
            throw error(set.value(), "cannot assign attribute on non-namespace object");
        }
        namespace.values.put(set.attribute(), value);
    }

    private Callable macro(JinjaSyntax.Macro macro, JinjaScope defining) {
        return (args, kwargs) -> {
            if (++callDepth > limits.maxCallDepth()) {
                callDepth = 0;
                throw new TemplateException("macro " + macro.name() + " recurses too deep");
            }
            try {
                JinjaScope scope = new JinjaScope(defining);
                Map<String, Object> remaining = new LinkedHashMap<>(kwargs);
                for (int i = 0; i < macro.parameters().size(); i++) {
                    String name = macro.parameters().get(i);
                    Expr fallback = macro.defaults().get(i);
                    Object value = i < args.size()
                            ? args.get(i)
                            : remaining.containsKey(name)
                                    ? remaining.remove(name)
                                    : fallback != null ? eval(fallback, scope) : new Undefined(name);
                    scope.set(name, value);
                }
                scope.set(
                        "varargs",
                        args.size() > macro.parameters().size()
                                ? new ArrayList<>(
                                        args.subList(macro.parameters().size(), args.size()))
                                : List.of());
                scope.set("kwargs", remaining);
                StringBuilder out = new StringBuilder();
                run(macro.body(), scope, out);
                return out.toString();
            } finally {
                callDepth = Math.max(0, callDepth - 1);
            }
        };
    }

    Object eval(Expr expr, JinjaScope scope) {
        return expressions.eval(expr, scope);
    }

    void step() {
        charge(1);
    }

    /** Counts {@code units} steps of work (an iteration, a call, an item built or walked). */
    void charge(long units) {
        steps += units;
        if (steps > limits.maxSteps() || steps < 0) {
            throw new TemplateException("the template runs over limit (" + limits.maxSteps() + " steps)");
        }
    }

    /** A value the template has just built (by a call, a filter, an operator): its size is counted and capped. */
    Object built(Object value) {
        long size = switch (value) {
            case String text -> text.length();
            case JinjaValues.Markup markup -> markup.text().length();
            case java.util.Collection<?> items -> items.size();
            case Map<?, ?> map -> map.size();
            case null, default -> 0;
        };
        limits.size(size, "a value the template built");
        charge(1 + (value instanceof String || value instanceof JinjaValues.Markup ? size / 64 : size));
        return value;
    }

    TemplateException error(Expr at, String message) {
        return new TemplateException(JinjaLexer.where(source, at.at()) + message);
    }
}
