package dev.tether.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.Role;
import dev.tether.engine.chat.ToolCall;
import dev.tether.engine.session.SearchHit;
import dev.tether.engine.session.Session;
import dev.tether.engine.session.SessionStore;
import dev.tether.engine.session.StoredMessage;
import dev.tether.engine.session.Summary;
import dev.tether.server.http.Json;
import java.util.List;

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
        // a null value is written as JSON null
        node.put(
                "context_strategy",
                s.contextStrategy() == null ? null : s.contextStrategy().wireName());
        return node;
    }

    /**
     * A session that search found, with {@code title_highlight} (when its title matched) and {@code snippet} with
     * {@code snippet_message_id} (when a message did; it may be on a branch not shown): the text in pieces, {@code {"text", "match"}}, so a client marks the matches without parsing.
     */
    static ObjectNode searchHit(SearchHit hit) {
        ObjectNode node = session(hit.session());
        if (!hit.title().isEmpty()) {
            marked(node.putArray("title_highlight"), hit.title());
        }
        if (!hit.snippet().isEmpty()) {
            marked(node.putArray("snippet"), hit.snippet());
            node.put("snippet_message_id", hit.snippetMessageId());
        }
        return node;
    }

    private static void marked(ArrayNode out, List<SearchHit.Marked> pieces) {
        pieces.forEach(p -> out.addObject().put("text", p.text()).put("match", p.match()));
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

    /**
     * A stored message on a session's active path: also its {@code parent_id} (null for a first message) and, when
     * its parent has other children ({@code siblings}, its own id among them, oldest first), where it stands among
     * them, so a client can draw ‹ 2/3 ›.
     */
    static ObjectNode message(StoredMessage stored, List<Long> siblings) {
        ObjectNode node = message(stored);
        if (stored.parentId() == SessionStore.ROOT) {
            node.putNull("parent_id");
        } else {
            node.put("parent_id", stored.parentId());
        }
        int index = siblings.indexOf(stored.id());
        if (siblings.size() > 1 && index >= 0) {
            ObjectNode branch =
                    node.putObject("siblings").put("index", index + 1).put("count", siblings.size());
            siblings.forEach(branch.putArray("ids")::add);
        }
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
