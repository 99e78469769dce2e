package dev.tether.tool;

/**
 * Where a running call reports how far it has got, such as an MCP server's {@code notifications/progress}. The chat
 * loop turns each report into a {@code tool_progress} event; {@link #NONE} is for callers that show nothing.
 */
@FunctionalInterface
public interface ToolProgress {

    /** Drops every report. */
    ToolProgress NONE = (progress, total, message) -> {};

    /**
     * {@code progress} so far (it grows with each report), {@code total} when the tool knows it, else null; an
     * optional {@code message}.
     */
    void report(double progress, Double total, String message);
}
