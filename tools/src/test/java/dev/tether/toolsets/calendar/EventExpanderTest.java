package dev.tether.toolsets.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.Test;

class EventExpanderTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private final EventExpander expander = new EventExpander(BERLIN);

    private static List<EventData> events(Calendar calendar) {
        return calendar.<VEvent>getComponents(Component.VEVENT).stream()
                .map(e -> EventData.of(e, BERLIN))
                .toList();
    }

    private static List<EventData> fixture() throws Exception {
        try (InputStream in = EventExpanderTest.class.getResourceAsStream("/calendar/berlin.ics")) {
            return events(new CalendarBuilder().build(in));
        }
    }

    private List<Occurrence> between(String from, String to) throws Exception {
        return expander.expand(
                "personal",
                fixture(),
                LocalDate.parse(from).atStartOfDay(BERLIN),
                LocalDate.parse(to).atStartOfDay(BERLIN));
    }

    @Test
    void weeklyEventKeepsItsLocalTimeAcrossTheMarchDstChange() throws Exception {
        List<Occurrence> standups = between("2026-03-16", "2026-04-01").stream()
                .filter(o -> o.uid().equals("standup@example.org"))
                .toList();

        assertThat(standups)
                .extracting(o -> o.start().toOffsetDateTime().toString())
                .containsExactly("2026-03-16T10:00+01:00", "2026-03-23T10:00+01:00", "2026-03-30T10:00+02:00");
        assertThat(standups).extracting(o -> o.end().toLocalTime().toString()).containsOnly("10:30");
        assertThat(standups).allMatch(Occurrence::recurring);
    }

    @Test
    void exdateRemovesAnInstanceOverrideMovesOneCancelledOverrideDropsOne() throws Exception {
        List<Occurrence> april = between("2026-04-01", "2026-05-01").stream()
                .filter(o -> o.uid().equals("standup@example.org"))
                .toList();

        assertThat(april).singleElement().satisfies(o -> {
            assertThat(o.title()).isEqualTo("Team standup (moved to Tuesday)");
            assertThat(o.start()).isEqualTo(ZonedDateTime.of(2026, 4, 14, 15, 0, 0, 0, BERLIN));
        });
    }

    @Test
    void dailyEventCrossesTheOctoberDstChangeAndStopsAtUntil() throws Exception {
        List<Occurrence> swims = between("2026-10-20", "2026-11-01").stream()
                .filter(o -> o.title().equals("Morning swim"))
                .toList();

        assertThat(swims)
                .extracting(o -> o.start().toOffsetDateTime().toString())
                .containsExactly(
                        "2026-10-22T07:00+02:00",
                        "2026-10-23T07:00+02:00",
                        "2026-10-24T07:00+02:00",
                        "2026-10-25T07:00+01:00",
                        "2026-10-26T07:00+01:00",
                        "2026-10-27T07:00+01:00");
    }

    @Test
    void allDayUtcAndFloatingEventsLandInTheUserZone() throws Exception {
        List<Occurrence> week = between("2026-03-20", "2026-03-28");

        assertThat(week)
                .filteredOn(o -> o.title().equals("Team offsite"))
                .singleElement()
                .satisfies(o -> {
                    assertThat(o.allDay()).isTrue();
                    assertThat(o.start())
                            .isEqualTo(LocalDate.parse("2026-03-25").atStartOfDay(BERLIN));
                    assertThat(o.end()).isEqualTo(LocalDate.parse("2026-03-27").atStartOfDay(BERLIN));
                });
        assertThat(week)
                .filteredOn(o -> o.title().equals("Call with Lisbon office"))
                .singleElement()
                .satisfies(o -> assertThat(o.start().toOffsetDateTime()).hasToString("2026-03-20T13:00+01:00"));
        assertThat(week)
                .filteredOn(o -> o.title().equals("Dentist"))
                .singleElement()
                .satisfies(o -> {
                    assertThat(o.start().toOffsetDateTime().toString()).isEqualTo("2026-03-21T09:00+01:00");
                    assertThat(o.end().toLocalTime().toString()).isEqualTo("10:00");
                });
    }

    @Test
    void anEventThatStartedBeforeTheRangeButOverlapsItIsIncluded() throws Exception {
        List<Occurrence> thursday = between("2026-03-26", "2026-03-27");

        assertThat(thursday).extracting(Occurrence::title).containsExactly("Team offsite");
    }

    @Test
    void transparentEventsAreNotBusy() throws Exception {
        assertThat(between("2026-04-03", "2026-04-04")).singleElement().satisfies(o -> {
            assertThat(o.title()).isEqualTo("Good Friday");
            assertThat(o.busy()).isFalse();
        });
    }

    @Test
    void aRuleWithEndlessInstancesIsCappedPerEvent() throws Exception {
        String ics = """
                BEGIN:VCALENDAR
                VERSION:2.0
                PRODID:-//test//EN
                BEGIN:VEVENT
                UID:tick@example.org
                DTSTAMP:20260101T000000Z
                DTSTART:20260101T000000Z
                DURATION:PT1M
                RRULE:FREQ=MINUTELY
                SUMMARY:Tick
                END:VEVENT
                END:VCALENDAR
                """;
        Calendar calendar = new CalendarBuilder().build(new java.io.StringReader(ics));

        List<Occurrence> ticks = expander.expand(
                "personal",
                events(calendar),
                LocalDate.parse("2026-01-01").atStartOfDay(BERLIN),
                LocalDate.parse("2026-02-01").atStartOfDay(BERLIN));

        assertThat(ticks).hasSize(EventExpander.MAX_INSTANCES);
    }
}
