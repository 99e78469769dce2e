package dev.tether.mcp;

import dev.tether.tool.Param;
import dev.tether.tool.ToolInfo;
import java.util.List;
import java.util.stream.IntStream;

/** Test tool whose result is not a JSON object (a list), so MCP must wrap it. */
@ToolInfo(name = "count_to", description = "Counts from 1 to n.")
public final class CountTool {

    public List<Integer> run(@Param(description = "last number", minimum = 1, maximum = 100) int n) {
        return IntStream.rangeClosed(1, n).boxed().toList();
    }
}
