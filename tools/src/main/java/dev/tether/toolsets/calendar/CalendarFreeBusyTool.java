package dev.tether.toolsets.calendar;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tether.tool.Param;
import dev.tether.tool.ToolException;
import dev.tether.tool.ToolInfo;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/** Finds free slots of a given length in a range, from the busy (opaque, not cancelled) events of the calendars. */
@ToolInfo(
        name = "calendar_free_busy",
        description = "Find free time slots of at least the given length between two times, optionally only "
                + "within working hours (e.g. 09:00-17:00) and on weekdays. Also lists the busy times.")
public final class CalendarFreeBusyTool extends CalendarTool {

    /** One interval; {@code minutes} is its length. */
    record Slot(String start, String end, long minutes) {
        static Slot of(FreeSlots.Interval i) {
            return new Slot(
                    i.start().toOffsetDateTime().toString(),
                    i.end().toOffsetDateTime().toString(),
                    i.length().toMinutes());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Result(
            String from,
            String to,
            String timezone,
            @JsonProperty("duration_minutes") int durationMinutes,
            List<Slot> free,
            List<Slot> busy,
            boolean truncated,
            List<String> errors) {}

    CalendarFreeBusyTool(CalendarService service) {
        super(service);
    }

    public Result run(
            @Param(description = "Start of the range; default today", defaultValue = "") String from,
            @Param(
                            description = "End of the range; a date alone includes that day; default 7 days after from",
                            defaultValue = "")
                    String to,
            @Param(
                            description = "Length of the wanted slot in minutes",
                            defaultValue = "30",
                            minimum = 5,
                            maximum = 1440,
                            name = "duration_minutes")
                    int durationMinutes,
            @Param(
                            description = "Working hours like 09:00-17:00; empty for the whole day",
                            defaultValue = "",
                            name = "working_hours")
                    String workingHours,
            @Param(description = "Skip Saturdays and Sundays", defaultValue = "false", name = "weekdays_only")
                    boolean weekdaysOnly,
            @Param(description = "Only this calendar (by name); default all", defaultValue = "") String calendar,
            @Param(description = "Most free slots to return", defaultValue = "20", minimum = 1, maximum = 200)
                    int limit) {
        TimeRange range = service.range(from, to, 7);
        FreeSlots.WorkingHours hours = workingHours(workingHours, weekdaysOnly);
        CalendarService.Loaded loaded = service.load(calendar, range.from(), range.to());
        List<FreeSlots.Interval> busy = FreeSlots.merge(loaded.occurrences().stream()
                .filter(Occurrence::busy)
                .map(o -> new FreeSlots.Interval(
                        o.start().isBefore(range.from()) ? range.from() : o.start(),
                        o.end().isAfter(range.to()) ? range.to() : o.end()))
                .toList());
        List<FreeSlots.Interval> free = FreeSlots.free(
                new FreeSlots.Interval(range.from(), range.to()), busy, Duration.ofMinutes(durationMinutes), hours);
        return new Result(
                range.from().toOffsetDateTime().toString(),
                range.to().toOffsetDateTime().toString(),
                service.settings().zone().getId(),
                durationMinutes,
                free.stream().limit(limit).map(Slot::of).toList(),
                busy.stream()
                        .limit(service.settings().maxEvents())
                        .map(Slot::of)
                        .toList(),
                free.size() > limit,
                loaded.errors());
    }

    private static FreeSlots.WorkingHours workingHours(String text, boolean weekdaysOnly) {
        if (text.isBlank()) {
            return new FreeSlots.WorkingHours(Optional.empty(), Optional.empty(), weekdaysOnly);
        }
        String[] parts = text.strip().split("\\s*-\\s*");
        try {
            if (parts.length != 2) {
                throw new DateTimeParseException("two times expected", text, 0);
            }
            LocalTime start = LocalTime.parse(pad(parts[0]));
            LocalTime end = LocalTime.parse(pad(parts[1]));
            if (!end.isAfter(start)) {
                throw new ToolException("working_hours must end after they start: " + text);
            }
            return new FreeSlots.WorkingHours(Optional.of(start), Optional.of(end), weekdaysOnly);
        } catch (DateTimeParseException e) {
            throw new ToolException("working_hours must look like 09:00-17:00, not '" + text + "'");
        }
    }

    private static String pad(String time) {
        return time.length() == 4 ? "0" + time : time;
    }

    /** The call's label on the chat page and in tether chat ({@link dev.tether.tool.ToolLabels}). */
    public String label(
            com.fasterxml.jackson.databind.JsonNode arguments, com.fasterxml.jackson.databind.JsonNode result) {
        return dev.tether.toolsets.CallLabels.freeBusy(arguments, result);
    }
}
