package dev.tether.tool;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** A tool as models and MCP clients see it: name, description, JSON Schema of its arguments, and hints. */
public record ToolSpec(String name, String description, ObjectNode inputSchema, Hints hints) {

    /** MCP tool annotations, and whether the tool reads the user's private data. */
    public record Hints(boolean readOnly, boolean destructive, boolean openWorld, boolean privateData) {
        public Hints(boolean readOnly, boolean destructive, boolean openWorld) {
            this(readOnly, destructive, openWorld, false);
        }
    }

    public ToolSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(inputSchema, "inputSchema");
        hints = hints == null ? new Hints(true, false, false) : hints;
    }
}
