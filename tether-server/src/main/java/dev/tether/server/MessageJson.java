package dev.tether.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.Role;
import dev.tether.engine.chat.ToolCall;
import dev.tether.engine.session.Session;
import dev.tether.engine.session.StoredMessage;
import dev.tether.engine.session.Summary;
import dev.tether.server.http.Json;

/** Sessions and stored messages as the API shows them. */
final class MessageJson {

    private MessageJson() {}

    static ObjectNode session(Session s) {
        ObjectNode node = Json.object()
                .put("session_id", s.id().toString())
                .put("created_at", s.createdAt().toString())
                .put("updated_at", s.updatedAt().toString())
                .put("title", s.title())
                .put("message_count", s.messageCount());
        if (s.systemPrompt() == null || s.systemPrompt().isEmpty()) {
            node.putNull("system_prompt");
        } else {
            node.put("system_prompt", s.systemPrompt());
        }
        // a null value is written as JSON null
        node.put(
                "context_strategy",
                s.contextStrategy() == null ? null : s.contextStrategy().wireName());
        return node;
    }

    /**
     * A compaction's note as the history shows it, after the last message it covers: {@code role} {@code summary}
     * (never sent to a model as such), its own {@code summary_id}, and how much of the history it stands for.
     */
    static ObjectNode summary(Summary s) {
        return Json.object()
                .put("role", "summary")
                .put("summary_id", s.id())
                .put("content", s.content())
                .put("covers", s.messages())
                .put("through_message_id", s.throughMessageId())
                .put("tokens", s.tokens())
                .put("created_at", s.createdAt().toString())
                .put("edited_at", s.editedAt() == null ? null : s.editedAt().toString());
    }

    /** A stored message with its {@code id}, which a regenerate or an edit-and-resend names. */
    static ObjectNode message(StoredMessage stored) {
        ObjectNode node = Json.object().put("id", stored.id());
        node.setAll(message(stored.message()));
        return node;
    }

    static ObjectNode message(Message m) {
        ObjectNode node = Json.object().put("role", m.role().wireName());
        if (m.role() == Role.TOOL) {
            node.put("tool_call_id", m.toolCallId()).put("name", m.name());
        }
        node.put("content", m.content());
        if (!m.reasoning().isEmpty()) {
            node.put("reasoning", m.reasoning()).put("reasoning_ms", m.reasoningMs());
        }
        if (!m.toolCalls().isEmpty()) {
            ArrayNode calls = node.putArray("tool_calls");
            for (ToolCall call : m.toolCalls()) {
                calls.addObject().put("id", call.id()).put("name", call.name()).set("arguments", call.arguments());
            }
        }
        if (m.finishReason() != null) {
            node.put("finish_reason", m.finishReason().wireName());
        }
        node.put("created_at", m.createdAt().toString());
        return node;
    }
}
