package dev.tether.engine.template;

import dev.tether.engine.template.JinjaSyntax.Node;
import dev.tether.engine.template.JinjaValues.Callable;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders Hugging Face chat templates as Python's Jinja2 does in transformers (an immutable sandbox with
 * {@code trim_blocks} and {@code lstrip_blocks}, its {@code tojson}, {@code raise_exception} and
 * {@code strftime_now}), so that the prompt is the one the model was trained on, byte for byte.
 */
final class JinjaRenderer {

    /** Jinja2's sandbox refuses bigger ranges. */
    private static final long MAX_RANGE = 100_000;

    private final String source;
    private final JinjaLimits limits;
    private final List<Node> template;

    private JinjaRenderer(String source, JinjaLimits limits, List<Node> template) {
        this.source = source;
        this.limits = limits;
        this.template = template;
    }

    /** @throws TemplateException naming the line and construct that does not parse */
    static JinjaRenderer parse(String source, JinjaLimits limits) {
        try {
            return new JinjaRenderer(source, limits, JinjaParser.parse(source, limits));
        } catch (StackOverflowError e) {
            throw new TemplateException("the template is nested too deeply to parse");
        }
    }

    /** @throws TemplateException on a parse or render error, or when the template raises */
    static String render(String source, Map<String, Object> context) {
        return render(source, context, JinjaLimits.DEFAULTS);
    }

    /** @throws TemplateException on a parse or render error, when the template raises or breaks one of the limits */
    static String render(String source, Map<String, Object> context, JinjaLimits limits) {
        return parse(source, limits).render(context);
    }

    String render(Map<String, Object> context) {
        Map<String, Object> variables = new HashMap<>(globals());
        context.forEach((name, value) -> variables.put(name, TemplateValues.python(value)));
        try {
            return new JinjaInterpreter(source, limits).render(template, new JinjaScope(variables));
        } catch (TemplateException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new TemplateException("template failed: " + e);
        } catch (StackOverflowError e) {
            throw new TemplateException("the template nests too deeply to render");
        } catch (OutOfMemoryError e) {
            // a last resort: every value is bounded before it is built, so this should not happen
            throw new TemplateException("the template ran out of memory");
        }
    }

    private static Map<String, Object> globals() {
        Map<String, Object> globals = new HashMap<>();
        globals.put("range", (Callable) (args, kwargs) -> range(args));
        globals.put("namespace", (Callable) (args, kwargs) -> {
            JinjaValues.Namespace namespace = new JinjaValues.Namespace();
            args.forEach(arg -> {
                if (arg instanceof Map<?, ?> map) {
                    map.forEach((k, v) -> namespace.values.put(String.valueOf(k), v));
                }
            });
            namespace.values.putAll(kwargs);
            return namespace;
        });
        globals.put("dict", (Callable) (args, kwargs) -> new LinkedHashMap<Object, Object>(kwargs));
        globals.put("raise_exception", (Callable) (args, kwargs) -> {
            throw new TemplateException(
                    "the template raised: " + (args.isEmpty() ? "" : PythonValues.str(args.getFirst())));
        });
        globals.put("strftime_now", (Callable)
                (args, kwargs) -> JinjaFunctions.strftimeNow(PythonValues.str(args.isEmpty() ? "" : args.getFirst())));
        return globals;
    }

    private static List<Object> range(List<Object> args) {
        long start = args.size() > 1 ? PythonValues.number(args.get(0)).longValue() : 0;
        long stop = PythonValues.number(args.get(args.size() > 1 ? 1 : 0)).longValue();
        long step = args.size() > 2 ? PythonValues.number(args.get(2)).longValue() : 1;
        if (step == 0) {
            throw new TemplateException("range() arg 3 must not be zero");
        }
        long count = Math.max(0, (stop - start + step + (step > 0 ? -1 : 1)) / step);
        if (count > MAX_RANGE) {
            throw new TemplateException("range too big, maximum size for range is " + MAX_RANGE);
        }
        List<Object> out = new java.util.ArrayList<>();
        for (long i = 0; i < count; i++) {
            out.add(start + i * step);
        }
        return out;
    }
}
