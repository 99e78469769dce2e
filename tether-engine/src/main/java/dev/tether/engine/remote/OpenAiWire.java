package dev.tether.engine.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.Role;
import dev.tether.engine.chat.ToolCall;
import dev.tether.engine.chat.ToolChoice;
import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.model.ModelInfo;
import dev.tether.tool.ToolSpec;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * The request side of OpenAI's {@code /chat/completions} (also the llama-server engine's) and the {@code /models}
 * listing.
 */
public final class OpenAiWire {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiWire() {}

    /**
     * The streamed request body; the tools go in {@code tools} only when {@code nativeTools}, and
     * {@code tool_choice} only when it is not {@code auto}.
     */
    static ObjectNode chat(GenerationRequest request, boolean nativeTools, boolean sendToolChoice) {
        ObjectNode body = JSON.createObjectNode().put("model", request.model()).put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        ArrayNode messages = body.putArray("messages");
        request.messages().forEach(m -> messages.add(message(m)));
        if (nativeTools && !request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            request.tools().forEach(t -> tools.add(tool(t)));
            ToolChoice choice = request.options().toolChoice();
            if (sendToolChoice && choice.mode() != ToolChoice.Mode.AUTO) {
                body.set("tool_choice", toolChoice(choice));
            }
        }
        sampling(request.options(), body, "max_tokens");
        if (request.options().responseFormat() != null) {
            body.set("response_format", request.options().responseFormat().wire());
        }
        return body;
    }

    public static ObjectNode message(Message m) {
        ObjectNode out =
                JSON.createObjectNode().put("role", m.role().wireName()).put("content", m.content());
        if (!m.toolCalls().isEmpty()) {
            ArrayNode calls = out.putArray("tool_calls");
            for (ToolCall call : m.toolCalls()) {
                calls.addObject()
                        .put("id", call.id())
                        .put("type", "function")
                        .putObject("function")
                        .put("name", call.name())
                        .put("arguments", call.arguments().toString());
            }
        }
        if (m.role() == Role.TOOL && m.toolCallId() != null) {
            out.put("tool_call_id", m.toolCallId());
        }
        return out;
    }

    /** The function declaration OpenAI-compatible servers and Ollama both take. */
    public static ObjectNode tool(ToolSpec spec) {
        ObjectNode tool = JSON.createObjectNode().put("type", "function");
        ObjectNode function =
                tool.putObject("function").put("name", spec.name()).put("description", spec.description());
        function.set("parameters", spec.inputSchema());
        return tool;
    }

    private static JsonNode toolChoice(ToolChoice choice) {
        return switch (choice.mode()) {
            case NAMED -> {
                ObjectNode named = JSON.createObjectNode().put("type", "function");
                named.putObject("function").put("name", choice.toolName());
                yield named;
            }
            default -> JSON.getNodeFactory().textNode(choice.mode().name().toLowerCase(Locale.ROOT));
        };
    }

    /**
     * Writes the sampling options that are set into {@code body}; the two wire formats differ only in the name of
     * the token limit ({@code max_tokens} here, {@code num_predict} for Ollama).
     */
    public static void sampling(ChatOptions o, ObjectNode body, String maxTokensKey) {
        if (o.maxTokens() != null) {
            body.put(maxTokensKey, o.maxTokens());
        }
        if (o.temperature() != null) {
            body.put("temperature", o.temperature());
        }
        if (o.topP() != null) {
            body.put("top_p", o.topP());
        }
        if (o.seed() != null) {
            body.put("seed", o.seed());
        }
        if (!o.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            o.stop().forEach(stop::add);
        }
    }

    /** The models of a {@code /models} answer. */
    static List<ModelInfo> models(JsonNode list, String provider) {
        return StreamSupport.stream(list.path("data").spliterator(), false)
                .filter(m -> m.path("id").isTextual())
                .map(m -> new ModelInfo(
                        m.path("id").asText(),
                        provider,
                        false,
                        m.path("owned_by").isTextual()
                                ? Map.of("owned_by", m.path("owned_by").asText())
                                : Map.of()))
                .toList();
    }
}
