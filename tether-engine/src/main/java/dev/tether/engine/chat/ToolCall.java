package dev.tether.engine.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** A tool call the model asked for: its id ({@code call_…}), the tool's name and the JSON arguments. */
public record ToolCall(String id, String name, ObjectNode arguments) {
    public ToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arguments, "arguments");
    }
}
