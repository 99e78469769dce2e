package dev.tether.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.chat.ChatEvent;
import dev.tether.engine.chat.Usage;
import dev.tether.server.http.Json;
import dev.tether.server.http.StreamEvent;

/** A chat event as the stream sends it: {@code {"type", "data"}} with snake_case data keys. */
public final class EventJson {

    private EventJson() {}

    public static StreamEvent of(ChatEvent event) {
        return new StreamEvent(event.type(), data(event));
    }

    public static ObjectNode data(ChatEvent event) {
        ObjectNode data = Json.object();
        switch (event) {
            case ChatEvent.Token t -> data.put("text", t.text());
            case ChatEvent.Think t -> data.put("text", t.text());
            case ChatEvent.ToolCallEvent c -> {
                data.put("id", c.id()).put("name", c.name());
                data.set("arguments", c.arguments());
            }
            case ChatEvent.ToolResultEvent r -> {
                data.put("id", r.id()).put("tool_name", r.toolName());
                data.set("result", r.result());
                if (r.error() != null) {
                    data.put("error", r.error());
                }
            }
            case ChatEvent.ToolProgressEvent p -> {
                data.put("id", p.id()).put("tool_name", p.toolName()).put("progress", p.progress());
                if (p.total() != null) {
                    data.put("total", p.total());
                }
                if (p.message() != null) {
                    data.put("message", p.message());
                }
            }
            case ChatEvent.ToolApprovalEvent a -> {
                data.put("id", a.id()).put("tool_name", a.toolName());
                data.set("arguments", a.arguments());
                data.put("reason", a.reason());
            }
            case ChatEvent.MessageStored m -> {
                data.put("id", m.id()).put("role", m.role().wireName());
                if (m.model() != null) {
                    data.put("model", m.model());
                }
            }
            case ChatEvent.ContextCompacted c ->
                data.put("summary_id", c.summaryId())
                        .put("through_message_id", c.throughMessageId())
                        .put("turns", c.turns())
                        .put("messages", c.messages())
                        .put("tokens", c.tokens())
                        .put("covers", c.covers())
                        .put("content", c.content());
            case ChatEvent.ErrorEvent e -> data.put("message", e.message()).put("code", e.code());
            case ChatEvent.Done d -> {
                data.put("finish_reason", d.finishReason().wireName());
                data.set("usage", usage(d.usage()));
            }
        }
        return data;
    }

    static ObjectNode usage(Usage usage) {
        Usage u = usage == null ? Usage.ZERO : usage;
        return Json.object()
                .put("prompt_tokens", u.promptTokens())
                .put("completion_tokens", u.completionTokens())
                .put("prompt_ms", u.promptMs())
                .put("generation_ms", u.generationMs());
    }
}
