package dev.tether.engine.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.model.ModelEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts together tool calls streamed as OpenAI deltas: the first delta of a call brings its {@code index}, {@code id}
 * and {@code function.name}, the following ones pieces of the {@code function.arguments} string.
 */
final class ToolCallDeltas {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final class Pending {
        String name = "";
        final StringBuilder arguments = new StringBuilder();
    }

    private final Map<Integer, Pending> calls = new TreeMap<>();
    private final String source;

    ToolCallDeltas(String source) {
        this.source = source;
    }

    void add(JsonNode deltas) {
        int position = calls.size();
        for (JsonNode delta : deltas) {
            int index = delta.path("index").asInt(position++);
            Pending call = calls.computeIfAbsent(index, i -> new Pending());
            JsonNode function = delta.path("function");
            if (function.path("name").isTextual()) {
                call.name += function.path("name").asText();
            }
            if (function.path("arguments").isTextual()) {
                call.arguments.append(function.path("arguments").asText());
            } else if (function.path("arguments").isObject()) {
                call.arguments.append(function.path("arguments"));
            }
        }
    }

    /** The finished calls, in index order; empties the accumulator. */
    List<ModelEvent> drain() {
        List<ModelEvent> chunks = new ArrayList<>();
        for (Pending call : calls.values()) {
            chunks.add(chunk(call));
        }
        calls.clear();
        return chunks;
    }

    private ModelEvent chunk(Pending call) {
        if (call.name.isBlank()) {
            return new ModelEvent.InvalidCall("a tool call from " + source + " has no name");
        }
        String text = call.arguments.toString().strip();
        if (text.isEmpty()) {
            return new ModelEvent.Call(call.name, JSON.createObjectNode());
        }
        try {
            JsonNode arguments = JSON.readTree(text);
            if (arguments instanceof ObjectNode object) {
                return new ModelEvent.Call(call.name, object);
            }
        } catch (JsonProcessingException e) {
            // reported below
        }
        return new ModelEvent.InvalidCall("the arguments of the tool call " + call.name + " from " + source
                + " are not a JSON object: " + RemoteClient.abbreviate(text));
    }
}
