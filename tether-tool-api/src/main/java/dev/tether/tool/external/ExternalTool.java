package dev.tether.tool.external;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.tool.CancelSignal;
import dev.tether.tool.ToolOutcome;
import dev.tether.tool.ToolProgress;
import dev.tether.tool.ToolSpec;
import dev.tether.tool.approval.ApprovalMode;
import java.time.Duration;

/**
 * A tool whose code runs outside Tether, such as one of an MCP server's tools. Its {@link ToolSpec#hints()} say what
 * the approval rule needs: {@code openWorld} (it may send data off this machine) and {@code privateData} (its
 * results may hold the user's private data), both as the configuration says, never looser.
 */
public interface ExternalTool {

    /** The name the model calls it by, its description, its input schema and hints. */
    ToolSpec spec();

    /** Where it comes from, e.g. {@code mcp:files}. */
    String source();

    /**
     * Whether its calls need the user's consent besides the private-data rule: {@code ask} asks before each first
     * call in a chat (each call when {@link ToolSpec.Hints#destructive()}), {@code deny} refuses every call.
     */
    ApprovalMode approval();

    /** The setting a user changes to stop being asked, for refusal messages (e.g. {@code mcp.servers[0].approval}). */
    String approvalKey();

    /**
     * Runs the call, waiting at most {@code timeout}; every failure (the server gone, a timeout, an error result) is
     * a {@link ToolOutcome#failure}. {@code cancel} stops the wait (and tells the server); {@code progress} hears
     * the server's progress reports until this returns.
     */
    ToolOutcome call(JsonNode arguments, CancelSignal cancel, Duration timeout, ToolProgress progress);
}
