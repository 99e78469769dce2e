package dev.tether.toolsets.calendar;

import dev.tether.tool.Param;
import dev.tether.tool.ToolException;
import dev.tether.tool.ToolInfo;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Finds events whose title, location or description contain every word of a query. */
@ToolInfo(
        name = "calendar_search",
        description = "Search the user's calendar for events whose title, location or description contain all "
                + "the given words. Default range: 30 days ago to one year ahead.")
public final class CalendarSearchTool extends CalendarTool {

    CalendarSearchTool(CalendarService service) {
        super(service);
    }

    public EventList run(
            @Param(description = "Words to look for, e.g. 'dentist' or 'project review'") String query,
            @Param(description = "Start of the range; default 30 days ago", defaultValue = "") String from,
            @Param(description = "End of the range; default one year after today", defaultValue = "") String to,
            @Param(description = "Only this calendar (by name); default all", defaultValue = "") String calendar,
            @Param(description = "Most events to return", defaultValue = "20", minimum = 1, maximum = 500) int limit) {
        List<String> words = Arrays.stream(query.toLowerCase(Locale.ROOT).split("\\s+"))
                .filter(w -> !w.isBlank())
                .toList();
        if (words.isEmpty()) {
            throw new ToolException("query must contain at least one word");
        }
        LocalDate today =
                LocalDate.now(service.clock().withZone(service.settings().zone()));
        String start = from.isBlank() ? today.minusDays(30).toString() : from;
        String end = to.isBlank() ? today.plusDays(365).toString() : to;
        TimeRange range = service.range(start, end, 365);
        CalendarService.Loaded loaded = service.load(calendar, range.from(), range.to());
        List<Occurrence> matches =
                loaded.occurrences().stream().filter(o -> matches(o, words)).toList();
        return EventList.of(range, service, matches, limit, loaded.errors());
    }

    private static boolean matches(Occurrence o, List<String> words) {
        String haystack = (o.title() + " " + nullToEmpty(o.location()) + " " + nullToEmpty(o.description()))
                .toLowerCase(Locale.ROOT);
        return words.stream().allMatch(haystack::contains);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** The call's label on the chat page and in tether chat ({@link dev.tether.tool.ToolLabels}). */
    public String label(
            com.fasterxml.jackson.databind.JsonNode arguments, com.fasterxml.jackson.databind.JsonNode result) {
        return dev.tether.toolsets.CallLabels.calendarSearch(arguments, result);
    }
}
