package dev.tether.toolsets.calendar;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Busy intervals merged, and the gaps between them that fit a meeting, optionally inside working hours. */
final class FreeSlots {

    record Interval(ZonedDateTime start, ZonedDateTime end) {
        Duration length() {
            return Duration.between(start, end);
        }
    }

    /** Working hours each day, e.g. 09:00–17:00; {@code weekdaysOnly} skips Saturday and Sunday. */
    record WorkingHours(Optional<LocalTime> start, Optional<LocalTime> end, boolean weekdaysOnly) {}

    private FreeSlots() {}

    static List<Interval> merge(List<Interval> intervals) {
        List<Interval> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparing(Interval::start));
        List<Interval> merged = new ArrayList<>();
        for (Interval next : sorted) {
            if (!merged.isEmpty() && !next.start().isAfter(merged.getLast().end())) {
                Interval last = merged.removeLast();
                merged.add(new Interval(last.start(), next.end().isAfter(last.end()) ? next.end() : last.end()));
            } else {
                merged.add(next);
            }
        }
        return merged;
    }

    /** The free gaps of at least {@code minimum} inside the windows, busy time taken out. */
    static List<Interval> free(Interval range, List<Interval> busy, Duration minimum, WorkingHours hours) {
        List<Interval> merged = merge(busy);
        List<Interval> free = new ArrayList<>();
        for (Interval window : windows(range, hours)) {
            ZonedDateTime cursor = window.start();
            for (Interval b : merged) {
                if (!b.end().isAfter(cursor) || !b.start().isBefore(window.end())) {
                    continue;
                }
                if (b.start().isAfter(cursor)) {
                    free.add(new Interval(cursor, b.start()));
                }
                cursor = b.end().isAfter(cursor) ? b.end() : cursor;
            }
            if (cursor.isBefore(window.end())) {
                free.add(new Interval(cursor, window.end()));
            }
        }
        return free.stream().filter(i -> i.length().compareTo(minimum) >= 0).toList();
    }

    private static List<Interval> windows(Interval range, WorkingHours hours) {
        if (hours.start().isEmpty() && !hours.weekdaysOnly()) {
            return List.of(range);
        }
        LocalTime dayStart = hours.start().orElse(LocalTime.MIDNIGHT);
        List<Interval> windows = new ArrayList<>();
        for (LocalDate day = range.start().toLocalDate();
                !day.atStartOfDay(range.start().getZone()).isAfter(range.end());
                day = day.plusDays(1)) {
            if (hours.weekdaysOnly()
                    && (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY)) {
                continue;
            }
            ZoneId zone = range.start().getZone();
            ZonedDateTime start = day.atTime(dayStart).atZone(zone);
            ZonedDateTime end = hours.end().isPresent()
                    ? day.atTime(hours.end().get()).atZone(zone)
                    : day.plusDays(1).atStartOfDay(zone);
            start = start.isBefore(range.start()) ? range.start() : start;
            end = end.isAfter(range.end()) ? range.end() : end;
            if (start.isBefore(end)) {
                windows.add(new Interval(start, end));
            }
        }
        return windows;
    }
}
