package dev.tether.tool.external;

import java.util.List;

/**
 * A changing set of {@link ExternalTool}s, such as one MCP server's: started on first use (or at once), its tools
 * listed as they are now. It is shared by every chat and closed with the registry.
 */
public interface ExternalToolSource extends AutoCloseable {

    /** The source's name as shown to users, e.g. {@code mcp:files}. */
    String name();

    /** The prefix of its tools' names, e.g. {@code files__}: a call of such a name that is not offered is its. */
    String toolPrefix();

    /** Its tools now; starts the source if it has not started. Empty while it cannot run ({@link #state()}). */
    List<ExternalTool> tools();

    /** Its state without starting it. */
    SourceState state();

    /** Whether Tether's own MCP server offers its tools too ({@code reexport}). */
    default boolean reexported() {
        return false;
    }

    /** Starts it now, when it is configured to start with Tether rather than at first use. */
    default void startEagerly() {}

    @Override
    void close();

    /**
     * {@code running}, {@code stopped} (not started yet), {@code starting} or {@code failed} (with the reason).
     */
    record SourceState(String state, String reason) {
        public static SourceState running() {
            return new SourceState("running", null);
        }

        public static SourceState failed(String reason) {
            return new SourceState("failed", reason);
        }

        public boolean isFailed() {
            return "failed".equals(state);
        }
    }
}
