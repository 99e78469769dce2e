package dev.tether.engine.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.model.ModelEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reading the payload of a marked call ({@link MarkedSyntax}), as the marked formats' decoders share it. */
final class MarkedCalls {

    private MarkedCalls() {}

    /** A call of {@code name} whose arguments are the JSON object {@code arguments} (none when empty). */
    static ModelEvent call(String name, String arguments) {
        if (name.isEmpty()) {
            return new ModelEvent.InvalidCall("tool call has no name");
        }
        Optional<JsonNode> args =
                arguments.isEmpty() ? Optional.of(JsonNodeFactory.instance.objectNode()) : NativeCalls.read(arguments);
        if (args.isEmpty() || !args.get().isObject()) {
            return new ModelEvent.InvalidCall("arguments of " + name + " are not a JSON object");
        }
        return new ModelEvent.Call(name, (ObjectNode) args.get());
    }

    /** A JSON list of call objects (or one object) whose name and arguments are under the given keys. */
    static List<ModelEvent> list(String json, String nameKey, String argumentsKey) {
        Optional<JsonNode> node = NativeCalls.read(json.strip());
        if (node.isEmpty() || !(node.get().isArray() || node.get().isObject())) {
            return List.of(new ModelEvent.InvalidCall("tool calls are not a JSON list"));
        }
        List<ModelEvent> events = new ArrayList<>();
        for (JsonNode item : node.get().isArray() ? node.get() : List.of(node.get())) {
            JsonNode name = item.path(nameKey);
            JsonNode args = item.path(argumentsKey);
            events.add(
                    !name.isTextual()
                            ? new ModelEvent.InvalidCall("tool call has no \"" + nameKey + "\"")
                            : args.isObject()
                                    ? new ModelEvent.Call(name.textValue(), (ObjectNode) args)
                                    : args.isMissingNode() || args.isNull()
                                            ? call(name.textValue(), "")
                                            : args.isTextual()
                                                    ? call(name.textValue(), args.textValue())
                                                    : new ModelEvent.InvalidCall("arguments of " + name.textValue()
                                                            + " are not a JSON object"));
        }
        return events;
    }

    /** Strips a Markdown code fence ({@code ```json … ```}) around JSON, if there is one. */
    static String unfence(String text) {
        String body = text.strip();
        if (body.startsWith("```")) {
            int newline = body.indexOf('\n');
            body = newline < 0 ? body.substring(3) : body.substring(newline + 1);
        }
        if (body.endsWith("```")) {
            body = body.substring(0, body.length() - 3);
        }
        return body.strip();
    }
}
