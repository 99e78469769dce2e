package dev.tether.toolsets.calendar;

import dev.tether.tool.ToolException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/**
 * A half-open range {@code [from, to)} in the user's zone, parsed from what a model writes: {@code today},
 * {@code tomorrow}, {@code now}, a date ({@code 2026-03-30}), a local date-time ({@code 2026-03-30T14:00}) or one
 * with an offset. A date alone as {@code to} includes that whole day.
 */
record TimeRange(ZonedDateTime from, ZonedDateTime to) {

    static TimeRange parse(String from, String to, int defaultDays, int maxDays, ZoneId zone, Clock clock) {
        ZonedDateTime start = from == null || from.isBlank()
                ? LocalDate.now(clock.withZone(zone)).atStartOfDay(zone)
                : instant(from, zone, clock, false);
        ZonedDateTime end = to == null || to.isBlank() ? start.plusDays(defaultDays) : instant(to, zone, clock, true);
        if (!end.isAfter(start)) {
            throw new ToolException(
                    "'to' (" + end.toOffsetDateTime() + ") must be after 'from' (" + start.toOffsetDateTime() + ")");
        }
        if (start.plusDays(maxDays).isBefore(end)) {
            throw new ToolException("the range is longer than " + maxDays + " days; ask for a shorter one");
        }
        return new TimeRange(start, end);
    }

    /** One point in time; {@code endOfDay} turns a bare date into the midnight after it. */
    static ZonedDateTime instant(String text, ZoneId zone, Clock clock, boolean endOfDay) {
        // models often write "2026-03-30 14:00"
        String value = text.strip().replaceFirst("^(\\d{4}-\\d{2}-\\d{2}) +(\\d)", "$1T$2");
        LocalDate today = LocalDate.now(clock.withZone(zone));
        LocalDate date = switch (value.toLowerCase()) {
            case "today" -> today;
            case "tomorrow" -> today.plusDays(1);
            case "yesterday" -> today.minusDays(1);
            default -> null;
        };
        if (value.equalsIgnoreCase("now")) {
            return ZonedDateTime.now(clock.withZone(zone));
        }
        try {
            if (date == null && value.length() == 10) {
                date = LocalDate.parse(value);
            }
            if (date != null) {
                return (endOfDay ? date.plusDays(1) : date).atStartOfDay(zone);
            }
            if (value.endsWith("Z") || value.matches(".*[+-]\\d\\d:?\\d\\d$")) {
                return OffsetDateTime.parse(value).atZoneSameInstant(zone);
            }
            return LocalDateTime.parse(value).atZone(zone);
        } catch (DateTimeParseException e) {
            throw new ToolException("cannot read the time '" + value
                    + "': use 2026-03-30, 2026-03-30T14:00, 2026-03-30T14:00+02:00, today or tomorrow");
        }
    }
}
