package dev.tether.toolsets.calendar;

import java.time.DateTimeException;
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
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.fortuna.ical4j.model.Parameter;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.Recur;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.parameter.TzId;
import net.fortuna.ical4j.model.property.DateListProperty;
import net.fortuna.ical4j.model.property.DateProperty;
import net.fortuna.ical4j.model.property.RRule;

/**
 * What expansion needs from one VEVENT, read once. Dates are a {@link LocalDate} (all-day) or a
 * {@link ZonedDateTime}: UTC for "Z", the user's zone when floating, and the JDK's zone when the TZID is an IANA
 * name (ical4j would resolve the TZID again on every read, through a zone provider it registers per parse).
 */
record EventData(
        String uid,
        Optional<Instant> recurrenceId,
        Temporal start,
        TemporalAmount length,
        List<Recur<Temporal>> rules,
        List<Temporal> rdates,
        Set<Instant> exdates,
        String title,
        String location,
        String description,
        boolean cancelled,
        boolean busy) {

    boolean recurring() {
        return !rules.isEmpty() || !rdates.isEmpty();
    }

    @SuppressWarnings("unchecked")
    static EventData of(VEvent event, ZoneId zone) {
        DateProperty<?> dtStart = event.getRequiredProperty(Property.DTSTART);
        Temporal start = date(dtStart, dtStart.getDate(), zone);
        List<Recur<Temporal>> rules = new ArrayList<>();
        for (Property rule : event.getProperties(Property.RRULE)) {
            rules.add(((RRule<Temporal>) rule).getRecur());
        }
        List<Temporal> rdates = new ArrayList<>();
        for (Property rdate : event.getProperties(Property.RDATE)) {
            DateListProperty<?> list = (DateListProperty<?>) rdate;
            list.getDates().forEach(d -> rdates.add(date(list, d, zone)));
        }
        Set<Instant> exdates = new HashSet<>();
        for (Property exdate : event.getProperties(Property.EXDATE)) {
            DateListProperty<?> list = (DateListProperty<?>) exdate;
            list.getDates().forEach(d -> exdates.add(instant(date(list, d, zone), zone)));
        }
        Optional<Instant> recurrenceId = event.<DateProperty<?>>getProperty(Property.RECURRENCE_ID)
                .map(p -> instant(date(p, p.getDate(), zone), zone));
        return new EventData(
                text(event, Property.UID).orElse("no-uid-" + System.identityHashCode(event)),
                recurrenceId,
                start,
                length(event, start, zone),
                List.copyOf(rules),
                List.copyOf(rdates),
                Set.copyOf(exdates),
                text(event, Property.SUMMARY).orElse("(no title)"),
                text(event, Property.LOCATION).orElse(null),
                text(event, Property.DESCRIPTION).orElse(null),
                text(event, Property.STATUS).map("CANCELLED"::equalsIgnoreCase).orElse(false),
                !text(event, Property.TRANSP)
                        .map("TRANSPARENT"::equalsIgnoreCase)
                        .orElse(false));
    }

    /** The event's length: DURATION, or DTEND minus DTSTART, or (RFC 5545) one day for a date, zero otherwise. */
    private static TemporalAmount length(VEvent event, Temporal start, ZoneId zone) {
        Optional<Property> duration = event.getProperty(Property.DURATION);
        if (duration.isPresent()) {
            TemporalAmount amount = ((net.fortuna.ical4j.model.property.Duration) duration.get()).getDuration();
            if (start instanceof LocalDate && amount instanceof java.time.Duration d) {
                return Period.ofDays((int) Math.max(1, d.toDays()));
            }
            return amount;
        }
        Optional<DateProperty<?>> dtEnd = event.getProperty(Property.DTEND);
        if (dtEnd.isPresent()) {
            Temporal end = date(dtEnd.get(), dtEnd.get().getDate(), zone);
            if (start instanceof LocalDate s && end instanceof LocalDate e) {
                return Period.between(s, e);
            }
            return java.time.Duration.between(instant(start, zone), instant(end, zone));
        }
        return start instanceof LocalDate ? Period.ofDays(1) : java.time.Duration.ZERO;
    }

    /** A date stays a date; a date-time becomes a ZonedDateTime, in the JDK's zone where the TZID names one. */
    static Temporal date(Property property, Temporal value, ZoneId zone) {
        return switch (value) {
            case LocalDate d -> d;
            case ZonedDateTime z ->
                property.<TzId>getParameter(Parameter.TZID)
                        .map(TzId::getValue)
                        .flatMap(EventData::javaZone)
                        .map(z::withZoneSameLocal)
                        .orElse(z);
            case OffsetDateTime o -> o.atZoneSameInstant(ZoneOffset.UTC);
            case Instant i -> i.atZone(ZoneOffset.UTC);
            case LocalDateTime l -> l.atZone(zone);
            default -> throw new IllegalArgumentException("unsupported date value " + value);
        };
    }

    static Temporal normalize(Temporal value, ZoneId zone) {
        return switch (value) {
            case OffsetDateTime o -> o.atZoneSameInstant(ZoneOffset.UTC);
            case Instant i -> i.atZone(ZoneOffset.UTC);
            case LocalDateTime l -> l.atZone(zone);
            default -> value;
        };
    }

    static Instant instant(Temporal value, ZoneId zone) {
        Temporal n = normalize(value, zone);
        return n instanceof LocalDate d ? d.atStartOfDay(zone).toInstant() : ((ZonedDateTime) n).toInstant();
    }

    private static Optional<ZoneId> javaZone(String tzid) {
        try {
            return tzid.contains("/") ? Optional.of(ZoneId.of(tzid)) : Optional.empty();
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> text(VEvent event, String property) {
        return event.getProperty(property)
                .map(Property::getValue)
                .map(String::strip)
                .filter(v -> !v.isEmpty());
    }
}
