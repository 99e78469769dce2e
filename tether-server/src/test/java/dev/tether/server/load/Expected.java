package dev.tether.server.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages a client expects in the store after the turns it saw: its prompt, then per model call the
 * concatenated tokens with the tool calls that followed them, then each tool result.
 */
final class Expected {

    /** One stored message as the test compares it: role, content, tool call ids (assistant) or the answered id (tool). */
    record Message(String role, String content, List<String> toolCallIds, String toolCallId) {

        static Message fromStore(JsonNode node) {
            List<String> ids = new ArrayList<>();
            node.path("tool_calls").forEach(call -> ids.add(call.get("id").asText()));
            String role = node.get("role").asText();
            // a tool result's content is the tool's JSON (the current time here): compared by id, not by text
            return new Message(
                    role,
                    role.equals("tool") ? null : node.get("content").asText(),
                    ids,
                    node.hasNonNull("tool_call_id") ? node.get("tool_call_id").asText() : null);
        }
    }

    private final List<Message> messages = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final List<String> toolCallIds = new ArrayList<>();
    private final List<String> toolResultIds = new ArrayList<>();

    /** Adds one turn: the prompt and the events the client read for it. */
    void addTurn(String prompt, List<JsonNode> events) {
        messages.add(new Message("user", prompt, List.of(), null));
        StringBuilder text = new StringBuilder();
        List<String> calls = new ArrayList<>();
        boolean afterResults = false;
        for (JsonNode event : events) {
            JsonNode data = event.get("data");
            switch (event.get("type").asText()) {
                case "token" -> {
                    if (afterResults) {
                        text.setLength(0);
                        calls.clear();
                        afterResults = false;
                    }
                    text.append(data.get("text").asText());
                }
                case "tool_call" -> {
                    calls.add(data.get("id").asText());
                    toolCallIds.add(data.get("id").asText());
                }
                case "tool_result" -> {
                    if (!afterResults) {
                        messages.add(new Message("assistant", text.toString(), List.copyOf(calls), null));
                        afterResults = true;
                    }
                    messages.add(
                            new Message("tool", null, List.of(), data.get("id").asText()));
                    toolResultIds.add(data.get("id").asText());
                    if (data.has("error")) {
                        errors.add(event.toString());
                    }
                }
                case "error" -> errors.add(event.toString());
                case "done" -> {
                    if (!"stop".equals(data.get("finish_reason").asText())) {
                        errors.add(event.toString());
                    }
                    String last = afterResults ? "" : text.toString();
                    messages.add(new Message("assistant", last, afterResults ? List.of() : List.copyOf(calls), null));
                }
                default -> {}
            }
        }
    }

    List<Message> messages() {
        return messages;
    }

    List<String> errors() {
        return errors;
    }

    List<String> toolCallIds() {
        return toolCallIds;
    }

    List<String> toolResultIds() {
        return toolResultIds;
    }
}
