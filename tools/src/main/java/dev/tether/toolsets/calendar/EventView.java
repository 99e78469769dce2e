package dev.tether.toolsets.calendar;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An occurrence as the model sees it: ISO times with the offset ({@code 2026-03-30T10:00+02:00}), or dates for
 * all-day events, whose {@code end} is then the last day (inclusive): small models misread an exclusive end.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record EventView(
        String title,
        String start,
        String end,
        @JsonProperty("all_day") boolean allDay,
        String location,
        String description,
        String calendar,
        String uid,
        boolean recurring) {

    static EventView of(Occurrence o, int maxDescriptionChars) {
        String start;
        String end;
        if (o.allDay()) {
            start = o.start().toLocalDate().toString();
            end = o.end().toLocalDate().minusDays(1).toString();
            if (end.compareTo(start) < 0) {
                end = start;
            }
        } else {
            start = o.start().toOffsetDateTime().toString();
            end = o.end().toOffsetDateTime().toString();
        }
        return new EventView(
                o.title(),
                start,
                end,
                o.allDay(),
                o.location(),
                trim(o.description(), maxDescriptionChars),
                o.calendar(),
                o.uid(),
                o.recurring());
    }

    private static String trim(String text, int max) {
        if (text == null || max <= 0) {
            return null;
        }
        if (text.length() <= max) {
            return text;
        }
        return text.substring(0, Math.max(0, max)) + "…";
    }
}
