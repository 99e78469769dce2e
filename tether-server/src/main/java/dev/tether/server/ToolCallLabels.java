package dev.tether.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.chat.ChatEvent;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.Role;
import dev.tether.server.http.Json;
import dev.tether.tool.ToolOutcome;
import dev.tether.tool.ToolRegistry;
import java.util.HashMap;
import java.util.Map;

/**
 * The human {@code label} of each tool call ("Checked the time in Tokyo", {@link ToolRegistry#label}) on the chat
 * stream's tool events and on the stored history, so a reload shows what the stream showed; and {@code not_run} on
 * a result that is a refusal (the user's Deny, no answer in time, a policy, a cancel) rather than a failure.
 */
final class ToolCallLabels {

    private final ToolRegistry tools;

    ToolCallLabels(ToolRegistry tools) {
        this.tools = tools;
    }

    /** One conversation's calls, read in order: a result is labelled with its call's arguments. */
    Conversation conversation() {
        return new Conversation();
    }

    /** Whether a call's error says it was never run (not a failure of the tool). */
    static boolean notRun(String error) {
        return error != null && (error.startsWith("not run") || error.equals("cancelled"));
    }

    final class Conversation {
        private final Map<String, JsonNode> arguments = new HashMap<>();

        private Conversation() {}

        /** Adds the label to a streamed event's {@code data} ({@link EventJson#data}). */
        void label(ChatEvent event, ObjectNode data) {
            switch (event) {
                case ChatEvent.ToolCallEvent c -> data.put("label", called(c.id(), c.name(), c.arguments()));
                case ChatEvent.ToolApprovalEvent a -> data.put("label", called(a.id(), a.toolName(), a.arguments()));
                case ChatEvent.ToolResultEvent r -> result(r.id(), r.toolName(), outcome(r), data);
                default -> {}
            }
        }

        /** Adds the labels to a stored message as the history shows it ({@link MessageJson#message}). */
        void label(Message message, ObjectNode node) {
            if (message.role() == Role.ASSISTANT) {
                for (JsonNode call : node.path("tool_calls")) {
                    ((ObjectNode) call)
                            .put(
                                    "label",
                                    called(
                                            call.path("id").asText(),
                                            call.path("name").asText(),
                                            call.path("arguments")));
                }
            } else if (message.role() == Role.TOOL && message.name() != null) {
                result(message.toolCallId(), message.name(), stored(message.content()), node);
            }
        }

        private String called(String id, String name, JsonNode args) {
            arguments.put(id, args);
            return tools.label(name, args, null);
        }

        private void result(String id, String name, ToolOutcome outcome, ObjectNode node) {
            node.put("label", tools.label(name, arguments.get(id), outcome));
            if (notRun(outcome.error())) {
                node.put("not_run", true);
            }
        }
    }

    private static ToolOutcome outcome(ChatEvent.ToolResultEvent r) {
        return r.error() == null ? ToolOutcome.success(r.result()) : ToolOutcome.failure(r.error());
    }

    /** A stored tool message holds the result (JSON, or plain text), or {@code {"error": "..."}} for a failure. */
    private static ToolOutcome stored(String content) {
        JsonNode value;
        try {
            value = Json.MAPPER.readTree(content);
        } catch (java.io.IOException | RuntimeException e) {
            return ToolOutcome.success(Json.MAPPER.getNodeFactory().textNode(content));
        }
        if (value == null) {
            return ToolOutcome.success(Json.MAPPER.getNodeFactory().textNode(content));
        }
        if (value.isObject() && value.size() == 1 && value.path("error").isTextual()) {
            return ToolOutcome.failure(value.get("error").asText());
        }
        return ToolOutcome.success(value);
    }
}
