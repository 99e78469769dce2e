package dev.tether.toolsets.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.fortuna.ical4j.model.Recur;

/**
 * Turns a calendar's events into the occurrences inside a range: RRULE and RDATE expanded in the event's own zone
 * (so a weekly 10:00 stays 10:00 across a DST change), EXDATEs removed, RECURRENCE-ID overrides put in place of the
 * instance they replace, cancelled instances dropped. Floating times are read in the user's zone.
 */
final class EventExpander {

    /** Instances of one event per call at most, so a rule like FREQ=MINUTELY cannot exhaust memory. */
    static final int MAX_INSTANCES = 5000;

    private final ZoneId zone;

    EventExpander(ZoneId zone) {
        this.zone = zone;
    }

    List<Occurrence> expand(String calendar, List<EventData> events, ZonedDateTime from, ZonedDateTime to) {
        Map<String, List<EventData>> byUid = new LinkedHashMap<>();
        for (EventData event : events) {
            byUid.computeIfAbsent(event.uid(), k -> new ArrayList<>()).add(event);
        }
        List<Occurrence> occurrences = new ArrayList<>();
        byUid.values().forEach(group -> expandGroup(calendar, group, from, to, occurrences));
        return occurrences;
    }

    private void expandGroup(
            String calendar, List<EventData> events, ZonedDateTime from, ZonedDateTime to, List<Occurrence> out) {
        Set<Instant> replaced = new HashSet<>();
        for (EventData override : events) {
            override.recurrenceId().ifPresent(id -> {
                replaced.add(id);
                add(out, calendar, override, override.start(), true, from, to);
            });
        }
        for (EventData master : events) {
            if (master.recurrenceId().isPresent()) {
                continue;
            }
            if (!master.recurring()) {
                add(out, calendar, master, master.start(), false, from, to);
                continue;
            }
            for (Temporal start : starts(master, from, to)) {
                Instant key = EventData.instant(start, zone);
                if (!replaced.contains(key) && !master.exdates().contains(key)) {
                    add(out, calendar, master, start, true, from, to);
                }
            }
        }
    }

    private void add(
            List<Occurrence> out,
            String calendar,
            EventData event,
            Temporal start,
            boolean recurring,
            ZonedDateTime from,
            ZonedDateTime to) {
        if (!event.cancelled()) {
            Occurrence o = occurrence(calendar, event, start, recurring);
            if (o.overlaps(from, to)) {
                out.add(o);
            }
        }
    }

    private List<Temporal> starts(EventData master, ZonedDateTime from, ZonedDateTime to) {
        Temporal seed = master.start();
        Temporal windowStart;
        Temporal windowEnd;
        if (seed instanceof LocalDate) {
            windowStart = from.toLocalDate().minus(master.length()).minusDays(1);
            windowEnd = to.toLocalDate().plusDays(1);
        } else {
            ZoneId seedZone = ((ZonedDateTime) seed).getZone();
            windowStart = from.withZoneSameInstant(seedZone).minus(master.length());
            windowEnd = to.withZoneSameInstant(seedZone);
        }
        List<Temporal> starts = new ArrayList<>();
        for (Recur<Temporal> rule : master.rules()) {
            rule.getDatesAsStream(seed, windowStart, windowEnd, -1)
                    .limit(MAX_INSTANCES)
                    .forEach(d -> starts.add(EventData.normalize(d, zone)));
        }
        starts.addAll(master.rdates());
        if (master.rules().isEmpty()) {
            starts.add(seed);
        }
        return starts.stream().distinct().toList();
    }

    private Occurrence occurrence(String calendar, EventData event, Temporal start, boolean recurring) {
        boolean allDay = start instanceof LocalDate;
        ZonedDateTime begin;
        ZonedDateTime end;
        if (allDay) {
            begin = ((LocalDate) start).atStartOfDay(zone);
            end = ((LocalDate) start).plus(event.length()).atStartOfDay(zone);
        } else {
            begin = ((ZonedDateTime) start).withZoneSameInstant(zone);
            end = ((ZonedDateTime) start).plus(event.length()).withZoneSameInstant(zone);
        }
        return new Occurrence(
                calendar,
                event.uid(),
                event.title(),
                event.location(),
                event.description(),
                begin,
                end,
                allDay,
                recurring,
                event.busy());
    }
}
