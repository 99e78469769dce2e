package dev.tether.tool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.tether.tool.Schemas.ToolParameter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** One tool instance bound to its {@code run} method: its spec, argument validation and the reflective call. */
final class BoundTool {

    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(new JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private final ToolSpec spec;
    private final Object instance;
    private final Method run;
    private final List<ToolParameter> params;
    private final Schema validator;
    /** The tool's own {@code label(JsonNode, JsonNode)}, or null ({@link ToolLabels}). */
    private final Method label;

    private BoundTool(ToolSpec spec, Object instance, Method run, List<ToolParameter> params) {
        this.spec = spec;
        this.instance = instance;
        this.run = run;
        this.params = params;
        this.validator = SCHEMAS.getSchema(spec.inputSchema());
        this.label = labelMethod(instance.getClass());
    }

    private static Method labelMethod(Class<?> type) {
        try {
            Method method = type.getMethod("label", JsonNode.class, JsonNode.class);
            return method.getReturnType() == String.class && !Modifier.isStatic(method.getModifiers()) ? method : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** Binds {@code instance}; IllegalArgumentException when its class is not a valid tool. */
    static BoundTool of(String name, Object instance) {
        Class<?> type = instance.getClass();
        ToolInfo info = type.getAnnotation(ToolInfo.class);
        if (info == null) {
            throw new IllegalArgumentException(type.getName() + " has no @ToolInfo annotation");
        }
        List<Method> runs = Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals("run") && !Modifier.isStatic(m.getModifiers()))
                .toList();
        if (runs.size() != 1) {
            throw new IllegalArgumentException(type.getName() + " must have exactly one public run method");
        }
        Method run = runs.getFirst();
        run.setAccessible(true);
        List<ToolParameter> params = new ArrayList<>();
        for (Parameter p : run.getParameters()) {
            params.add(parameter(type, p));
        }
        ToolPackage shared = type.getPackage().getAnnotation(ToolPackage.class);
        boolean openWorld = info.openWorld()
                || shared != null && shared.openWorld()
                || instance instanceof NetworkReach reach && reach.reachesNetwork();
        boolean privateData = info.privateData() || shared != null && shared.privateData();
        var hints = new ToolSpec.Hints(info.readOnly(), info.destructive(), openWorld, privateData);
        ToolSpec spec = new ToolSpec(
                name == null || name.isBlank() ? info.name() : name,
                info.description(),
                Schemas.forParameters(params),
                hints);
        return new BoundTool(spec, instance, run, List.copyOf(params));
    }

    private static ToolParameter parameter(Class<?> type, Parameter p) {
        Param ann = p.getAnnotation(Param.class);
        String name = ann != null && !ann.name().isEmpty() ? ann.name() : p.getName();
        if (!p.isNamePresent() && (ann == null || ann.name().isEmpty())) {
            throw new IllegalArgumentException(type.getName() + ": compile with -parameters or name each @Param");
        }
        Optional<JsonNode> defaultValue = Optional.empty();
        if (ann != null && !Param.NO_DEFAULT.equals(ann.defaultValue())) {
            defaultValue = Optional.of(parseDefault(p.getType(), ann.defaultValue()));
        }
        return new ToolParameter(name, p, ann, defaultValue);
    }

    private static JsonNode parseDefault(Class<?> type, String text) {
        if (type == String.class || type.isEnum()) {
            return TextNode.valueOf(text);
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(text);
        }
    }

    ToolSpec spec() {
        return spec;
    }

    Object instance() {
        return instance;
    }

    /** Whether this call sends data off the machine: an {@code openWorld} tool's call, unless it says otherwise. */
    boolean sendsOffMachine(JsonNode arguments) {
        return spec.hints().openWorld()
                && (!(instance instanceof NetworkReach reach) || reach.reachesNetwork(arguments));
    }

    /**
     * The tool's own label of a call ({@link ToolLabels}); null when it has none, returns none, or fails: a label
     * never breaks a call or a history.
     */
    String label(JsonNode arguments, JsonNode result) {
        if (label == null) {
            return null;
        }
        try {
            return (String) label.invoke(instance, arguments, result);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Schema violations of {@code arguments}, as readable lines; empty when valid. */
    List<String> validate(JsonNode arguments) {
        return validator.validate(arguments).stream().map(e -> e.toString()).toList();
    }

    /** Binds the arguments and runs the tool on the calling thread. */
    ToolOutcome call(JsonNode arguments) {
        Object[] values = new Object[params.size()];
        for (int i = 0; i < values.length; i++) {
            ToolParameter p = params.get(i);
            JsonNode node = arguments.get(p.name());
            if (node == null || node.isNull()) {
                node = p.defaultValue().orElse(null);
            }
            try {
                values[i] = node == null
                        ? null
                        : JSON.convertValue(
                                node, JSON.constructType(p.reflected().getParameterizedType()));
            } catch (IllegalArgumentException e) {
                return ToolOutcome.failure("invalid argument '" + p.name() + "' for " + spec.name());
            }
            if (values[i] == null && p.reflected().getType().isPrimitive()) {
                return ToolOutcome.failure("missing argument '" + p.name() + "' for " + spec.name());
            }
        }
        try {
            Object result = run.invoke(instance, values);
            return ToolOutcome.success(result instanceof JsonNode json ? json : JSON.valueToTree(result));
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ToolException te) {
                return ToolOutcome.failure(te.getMessage());
            }
            if (cause instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return ToolOutcome.failure(spec.name() + " was interrupted");
            }
            return ToolOutcome.failure(spec.name() + " failed: " + describe(cause));
        } catch (IllegalAccessException | IllegalArgumentException e) {
            return ToolOutcome.failure(spec.name() + " failed: " + describe(e));
        }
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
    }
}
