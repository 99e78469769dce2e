package dev.tether.engine.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.model.ModelEvent;

/** Turns a tool-call payload into a {@link ModelEvent.Call}, or an {@link ModelEvent.InvalidCall} saying why not. */
final class ToolCalls {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ToolCalls() {}

    /**
     * Reads {@code {"name": "...", "<argumentsField>": {...}}}; missing arguments mean none. Arguments given as a JSON
     * string holding an object (some models do that) are unwrapped.
     */
    static ModelEvent parse(String payload, String argumentsField) {
        JsonNode node;
        try {
            node = JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            return new ModelEvent.InvalidCall("tool call is not valid JSON: " + e.getOriginalMessage());
        }
        return fromNode(node, argumentsField);
    }

    static ModelEvent fromNode(JsonNode node, String argumentsField) {
        if (node == null || !node.isObject()) {
            return new ModelEvent.InvalidCall("tool call must be a JSON object with a name");
        }
        JsonNode name = node.get("name");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            return new ModelEvent.InvalidCall("tool call has no \"name\"");
        }
        JsonNode args = node.get(argumentsField);
        if (args == null || args.isNull()) {
            args = JSON.createObjectNode();
        } else if (args.isTextual()) {
            try {
                args = JSON.readTree(args.asText());
            } catch (JsonProcessingException e) {
                return new ModelEvent.InvalidCall("tool call arguments are not valid JSON: " + e.getOriginalMessage());
            }
        }
        if (!args.isObject()) {
            return new ModelEvent.InvalidCall("tool call \"" + argumentsField + "\" must be a JSON object");
        }
        return new ModelEvent.Call(name.asText(), (ObjectNode) args);
    }
}
