package dev.tether.server.anthropic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.chat.ChatEvent;
import dev.tether.engine.chat.ToolCall;
import dev.tether.engine.loop.Completion;
import dev.tether.server.http.NamedSseWriter;

/**
 * Turns the engine's events into Anthropic's stream: {@code message_start} and a {@code ping}, then content blocks
 * ({@code content_block_start}, deltas, {@code content_block_stop}) for thinking, text and each tool call in the
 * order they come, then {@code message_delta} and {@code message_stop}.
 */
final class MessageStream {

    private static final ObjectMapper JSON = new ObjectMapper();

    private enum Block {
        NONE,
        TEXT,
        THINKING
    }

    private final NamedSseWriter sse;
    private final MessageJson message;
    private Block open = Block.NONE;
    private int index = -1;

    MessageStream(NamedSseWriter sse, MessageJson message) {
        this.sse = sse;
        this.message = message;
    }

    void start() {
        sse.event("message_start", type("message_start").set("message", message.started()));
        sse.event("ping", type("ping"));
    }

    void on(ChatEvent event) {
        switch (event) {
            case ChatEvent.Token t ->
                delta(Block.TEXT, MessageJson.textBlock(""), type("text_delta").put("text", t.text()));
            case ChatEvent.Think t ->
                delta(
                        Block.THINKING,
                        MessageJson.thinkingBlock(""),
                        type("thinking_delta").put("thinking", t.text()));
            case ChatEvent.ToolCallEvent c -> toolUse(new ToolCall(c.id(), c.name(), c.arguments()));
            default -> {}
        }
    }

    /** The end of a message that finished; the usage goes in {@code message_delta}. */
    void finish(Completion.Result result) {
        closeBlock();
        ObjectNode delta = type("message_delta");
        delta.putObject("delta")
                .put("stop_reason", MessageJson.stopReason(result))
                .putNull("stop_sequence");
        delta.set("usage", MessageJson.usage(result.usage()));
        sse.event("message_delta", delta);
        sse.event("message_stop", type("message_stop"));
    }

    /** A failure after the stream began: Anthropic's {@code error} event ends it. */
    void fail(AnthropicError error) {
        sse.event("error", error.body());
    }

    private void delta(Block kind, ObjectNode emptyBlock, ObjectNode delta) {
        if (open != kind) {
            closeBlock();
            index++;
            sse.event(
                    "content_block_start",
                    type("content_block_start").put("index", index).set("content_block", emptyBlock));
            open = kind;
        }
        sse.event(
                "content_block_delta",
                type("content_block_delta").put("index", index).set("delta", delta));
    }

    /** A whole call: its block opens with empty input, the input comes as one {@code input_json_delta}. */
    private void toolUse(ToolCall call) {
        closeBlock();
        index++;
        sse.event(
                "content_block_start",
                type("content_block_start")
                        .put("index", index)
                        .set("content_block", MessageJson.toolUseBlock(call, JSON.createObjectNode())));
        sse.event(
                "content_block_delta",
                type("content_block_delta")
                        .put("index", index)
                        .set(
                                "delta",
                                type("input_json_delta")
                                        .put("partial_json", call.arguments().toString())));
        sse.event("content_block_stop", type("content_block_stop").put("index", index));
    }

    private void closeBlock() {
        if (open != Block.NONE) {
            sse.event("content_block_stop", type("content_block_stop").put("index", index));
            open = Block.NONE;
        }
    }

    private static ObjectNode type(String type) {
        return JSON.createObjectNode().put("type", type);
    }
}
