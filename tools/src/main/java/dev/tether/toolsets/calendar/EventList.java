package dev.tether.toolsets.calendar;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A page of events: {@code truncated} when more matched than {@code limit}; {@code errors} names failed sources. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
record EventList(
        String from,
        String to,
        String timezone,
        int count,
        boolean truncated,
        List<EventView> events,
        List<String> errors) {

    static EventList of(
            TimeRange range, CalendarService service, List<Occurrence> matches, int limit, List<String> errors) {
        int max = Math.min(limit, service.settings().maxEvents());
        int maxChars = service.settings().maxDescriptionChars();
        List<EventView> views =
                matches.stream().limit(max).map(o -> EventView.of(o, maxChars)).toList();
        return new EventList(
                range.from().toOffsetDateTime().toString(),
                range.to().toOffsetDateTime().toString(),
                service.settings().zone().getId(),
                views.size(),
                matches.size() > max,
                views,
                errors);
    }
}
