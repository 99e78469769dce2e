package dev.tether.mcp;

import dev.tether.tool.ToolInfo;

/** A private-data tool for tests: returns a diary entry. */
@ToolInfo(name = "diary", privateData = true, description = "Reads today's diary entry.")
public final class DiaryTool {
    public String run() {
        return "dear diary, the code is 4711";
    }
}
