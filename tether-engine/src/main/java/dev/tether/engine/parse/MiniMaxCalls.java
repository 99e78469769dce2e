package dev.tether.engine.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.model.ModelEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MiniMax's XML calls: M2 writes {@code <invoke name="f"><parameter name="k">v</parameter></invoke>}, M3 writes
 * {@code <invoke name="f"><k>v</k></invoke>} with nested objects as elements and lists as {@code <item>}s. A value
 * that reads as JSON (a number, true, an object) is that JSON, anything else is a string: without the tool's schema
 * a string that looks like a number becomes a number.
 */
final class MiniMaxCalls {

    static final String M3_NAMESPACE = "]<]minimax[>[";
    private static final ObjectMapper STRICT =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Pattern INVOKE = Pattern.compile("<invoke name=\"([^\"]*)\">(.*?)</invoke>", Pattern.DOTALL);
    private static final Pattern PARAMETER =
            Pattern.compile("<parameter name=\"([^\"]*)\">(.*?)</parameter>", Pattern.DOTALL);
    private static final Pattern OPEN_TAG = Pattern.compile("<([\\w.-]+)>");

    private MiniMaxCalls() {}

    static List<ModelEvent> m2(String payload) {
        return invokes(payload, body -> {
            ObjectNode args = JsonNodeFactory.instance.objectNode();
            Matcher parameter = PARAMETER.matcher(body);
            while (parameter.find()) {
                args.set(parameter.group(1), scalar(parameter.group(2)));
            }
            return args;
        });
    }

    static List<ModelEvent> m3(String payload) {
        return invokes(payload.replace(M3_NAMESPACE, ""), body -> {
            JsonNode args = value(body);
            return args.isObject() ? (ObjectNode) args : body.isBlank() ? JsonNodeFactory.instance.objectNode() : null;
        });
    }

    private interface Arguments {
        ObjectNode read(String body);
    }

    private static List<ModelEvent> invokes(String payload, Arguments arguments) {
        List<ModelEvent> events = new ArrayList<>();
        Matcher invoke = INVOKE.matcher(payload);
        while (invoke.find()) {
            String name = invoke.group(1).strip();
            ObjectNode args = arguments.read(invoke.group(2));
            events.add(
                    name.isEmpty()
                            ? new ModelEvent.InvalidCall("tool call has no name")
                            : args == null
                                    ? new ModelEvent.InvalidCall("arguments of " + name + " are not elements")
                                    : new ModelEvent.Call(name, args));
        }
        return events.isEmpty() ? List.of(new ModelEvent.InvalidCall("tool call without <invoke name=\"…\">")) : events;
    }

    /** Child elements make an object (or a list when all are {@code <item>}); text is a scalar. */
    private static JsonNode value(String body) {
        List<String[]> children = elements(body);
        if (children == null || children.isEmpty()) {
            return scalar(body);
        }
        if (children.stream().allMatch(c -> c[0].equals("item"))) {
            ArrayNode list = JsonNodeFactory.instance.arrayNode();
            children.forEach(c -> list.add(value(c[1])));
            return list;
        }
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        children.forEach(c -> object.set(c[0], value(c[1])));
        return object;
    }

    /** The {@code [name, body]} elements {@code text} is made of, or null when it is not only elements. */
    private static List<String[]> elements(String text) {
        List<String[]> out = new ArrayList<>();
        int at = 0;
        while (true) {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
            if (at == text.length()) {
                return out;
            }
            Matcher open = OPEN_TAG.matcher(text).region(at, text.length());
            if (!open.lookingAt()) {
                return null;
            }
            String name = open.group(1);
            int close = closing(text, name, open.end());
            if (close < 0) {
                return null;
            }
            out.add(new String[] {name, text.substring(open.end(), close)});
            at = close + name.length() + 3;
        }
    }

    /** Where {@code </name>} closes the element whose body starts at {@code from}, counting nested ones. */
    private static int closing(String text, String name, int from) {
        String open = "<" + name + ">";
        String close = "</" + name + ">";
        int depth = 1;
        int at = from;
        while (true) {
            int nextClose = text.indexOf(close, at);
            if (nextClose < 0) {
                return -1;
            }
            int nextOpen = text.indexOf(open, at);
            if (nextOpen >= 0 && nextOpen < nextClose) {
                depth++;
                at = nextOpen + open.length();
            } else if (--depth == 0) {
                return nextClose;
            } else {
                at = nextClose + close.length();
            }
        }
    }

    private static JsonNode scalar(String text) {
        try {
            JsonNode node = STRICT.readTree(text);
            return node == null || node.isMissingNode() ? JsonNodeFactory.instance.textNode(text) : node;
        } catch (JsonProcessingException e) {
            return JsonNodeFactory.instance.textNode(text);
        }
    }
}
