package dev.tether.engine.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import jinjava.javax.el.CompositeELResolver;

import java.util.Map;
import java.util.stream.Collectors;

/** Renders Hugging Face chat templates with Jinjava, configured to behave like the Jinja2 setup templates target. */
final class JinjaRenderer {

    /** A template from a model file must not be able to build an unbounded prompt. */
    static final long MAX_OUTPUT_CHARS = 4_000_000;

    private static final Jinjava JINJAVA = create();

    private JinjaRenderer() {
    }

    /** @throws TemplateException on a parse or render error, or when the template raises */
    static String render(String source, Map<String, Object> context) {
        RenderResult result;
        try {
            result = JINJAVA.renderForResult(source, context);
        } catch (RuntimeException e) {
            throw new TemplateException("template failed: " + e.getMessage());
        }
        String fatal = result.getErrors().stream()
                .filter(error -> error.getSeverity() == TemplateError.ErrorType.FATAL)
                .map(JinjaRenderer::describe)
                .collect(Collectors.joining("; "));
        if (!fatal.isEmpty()) {
            throw new TemplateException(fatal);
        }
        return result.getOutput();
    }

    private static String describe(TemplateError error) {
        Throwable cause = error.getException();
        while (cause != null && !(cause instanceof TemplateException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause instanceof TemplateException raised ? raised.getMessage() : error.getMessage();
        return "line " + error.getLineno() + ": " + message;
    }

    private static Jinjava create() {
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new PythonStrings());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_WRITE);
        // Hugging Face renders with trim_blocks and lstrip_blocks; the legacy overrides make Jinjava follow Jinja2
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .withElResolver(resolver)
                .withMaxOutputSize(MAX_OUTPUT_CHARS)
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        .withUseTrimmingForNotesAndExpressions(true)
                        .withParseWhitespaceControlStrictly(true)
                        .withUseNaturalOperatorPrecedence(true)
                        .withAllowAdjacentTextNodes(true)
                        .withKeepNullableLoopValues(true)
                        .withIterateOverMapKeys(true)
                        .build())
                .build();
        Jinjava jinjava = new Jinjava(config);
        var context = jinjava.getGlobalContext();
        context.registerFunction(new ELFunctionDefinition("", "namespace", JinjaFunctions.class, "namespace",
                Object[].class));
        context.registerFunction(new ELFunctionDefinition("", "raise_exception", JinjaFunctions.class,
                "raiseException", String.class));
        context.registerFunction(new ELFunctionDefinition("", "strftime_now", JinjaFunctions.class, "strftimeNow",
                String.class));
        context.registerFilter(new ToJsonFilter());
        context.registerFilter(new ItemsFilter());
        return jinjava;
    }
}
