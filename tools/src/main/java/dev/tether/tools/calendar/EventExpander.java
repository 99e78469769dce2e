package dev.tether.tools.calendar;

import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.DateListProperty;
import net.fortuna.ical4j.model.property.DateProperty;
import net.fortuna.ical4j.model.property.RRule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the VEVENTs of a calendar into the occurrences inside a range: RRULE and RDATE expanded in the event's own
 * zone (so a weekly 10:00 stays 10:00 across a DST change), EXDATEs removed, RECURRENCE-ID overrides put in place of
 * the instance they replace, cancelled instances dropped. Floating times are read in the user's zone.
 */
final class EventExpander {

    /** Instances of one event per call at most, so a rule like FREQ=MINUTELY cannot exhaust memory. */
    static final int MAX_INSTANCES = 5000;

    private final ZoneId zone;

    EventExpander(ZoneId zone) {
        this.zone = zone;
    }

    List<Occurrence> expand(String calendar, Calendar ical, ZonedDateTime from, ZonedDateTime to) {
        Map<String, List<VEvent>> byUid = new LinkedHashMap<>();
        for (VEvent event : ical.<VEvent>getComponents(Component.VEVENT)) {
            String uid = text(event, Property.UID).orElse("no-uid-" + System.identityHashCode(event));
            byUid.computeIfAbsent(uid, k -> new ArrayList<>()).add(event);
        }
        List<Occurrence> occurrences = new ArrayList<>();
        byUid.forEach((uid, events) -> expandGroup(calendar, uid, events, from, to, occurrences));
        return occurrences;
    }

