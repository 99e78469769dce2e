package dev.tether.server.responses;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.chat.ChatEvent;
import dev.tether.server.http.RandomIds;
import java.util.ArrayList;
import java.util.List;

/**
 * The output items of one response, built from the engine's events as they come: a {@code reasoning} item for
 * thinking, a {@code message} item for text, a {@code function_call} item per call. Each step is also told to
 * {@link Events} in the Responses stream's terms (item added, content part added, deltas, done), so the whole
 * response and its stream are built by the same code and hold the same items.
 */
final class ResponseOutput {

    /** Where the stream's events go; whole responses send them nowhere. */
    interface Events {
        Events NONE = (type, fields) -> {};

        void event(String type, ObjectNode fields);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private enum Open {
        NONE,
        MESSAGE,
        REASONING
    }

    private final Events events;
    private final List<ObjectNode> items = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder answer = new StringBuilder();
    private Open open = Open.NONE;
    private String openId;
    private boolean hasCall;
    private boolean hasMessage;

    ResponseOutput(Events events) {
        this.events = events;
    }

    void on(ChatEvent event) {
        switch (event) {
            case ChatEvent.Token t -> delta(Open.MESSAGE, t.text());
            case ChatEvent.Think t -> delta(Open.REASONING, t.text());
            case ChatEvent.ToolCallEvent c -> call(c);
            default -> {}
        }
    }

    /** Closes the open item; an answer with neither text nor calls still gets its (empty) message. */
    void finish() {
        close();
        if (!hasMessage && !hasCall) {
            openItem(Open.MESSAGE);
            close();
        }
    }

    List<ObjectNode> items() {
        return List.copyOf(items);
    }

    /** The visible text of all message items. */
    String text() {
        return answer.toString();
    }

    private void delta(Open kind, String delta) {
        if (open != kind) {
            close();
            openItem(kind);
        }
        text.append(delta);
        if (kind == Open.MESSAGE) {
            answer.append(delta);
        }
        ObjectNode fields = at().put("content_index", 0).put("delta", delta);
        if (kind == Open.MESSAGE) {
            fields.putArray("logprobs");
            events.event("response.output_text.delta", fields);
        } else {
            events.event("response.reasoning_text.delta", fields);
        }
    }

    private void openItem(Open kind) {
        open = kind;
        openId = RandomIds.next(kind == Open.MESSAGE ? "msg_" : "rs_");
        text.setLength(0);
        ObjectNode item = kind == Open.MESSAGE ? message("in_progress", null) : reasoning(null);
        items.add(item);
        hasMessage |= kind == Open.MESSAGE;
        events.event(
                "response.output_item.added",
                JSON.createObjectNode().put("output_index", items.size() - 1).set("item", item.deepCopy()));
        ObjectNode part = kind == Open.MESSAGE ? outputText("") : reasoningText("");
        events.event("response.content_part.added", at().put("content_index", 0).set("part", part));
    }

    private void close() {
        if (open == Open.NONE) {
            return;
        }
        String done = text.toString();
        ObjectNode item = open == Open.MESSAGE ? message("completed", done) : reasoning(done);
        items.set(items.size() - 1, item);
        if (open == Open.MESSAGE) {
            ObjectNode fields = at().put("content_index", 0).put("text", done);
            fields.putArray("logprobs");
            events.event("response.output_text.done", fields);
            events.event(
                    "response.content_part.done", at().put("content_index", 0).set("part", outputText(done)));
        } else {
            events.event(
                    "response.reasoning_text.done", at().put("content_index", 0).put("text", done));
            events.event(
                    "response.content_part.done", at().put("content_index", 0).set("part", reasoningText(done)));
        }
        events.event(
                "response.output_item.done",
                JSON.createObjectNode().put("output_index", items.size() - 1).set("item", item.deepCopy()));
        open = Open.NONE;
    }

    /** A whole call: its item is added with empty arguments, which then come in one delta. */
    private void call(ChatEvent.ToolCallEvent call) {
        close();
        hasCall = true;
        String id = RandomIds.next("fc_");
        String arguments = call.arguments().toString();
        ObjectNode added = functionCall(id, call, "", "in_progress");
        items.add(functionCall(id, call, arguments, "completed"));
        int index = items.size() - 1;
        events.event(
                "response.output_item.added",
                JSON.createObjectNode().put("output_index", index).set("item", added));
        events.event(
                "response.function_call_arguments.delta",
                JSON.createObjectNode()
                        .put("item_id", id)
                        .put("output_index", index)
                        .put("delta", arguments));
        events.event(
                "response.function_call_arguments.done",
                JSON.createObjectNode()
                        .put("item_id", id)
                        .put("output_index", index)
                        .put("arguments", arguments));
        events.event(
                "response.output_item.done",
                JSON.createObjectNode()
                        .put("output_index", index)
                        .set("item", items.get(index).deepCopy()));
    }

    private ObjectNode at() {
        return JSON.createObjectNode().put("item_id", openId).put("output_index", items.size() - 1);
    }

    private ObjectNode message(String status, String done) {
        ObjectNode item = JSON.createObjectNode()
                .put("type", "message")
                .put("id", openId)
                .put("status", status)
                .put("role", "assistant");
        ArrayNode content = item.putArray("content");
        if (done != null) {
            content.add(outputText(done));
        }
        return item;
    }

    private ObjectNode reasoning(String done) {
        ObjectNode item = JSON.createObjectNode().put("type", "reasoning").put("id", openId);
        item.putArray("summary");
        if (done != null) {
            item.putArray("content").add(reasoningText(done));
        }
        return item;
    }

    private static ObjectNode functionCall(String id, ChatEvent.ToolCallEvent call, String arguments, String status) {
        return JSON.createObjectNode()
                .put("type", "function_call")
                .put("id", id)
                .put("call_id", call.id())
                .put("name", call.name())
                .put("arguments", arguments)
                .put("status", status);
    }

    private static ObjectNode outputText(String text) {
        ObjectNode part = JSON.createObjectNode().put("type", "output_text").put("text", text);
        part.putArray("annotations");
        return part;
    }

    private static ObjectNode reasoningText(String text) {
        return JSON.createObjectNode().put("type", "reasoning_text").put("text", text);
    }
}
