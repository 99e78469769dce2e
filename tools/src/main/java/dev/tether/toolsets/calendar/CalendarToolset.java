package dev.tether.toolsets.calendar;

import dev.tether.tool.SharedToolset;
import java.time.Clock;
import java.util.List;

/** {@code calendar}: the four calendar tools on one {@link CalendarService} (one set of sources) per args node. */
public final class CalendarToolset extends SharedToolset<CalendarService> {

    public CalendarToolset() {
        super(
                "calendar",
                context -> new CalendarService(CalendarSettings.from(context), Clock.systemUTC()),
                List.of(
                        member(CalendarListEventsTool.class, CalendarListEventsTool::new),
                        member(CalendarSearchTool.class, CalendarSearchTool::new),
                        member(CalendarFreeBusyTool.class, CalendarFreeBusyTool::new),
                        member(CalendarCreateEventTool.class, CalendarCreateEventTool::new)));
    }
}