    private void expandGroup(String calendar, String uid, List<VEvent> events, ZonedDateTime from, ZonedDateTime to,
                             List<Occurrence> out) {
        List<VEvent> overrides = events.stream().filter(e -> e.getProperty(Property.RECURRENCE_ID).isPresent()).toList();
        Set<Instant> replaced = new HashSet<>();
        for (VEvent override : overrides) {
            DateProperty<?> recurrenceId = override.getRequiredProperty(Property.RECURRENCE_ID);
            replaced.add(instant(recurrenceId.getDate()));
            single(calendar, uid, override, true).filter(o -> o.overlaps(from, to)).ifPresent(out::add);
        }
        for (VEvent master : events) {
            if (master.getProperty(Property.RECURRENCE_ID).isPresent() || cancelled(master)) {
                continue;
            }
            boolean recurring = master.getProperty(Property.RRULE).isPresent()
                    || master.getProperty(Property.RDATE).isPresent();
            if (!recurring) {
                single(calendar, uid, master, false).filter(o -> o.overlaps(from, to)).ifPresent(out::add);
                continue;
            }
            Set<Instant> excluded = new HashSet<>(replaced);
            for (Property exdate : master.getProperties(Property.EXDATE)) {
                ((DateListProperty<?>) exdate).getDates().forEach(d -> excluded.add(instant(d)));
            }
            for (Temporal start : starts(master, from, to)) {
                if (!excluded.contains(instant(start))) {
                    Occurrence o = occurrence(calendar, uid, master, start, true);
                    if (o.overlaps(from, to)) {
                        out.add(o);
                    }
                }
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private List<Temporal> starts(VEvent master, ZonedDateTime from, ZonedDateTime to) {
        Temporal seed = normalize(((DateProperty<?>) master.getRequiredProperty(Property.DTSTART)).getDate());
        TemporalAmount length = length(master, seed);
        Temporal windowStart;
        Temporal windowEnd;
        if (seed instanceof LocalDate) {
            windowStart = from.toLocalDate().minus(length).minusDays(1);
            windowEnd = to.toLocalDate().plusDays(1);
        } else {
            ZoneId seedZone = ((ZonedDateTime) seed).getZone();
            windowStart = from.withZoneSameInstant(seedZone).minus(length);
            windowEnd = to.withZoneSameInstant(seedZone);
        }
        List<Temporal> starts = new ArrayList<>();
        for (Property rule : master.getProperties(Property.RRULE)) {
            ((RRule) rule).getRecur().getDatesAsStream(seed, windowStart, windowEnd, -1)
                    .limit(MAX_INSTANCES).forEach(d -> starts.add(normalize((Temporal) d)));
        }
        for (Property rdate : master.getProperties(Property.RDATE)) {
            ((DateListProperty<?>) rdate).getDates().forEach(d -> starts.add(normalize(d)));
        }
        if (master.getProperties(Property.RRULE).isEmpty()) {
            starts.add(seed);
        }
        return starts.stream().distinct().toList();
    }

    private Optional<Occurrence> single(String calendar, String uid, VEvent event, boolean recurring) {
        if (cancelled(event)) {
            return Optional.empty();
        }
        Temporal start = normalize(((DateProperty<?>) event.getRequiredProperty(Property.DTSTART)).getDate());
        return Optional.of(occurrence(calendar, uid, event, start, recurring));
    }

    private Occurrence occurrence(String calendar, String uid, VEvent event, Temporal start, boolean recurring) {
        boolean allDay = start instanceof LocalDate;
        ZonedDateTime begin = allDay ? ((LocalDate) start).atStartOfDay(zone)
                : ((ZonedDateTime) start).withZoneSameInstant(zone);
        ZonedDateTime end;
        if (allDay) {
            end = ((LocalDate) start).plus(length(event, start)).atStartOfDay(zone);
        } else {
            end = ((ZonedDateTime) start).plus(length(event, start)).withZoneSameInstant(zone);
        }
        boolean busy = !text(event, Property.TRANSP).map("TRANSPARENT"::equalsIgnoreCase).orElse(false);
        return new Occurrence(calendar, uid, text(event, Property.SUMMARY).orElse("(no title)"),
                text(event, Property.LOCATION).orElse(null), text(event, Property.DESCRIPTION).orElse(null),
                begin, end, allDay, recurring, busy);
    }

    /** The event's length: DURATION, or DTEND minus DTSTART, or (RFC 5545) one day for a date, zero otherwise. */
    private TemporalAmount length(VEvent event, Temporal start) {
        Optional<Property> duration = event.getProperty(Property.DURATION);
        if (duration.isPresent()) {
            TemporalAmount amount = ((net.fortuna.ical4j.model.property.Duration) duration.get()).getDuration();
            if (start instanceof LocalDate && amount instanceof java.time.Duration d) {
                return Period.ofDays((int) Math.max(1, d.toDays()));
            }
            return amount;
        }
        Optional<Property> dtEnd = event.getProperty(Property.DTEND);
        Temporal seed = normalize(((DateProperty<?>) event.getRequiredProperty(Property.DTSTART)).getDate());
        if (dtEnd.isPresent()) {
            Temporal end = normalize(((DateProperty<?>) dtEnd.get()).getDate());
            if (seed instanceof LocalDate s && end instanceof LocalDate e) {
                return Period.between(s, e);
            }
            return java.time.Duration.between(instant(seed), instant(end));
        }
        return start instanceof LocalDate ? Period.ofDays(1) : java.time.Duration.ZERO;
    }

    /** A date stays a date; every date-time becomes a ZonedDateTime (UTC for "Z", the user's zone when floating). */
    private Temporal normalize(Temporal t) {
        return switch (t) {
            case LocalDate d -> d;
            case ZonedDateTime z -> z;
            case OffsetDateTime o -> o.atZoneSameInstant(ZoneOffset.UTC);
            case Instant i -> i.atZone(ZoneOffset.UTC);
            case LocalDateTime l -> l.atZone(zone);
            default -> throw new IllegalArgumentException("unsupported date value " + t);
        };
    }

    private Instant instant(Temporal t) {
        Temporal n = normalize(t);
        return n instanceof LocalDate d ? d.atStartOfDay(zone).toInstant() : ((ZonedDateTime) n).toInstant();
    }

    private static boolean cancelled(VEvent event) {
        return text(event, Property.STATUS).map("CANCELLED"::equalsIgnoreCase).orElse(false);
    }

    private static Optional<String> text(VEvent event, String property) {
        return event.getProperty(property).map(Property::getValue).map(String::strip).filter(v -> !v.isEmpty());
    }
}
