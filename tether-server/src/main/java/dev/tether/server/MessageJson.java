package dev.tether.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.Role;
import dev.tether.engine.chat.ToolCall;
import dev.tether.engine.session.Session;
import dev.tether.engine.session.StoredMessage;
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
        node.put("model", s.model());
        return node;
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
        if (m.model() != null) {
            node.put("model", m.model());
        }
        if (m.error() != null) {
            node.putObject("error")
                    .put("code", m.error().code())
                    .put("message", m.error().message());
        }
        node.put("created_at", m.createdAt().toString());
        return node;
    }
}
