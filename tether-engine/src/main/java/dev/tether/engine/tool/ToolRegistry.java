package dev.tether.engine.tool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.engine.chat.Cancellation;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The enabled tools, by name: their specs (schema generated from each tool's {@code run} method) and a safe way
 * to call them — arguments validated against the schema, the call run on a virtual thread with a timeout, every
 * failure turned into an error outcome. Shared by chat and MCP so a tool behaves the same in both.
 */
public final class ToolRegistry {

    /** Specs of the enabled tools, in the configured order. */
    public List<ToolSpec> specs() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public Optional<ToolSpec> spec(String name) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Calls tool {@code name}. Unknown tool, arguments that fail the schema, an exception from the tool, a
     * timeout (the tool's thread is interrupted) and a cancel all return {@link ToolOutcome#failure}.
     */
    public ToolOutcome invoke(String name, JsonNode arguments, Cancellation cancel) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public ToolOutcome invoke(String name, JsonNode arguments) {
        return invoke(name, arguments, new Cancellation());
    }

    public Duration timeout() {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
