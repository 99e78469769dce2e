package dev.tether.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Locale;

/** Generates a tool's JSON Schema from the parameters of its {@code run} method. */
final class Schemas {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaGenerator COMPLEX = new SchemaGenerator(
            new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON).build());

    private Schemas() {}

    /** The schema of an object whose properties are {@code params}. */
    static ObjectNode forParameters(List<ToolParameter> params) {
        ObjectNode schema = JSON.createObjectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = JSON.createArrayNode();
        for (ToolParameter p : params) {
            properties.set(p.name(), forParameter(p));
            if (p.required()) {
                required.add(p.name());
            }
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    private static ObjectNode forParameter(ToolParameter p) {
        ObjectNode node = forType(p.reflected().getParameterizedType());
        Param ann = p.annotation();
        if (ann != null) {
            if (!ann.description().isEmpty()) {
                node.put("description", ann.description());
            }
            if (ann.allowed().length > 0) {
                ArrayNode values = node.putArray("enum");
                for (String v : ann.allowed()) {
                    values.add(v);
                }
            }
            if (ann.minimum() != Double.NEGATIVE_INFINITY) {
                putNumber(node, "minimum", ann.minimum());
            }
            if (ann.maximum() != Double.POSITIVE_INFINITY) {
                putNumber(node, "maximum", ann.maximum());
            }
        }
        p.defaultValue().ifPresent(d -> node.set("default", d));
        return node;
    }

    static ObjectNode forType(Type type) {
        if (type instanceof Class<?> c) {
            if (c == String.class) {
                return typed("string");
            }
            if (c == int.class || c == Integer.class || c == long.class || c == Long.class) {
                return typed("integer");
            }
            if (c == double.class || c == Double.class || c == float.class || c == Float.class) {
                return typed("number");
            }
            if (c == boolean.class || c == Boolean.class) {
                return typed("boolean");
            }
            if (c.isEnum()) {
                ObjectNode node = typed("string");
                ArrayNode values = node.putArray("enum");
                for (Object constant : c.getEnumConstants()) {
                    values.add(((Enum<?>) constant).name().toLowerCase(Locale.ROOT));
                }
                return node;
            }
        }
        if (type instanceof ParameterizedType pt
                && pt.getRawType() instanceof Class<?> raw
                && List.class.isAssignableFrom(raw)) {
            ObjectNode node = typed("array");
            node.set("items", forType(pt.getActualTypeArguments()[0]));
            return node;
        }
        ObjectNode generated = COMPLEX.generateSchema(type);
        generated.remove("$schema");
        return generated;
    }

    private static ObjectNode typed(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    private static void putNumber(ObjectNode node, String key, double value) {
        if (value == Math.rint(value) && Math.abs(value) <= Integer.MAX_VALUE) {
            node.put(key, (int) value);
        } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            node.put(key, (long) value);
        } else {
            node.put(key, value);
        }
    }

    /** A parameter of a tool's run method, with its JSON name and parsed default. */
    record ToolParameter(
            String name, Parameter reflected, Param annotation, java.util.Optional<JsonNode> defaultValue) {
        boolean required() {
            return defaultValue.isEmpty();
        }
    }
}
