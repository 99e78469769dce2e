package dev.tether.engine.parse;

import dev.tether.engine.model.ModelEvent;
import java.util.List;

/** Command R+: {@code Action:} and a (fenced) JSON list of calls to the end of the output; read only. */
final class CommandRPlusFormat extends MarkedFormat {

    private static final String ACTION = "Action:";

    CommandRPlusFormat() {
        super(
                new MarkedSyntax(
                        "command-r-plus",
                        List.of(),
                        List.of("<|CHATBOT_TOKEN|>"),
                        ACTION,
                        null,
                        false,
                        CommandRPlusFormat::decode),
                "Action:\\n```json");
    }

    /** An {@code Action:} not followed by JSON is text. */
    private static List<ModelEvent> decode(String payload) {
        String json = MarkedCalls.unfence(payload.strip());
        if (!json.startsWith("[") && !json.startsWith("{")) {
            return List.of(new ModelEvent.Text(ACTION + payload));
        }
        return MarkedCalls.list(json, "tool_name", "parameters");
    }
}
