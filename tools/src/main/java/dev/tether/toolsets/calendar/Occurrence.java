package dev.tether.toolsets.calendar;

import java.time.ZonedDateTime;

/**
 * One concrete occurrence of an event, in the user's zone. All-day events start and end at midnight; {@code end}
 * is exclusive. {@code busy} is false for transparent (free) events.
 */
record Occurrence(
        String calendar,
        String uid,
        String title,
        String location,
        String description,
        ZonedDateTime start,
        ZonedDateTime end,
        boolean allDay,
        boolean recurring,
        boolean busy) {

    boolean overlaps(ZonedDateTime from, ZonedDateTime to) {
        if (start.equals(end)) {
            return !start.isBefore(from) && start.isBefore(to);
        }
        return start.isBefore(to) && end.isAfter(from);
    }
}
