package dev.tether.engine.llamacpp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.model.ModelEvent;
import java.util.function.Consumer;

/**
 * Reads a forced answer ({@link LlamaServerChat}): the text the schema constrained, {@code {"name": …,
 * "arguments": {…}}}, is collected and becomes one typed call when the answer ends; reasoning and calls the server
 * parsed itself pass on as they are.
 */
final class ForcedCall implements Consumer<ModelEvent> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Consumer<ModelEvent> events;
    private final StringBuilder text = new StringBuilder();
    private boolean called;

    ForcedCall(Consumer<ModelEvent> events) {
        this.events = events;
    }

    @Override
    public void accept(ModelEvent event) {
        switch (event) {
            case ModelEvent.Text t -> text.append(t.text());
            case ModelEvent.Call c -> {
                called = true;
                events.accept(c);
            }
            default -> events.accept(event);
        }
    }

    /**
     * Emits the collected call (or why it is unusable), unless the server already sent one; true when the answer
     * is a complete call (then it ended as it had to, even if the token limit came with its last token).
     */
    boolean finish() {
        if (called || text.isEmpty()) {
            if (!called) {
                events.accept(new ModelEvent.InvalidCall("the model was required to call a tool but wrote nothing"));
            }
            return called;
        }
        String written = text.toString().strip();
        try {
            JsonNode call = JSON.readTree(written);
            if (call.path("name").isTextual() && call.path("arguments") instanceof ObjectNode arguments) {
                events.accept(new ModelEvent.Call(call.path("name").asText(), arguments));
                return true;
            }
        } catch (JsonProcessingException e) {
            // reported below
        }
        events.accept(new ModelEvent.InvalidCall("the required tool call is not complete JSON (the answer hit its"
                + " token limit?): " + (written.length() > 200 ? written.substring(0, 200) + "…" : written)));
        return false;
    }
}
