package dev.tether.mcp;

import dev.tether.tool.ToolException;
import dev.tether.tool.ToolInfo;

/** Test tool: always fails the way a real tool reports a failure. */
@ToolInfo(
        name = "always_fails",
        description = "Fails every time.",
        readOnly = false,
        destructive = true,
        openWorld = true)
public final class FailingTool {

    public String run() {
        throw new ToolException("the service behind this tool is down");
    }
}
