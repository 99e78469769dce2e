package dev.tether.server.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.chat.ChatEvent.ErrorEvent;
import dev.tether.engine.chat.ChatEvent.ToolCallEvent;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.ToolCall;
import dev.tether.engine.chat.Usage;
import dev.tether.engine.loop.Completion;
import dev.tether.server.http.RandomIds;
import java.time.Instant;
import java.util.List;

/**
 * The JSON of one completion in OpenAI's shapes: the whole {@code chat.completion}, or its
 * {@code chat.completion.chunk}s. What the model did that the client asked otherwise (no call although
 * {@code tool_choice} required one, a call to a tool not offered) is told in a {@code warnings} array.
 */
final class ChatResponses {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String id;
    private final long created = Instant.now().getEpochSecond();
    private final String model;

    ChatResponses(String model) {
        this.id = RandomIds.next("chatcmpl-");
        this.model = model;
    }

    ObjectNode completion(Completion.Result result, String thinking, List<ErrorEvent> warnings) {
        ObjectNode body = head("chat.completion");
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        if (result.text().isEmpty() && !result.calls().isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", result.text());
        }
        if (!thinking.isEmpty()) {
            message.put("reasoning_content", thinking);
        }
        if (!result.calls().isEmpty()) {
            ArrayNode calls = message.putArray("tool_calls");
            result.calls().forEach(c -> calls.add(toolCall(c)));
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(result));
        body.set("usage", usage(result.usage()));
        warnings(body, warnings);
        return body;
    }

    ObjectNode chunk(ObjectNode delta) {
        ObjectNode chunk = head("chat.completion.chunk");
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        choice.putNull("finish_reason");
        return chunk;
    }

    /** The last chunk with choices: an empty delta and why the answer ended. */
    ObjectNode finish(Completion.Result result, List<ErrorEvent> warnings) {
        ObjectNode chunk = chunk(JSON.createObjectNode());
        ((ObjectNode) chunk.get("choices").get(0)).put("finish_reason", finishReason(result));
        warnings(chunk, warnings);
        return chunk;
    }

    /** The chunk {@code stream_options.include_usage} asks for: no choices, the usage. */
    ObjectNode usageChunk(Usage usage) {
        ObjectNode chunk = head("chat.completion.chunk");
        chunk.putArray("choices");
        chunk.set("usage", usage(usage));
        return chunk;
    }

    static ObjectNode roleDelta() {
        return JSON.createObjectNode().put("role", "assistant").put("content", "");
    }

    static ObjectNode contentDelta(String text) {
        return JSON.createObjectNode().put("content", text);
    }

    static ObjectNode reasoningDelta(String text) {
        return JSON.createObjectNode().put("reasoning_content", text);
    }

    /** A whole call in one delta, at its position among this answer's calls. */
    static ObjectNode toolCallDelta(ToolCallEvent call, int index) {
        ObjectNode delta = JSON.createObjectNode();
        delta.putArray("tool_calls")
                .addObject()
                .put("index", index)
                .setAll(toolCall(call.id(), call.name(), call.arguments()));
        return delta;
    }

    private static ObjectNode toolCall(ToolCall call) {
        return toolCall(call.id(), call.name(), call.arguments());
    }

    private static ObjectNode toolCall(String id, String name, ObjectNode arguments) {
        ObjectNode out = JSON.createObjectNode().put("id", id).put("type", "function");
        out.putObject("function").put("name", name).put("arguments", arguments.toString());
        return out;
    }

    private ObjectNode head(String object) {
        return JSON.createObjectNode()
                .put("id", id)
                .put("object", object)
                .put("created", created)
                .put("model", model);
    }

    private static String finishReason(Completion.Result result) {
        if (result.finishReason() == FinishReason.LENGTH) {
            return "length";
        }
        return result.calls().isEmpty() ? "stop" : "tool_calls";
    }

    private static ObjectNode usage(Usage usage) {
        return JSON.createObjectNode()
                .put("prompt_tokens", usage.promptTokens())
                .put("completion_tokens", usage.completionTokens())
                .put("total_tokens", usage.promptTokens() + usage.completionTokens());
    }

    private static void warnings(ObjectNode body, List<ErrorEvent> warnings) {
        if (!warnings.isEmpty()) {
            ArrayNode list = body.putArray("warnings");
            warnings.forEach(w -> list.addObject().put("code", w.code()).put("message", w.message()));
        }
    }
}
