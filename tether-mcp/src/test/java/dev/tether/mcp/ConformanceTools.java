package dev.tether.mcp;

import dev.tether.tool.ToolException;
import dev.tether.tool.ToolInfo;

/** The two fixture tools the MCP conformance suite calls, written as ordinary Tether tools. */
final class ConformanceTools {

    private ConformanceTools() {}

    @ToolInfo(name = "test_simple_text", description = "Returns a fixed text (conformance fixture).")
    public static final class SimpleText {
        public String run() {
            return "This is a simple text response for testing.";
        }
    }

    @ToolInfo(name = "test_error_handling", description = "Always fails (conformance fixture).")
    public static final class ErrorHandling {
        public String run() {
            throw new ToolException("This tool intentionally returns an error for testing");
        }
    }
}
