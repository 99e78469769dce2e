package dev.tether.toolsets.calendar;

import dev.tether.tool.Param;
import dev.tether.tool.ToolInfo;

/** Lists the events in a time range, recurring events expanded, in the user's time zone. */
@ToolInfo(
        name = "calendar_list_events",
        description = "List the user's calendar events between two times (recurring events expanded). "
                + "Times are ISO dates or date-times in the user's time zone, or today/tomorrow.")
public final class CalendarListEventsTool extends CalendarTool {

    CalendarListEventsTool(CalendarService service) {
        super(service);
    }

    public EventList run(
            @Param(description = "Start, e.g. 2026-03-30 or 2026-03-30T09:00; default today", defaultValue = "")
                    String from,
            @Param(description = "End; a date alone includes that day; default 7 days after from", defaultValue = "")
                    String to,
            @Param(description = "Only this calendar (by name); default all", defaultValue = "") String calendar,
            @Param(description = "Most events to return", defaultValue = "50", minimum = 1, maximum = 500) int limit) {
        TimeRange range = service.range(from, to, 7);
        CalendarService.Loaded loaded = service.load(calendar, range.from(), range.to());
        return EventList.of(range, service, loaded.occurrences(), limit, loaded.errors());
    }

    /** The call's label on the chat page and in tether chat ({@link dev.tether.tool.ToolLabels}). */
    public String label(
            com.fasterxml.jackson.databind.JsonNode arguments, com.fasterxml.jackson.databind.JsonNode result) {
        return dev.tether.toolsets.CallLabels.calendarList(arguments, result);
    }
}
