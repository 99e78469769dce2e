package dev.tether.toolsets;

import dev.tether.tool.SharedToolset;
import dev.tether.tool.ToolContext;
import java.util.List;

/** {@code time}: get_current_time. */
public final class TimeToolset extends SharedToolset<ToolContext> {

    public TimeToolset() {
        super("time", context -> context, List.of(member(TimeTool.class, context -> new TimeTool())));
    }
}
