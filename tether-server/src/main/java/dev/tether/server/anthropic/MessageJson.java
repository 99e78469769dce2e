package dev.tether.server.anthropic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.ToolCall;
import dev.tether.engine.chat.Usage;
import dev.tether.engine.loop.Completion;
import dev.tether.server.http.RandomIds;

/** The JSON of one answer in Anthropic's shapes: the whole {@code message}, and the pieces its stream is made of. */
final class MessageJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String id;
    private final String model;

    MessageJson(String model) {
        this.id = RandomIds.next("msg_");
        this.model = model;
    }

    /** The whole message: thinking first, then the text, then the tool calls. */
    ObjectNode message(Completion.Result result, String thinking) {
        ObjectNode message = head();
        ArrayNode content = message.putArray("content");
        if (!thinking.isEmpty()) {
            content.add(thinkingBlock(thinking));
        }
        if (!result.text().isEmpty() || result.calls().isEmpty()) {
            content.add(textBlock(result.text()));
        }
        result.calls().forEach(c -> content.add(toolUseBlock(c, c.arguments())));
        message.put("stop_reason", stopReason(result));
        message.putNull("stop_sequence");
        message.set("usage", usage(result.usage()));
        return message;
    }

    /** The message of {@code message_start}: no content yet. */
    ObjectNode started() {
        ObjectNode message = head();
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        message.set("usage", usage(Usage.ZERO));
        return message;
    }

    private ObjectNode head() {
        return JSON.createObjectNode()
                .put("id", id)
                .put("type", "message")
                .put("role", "assistant")
                .put("model", model);
    }

    static ObjectNode textBlock(String text) {
        return JSON.createObjectNode().put("type", "text").put("text", text);
    }

    static ObjectNode thinkingBlock(String thinking) {
        return JSON.createObjectNode()
                .put("type", "thinking")
                .put("thinking", thinking)
                .put("signature", "");
    }

    static ObjectNode toolUseBlock(ToolCall call, ObjectNode input) {
        ObjectNode block = JSON.createObjectNode()
                .put("type", "tool_use")
                .put("id", call.id())
                .put("name", call.name());
        block.set("input", input);
        return block;
    }

    static String stopReason(Completion.Result result) {
        if (result.finishReason() == FinishReason.LENGTH) {
            return "max_tokens";
        }
        return result.calls().isEmpty() ? "end_turn" : "tool_use";
    }

    static ObjectNode usage(Usage usage) {
        return JSON.createObjectNode()
                .put("input_tokens", usage.promptTokens())
                .put("output_tokens", usage.completionTokens());
    }
}
