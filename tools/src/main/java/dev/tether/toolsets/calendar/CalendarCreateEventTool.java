package dev.tether.toolsets.calendar;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tether.tool.Param;
import dev.tether.tool.ToolException;
import dev.tether.tool.ToolInfo;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.Uid;

/** Creates one event in a calendar the user marked {@code writable: true}; every other calendar stays untouched. */
@ToolInfo(
        name = "calendar_create_event",
        description = "Create an event in the user's calendar. Times are in the user's time zone. Only works for "
                + "calendars the user made writable.",
        readOnly = false)
public final class CalendarCreateEventTool extends CalendarTool {

    /** The event as stored, where it went, and the busy events it overlaps. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Created(boolean created, String calendar, EventView event, List<EventView> conflicts) {}

    private final IcsEventWriter writer;

    CalendarCreateEventTool(CalendarService service) {
        super(service);
        this.writer = new IcsEventWriter(service.calDav());
    }

    public Created run(
            @Param(description = "Title of the event") String title,
            @Param(description = "Start, e.g. 2026-03-30T14:00 (or a date for an all-day event)") String start,
            @Param(description = "End; default start plus duration_minutes (all-day: the last day)", defaultValue = "")
                    String end,
            @Param(
                            description = "Length in minutes when no end is given",
                            defaultValue = "60",
                            minimum = 1,
                            maximum = 10080,
                            name = "duration_minutes")
                    int durationMinutes,
            @Param(description = "An all-day event", defaultValue = "false", name = "all_day") boolean allDay,
            @Param(description = "Where", defaultValue = "") String location,
            @Param(description = "Notes", defaultValue = "") String description,
            @Param(description = "Calendar name; default the first writable one", defaultValue = "") String calendar) {
        if (title.isBlank()) {
            throw new ToolException("title must not be empty");
        }
        CalendarSource source = target(calendar);
        String uid = UUID.randomUUID() + "@tether";
        VEvent event = allDay ? allDayEvent(title, start, end) : timedEvent(title, start, end, durationMinutes);
        event.add(new Uid(uid));
        if (!location.isBlank()) {
            event.add(new Location(location));
        }
        if (!description.isBlank()) {
            event.add(new Description(description));
        }
        Occurrence created = new EventExpander(service.settings().zone())
                .expand(
                        source.name(),
                        List.of(EventData.of(event, service.settings().zone())),
                        ZonedDateTime.now(service.clock()).minusYears(100),
                        ZonedDateTime.now(service.clock()).plusYears(100))
                .getFirst();
        List<EventView> conflicts = conflicts(created);
        writer.write(source, event, uid, service.settings().zone());
        return new Created(
                true, source.name(), EventView.of(created, service.settings().maxDescriptionChars()), conflicts);
    }

    private CalendarSource target(String calendar) {
        if (!calendar.isBlank()) {
            return service.settings().source(calendar);
        }
        return service.settings().sources().stream()
                .filter(CalendarSource::writable)
                .findFirst()
                .orElseThrow(() -> new ToolException("no calendar is writable (set writable: true on a source in "
                        + "the tool's args to allow new events)"));
    }

    private VEvent timedEvent(String title, String start, String end, int durationMinutes) {
        ZonedDateTime begin = TimeRange.instant(start, service.settings().zone(), service.clock(), false);
        ZonedDateTime finish = end.isBlank()
                ? begin.plusMinutes(durationMinutes)
                : TimeRange.instant(end, service.settings().zone(), service.clock(), false);
        if (!finish.isAfter(begin)) {
            throw new ToolException("end must be after start");
        }
        return new VEvent(begin, finish, title);
    }

    private static VEvent allDayEvent(String title, String start, String end) {
        try {
            LocalDate first = LocalDate.parse(
                    start.strip().substring(0, Math.min(10, start.strip().length())));
            LocalDate last = end.isBlank()
                    ? first
                    : LocalDate.parse(
                            end.strip().substring(0, Math.min(10, end.strip().length())));
            if (last.isBefore(first)) {
                throw new ToolException("end must not be before start");
            }
            return new VEvent(first, last.plusDays(1), title);
        } catch (DateTimeParseException e) {
            throw new ToolException("an all-day event needs dates like 2026-03-30");
        }
    }

    private List<EventView> conflicts(Occurrence created) {
        try {
            return service.load("", created.start(), created.end()).occurrences().stream()
                    .filter(Occurrence::busy)
                    .filter(o -> o.overlaps(created.start(), created.end()))
                    .map(o -> EventView.of(o, 0))
                    .toList();
        } catch (ToolException e) {
            return List.of();
        }
    }

    /** The call's label on the chat page and in tether chat ({@link dev.tether.tool.ToolLabels}). */
    public String label(
            com.fasterxml.jackson.databind.JsonNode arguments, com.fasterxml.jackson.databind.JsonNode result) {
        return dev.tether.toolsets.CallLabels.createEvent(arguments, result);
    }
}
