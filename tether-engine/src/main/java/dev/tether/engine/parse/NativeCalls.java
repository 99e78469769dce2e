package dev.tether.engine.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.engine.model.ModelEvent;
import java.util.List;
import java.util.Optional;

/** Reads the JSON of native tool calls, whose arguments may be called {@code arguments} or {@code parameters}. */
final class NativeCalls {

    private static final ObjectMapper JSON = new ObjectMapper();

    private NativeCalls() {}

    static Optional<JsonNode> read(String json) {
        try {
            return Optional.ofNullable(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** One call object, or Invalid saying what is wrong with it. */
    static ModelEvent call(String json) {
        return read(json)
                .map(NativeCalls::call)
                .orElseGet(() -> new ModelEvent.InvalidCall("tool call is not valid JSON: " + abbreviate(json)));
    }

    static ModelEvent call(JsonNode node) {
        String field = node.has("arguments") || !node.has("parameters") ? "arguments" : "parameters";
        return ToolCalls.fromNode(node, field);
    }

    /** A JSON list of calls (or a single call object). */
    static List<ModelEvent> calls(String json) {
        Optional<JsonNode> node = read(json);
        if (node.isEmpty()) {
            return List.of(new ModelEvent.InvalidCall("tool calls are not valid JSON: " + abbreviate(json)));
        }
        if (!node.get().isArray()) {
            return List.of(call(node.get()));
        }
        return node.get().valueStream().map(NativeCalls::call).toList();
    }

    /** True for a JSON object shaped like a call: a string {@code name} and {@code parameters} or {@code arguments}. */
    static boolean looksLikeCall(JsonNode node) {
        return node.isObject() && node.path("name").isTextual() && (node.has("parameters") || node.has("arguments"));
    }

    private static String abbreviate(String json) {
        return json.length() <= 80 ? json : json.substring(0, 77) + "...";
    }
}
