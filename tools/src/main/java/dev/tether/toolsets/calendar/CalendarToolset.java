package dev.tether.toolsets.calendar;

import dev.tether.tool.SharedToolset;
import dev.tether.tool.ToolContext;
import java.util.List;

/** {@code calendar}: the four calendar tools on one set of calendar sources per args node. */
public final class CalendarToolset extends SharedToolset<ToolContext> {

    public CalendarToolset() {
        super(
                "calendar",
                context -> context,
                List.of(
                        member(CalendarListEventsTool.class, CalendarListEventsTool::new),
                        member(CalendarSearchTool.class, CalendarSearchTool::new),
                        member(CalendarFreeBusyTool.class, CalendarFreeBusyTool::new),
                        member(CalendarCreateEventTool.class, CalendarCreateEventTool::new)));
    }
}
