package dev.tether.engine.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.ResponseFormat;
import dev.tether.engine.chat.ToolCall;
import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.model.ModelInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/** Ollama's {@code /api/chat} and {@code /api/tags} formats. */
final class OllamaWire {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OllamaWire() {}

    /**
     * The streamed {@code /api/chat} body; the tools go in {@code tools} only when {@code nativeTools}.
     * {@code keepAlive} and {@code think} may be null (Ollama's defaults).
     */
    static ObjectNode chat(GenerationRequest request, boolean nativeTools, JsonNode keepAlive, Boolean think) {
        ObjectNode body = JSON.createObjectNode().put("model", request.model()).put("stream", true);
        ArrayNode messages = body.putArray("messages");
        request.messages().forEach(m -> messages.add(message(m)));
        if (nativeTools && !request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            request.tools().forEach(t -> tools.add(OpenAiWire.tool(t)));
        }
        ObjectNode options = JSON.createObjectNode();
        OpenAiWire.sampling(request.options(), options, "num_predict");
        if (!options.isEmpty()) {
            body.set("options", options);
        }
        ResponseFormat format = request.options().responseFormat();
        if (format != null) {
            // Ollama's format: "json", or the JSON Schema itself
            body.set("format", format.schema() == null ? JSON.getNodeFactory().textNode("json") : format.schema());
        }
        if (keepAlive != null) {
            body.set("keep_alive", keepAlive);
        }
        if (think != null) {
            body.put("think", think);
        }
        return body;
    }

    static ObjectNode message(Message m) {
        ObjectNode out =
                JSON.createObjectNode().put("role", m.role().wireName()).put("content", m.content());
        if (!m.toolCalls().isEmpty()) {
            ArrayNode calls = out.putArray("tool_calls");
            for (ToolCall call : m.toolCalls()) {
                ObjectNode function = calls.addObject().putObject("function").put("name", call.name());
                function.set("arguments", call.arguments());
            }
        }
        if (m.name() != null) {
            out.put("tool_name", m.name());
        }
        return out;
    }

    /** {@code keep_alive} from config: a number is seconds, anything else a duration like {@code 5m}. */
    static JsonNode keepAlive(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.matches("-?\\d+")
                ? JSON.getNodeFactory().numberNode(Long.parseLong(value))
                : JSON.getNodeFactory().textNode(value);
    }

    /** The models of a {@code /api/tags} answer. */
    static List<ModelInfo> models(JsonNode tags, String provider) {
        return StreamSupport.stream(tags.path("models").spliterator(), false)
                .filter(m -> m.path("name").isTextual())
                .map(m -> new ModelInfo(m.path("name").asText(), provider, false, details(m)))
                .toList();
    }

    private static Map<String, Object> details(JsonNode model) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (model.path("size").isNumber()) {
            details.put("size_bytes", model.path("size").asLong());
        }
        JsonNode d = model.path("details");
        for (String key : List.of("family", "parameter_size", "quantization_level", "format")) {
            if (d.path(key).isTextual()) {
                details.put(key, d.path(key).asText());
            }
        }
        return details;
    }
}
