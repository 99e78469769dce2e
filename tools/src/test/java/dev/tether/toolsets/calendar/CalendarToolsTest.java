package dev.tether.toolsets.calendar;

import static dev.tether.toolsets.calendar.CalendarFixtures.args;
import static dev.tether.toolsets.calendar.CalendarFixtures.context;
import static dev.tether.toolsets.calendar.CalendarFixtures.copy;
import static dev.tether.toolsets.calendar.CalendarFixtures.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.tool.ToolException;
import dev.tether.tool.ToolUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalendarToolsTest {

    @TempDir
    Path dir;

    @Test
    void listsTheWeekFromTodayByDefaultWithDatesForAllDayEvents() {
        var tool = new CalendarListEventsTool(service(context(args(copy("berlin.ics", dir), false), dir)));

        EventList list = tool.run("", "", "", 50);

        assertThat(list.from()).isEqualTo("2026-03-20T00:00+01:00");
        assertThat(list.to()).isEqualTo("2026-03-27T00:00+01:00");
        assertThat(list.events())
                .extracting(EventView::title)
                .containsExactly("Call with Lisbon office", "Dentist", "Team standup", "Team offsite");
        assertThat(list.events().get(3)).satisfies(e -> {
            assertThat(e.allDay()).isTrue();
            assertThat(e.start()).isEqualTo("2026-03-25");
            assertThat(e.end()).isEqualTo("2026-03-26");
            assertThat(e.location()).isEqualTo("Potsdam");
        });
        assertThat(list.truncated()).isFalse();
    }

    @Test
    void aFolderSourceReadsEveryIcsFileAndLimitTruncates() {
        Path folder = dir.resolve("cals");
        copy("berlin.ics", folder);
        copy("holidays.ics", folder);
        var tool = new CalendarListEventsTool(service(context(args(folder, false), dir)));

        EventList all = tool.run("2026-03-20", "2026-03-22", "", 50);
        EventList two = tool.run("2026-03-20 00:00", "2026-03-23T00:00+01:00", "", 2);

        assertThat(all.events())
                .extracting(EventView::title)
                .containsExactly("Call with Lisbon office", "Dentist", "Anna's birthday");
        assertThat(two.events()).hasSize(2);
        assertThat(two.truncated()).isTrue();
    }

    @Test
    void searchFindsEveryWordInTitleOrDescriptionAcrossRecurrences() {
        var tool = new CalendarSearchTool(service(context(args(copy("berlin.ics", dir), false), dir)));

        EventList found = tool.run("platform weekly", "2026-03-01", "2026-04-30", "", 20);
        EventList dentist = tool.run("INSURANCE", "", "", "", 20);

        assertThat(found.events())
                .extracting(EventView::start)
                .containsExactly("2026-03-16T10:00+01:00", "2026-03-23T10:00+01:00", "2026-03-30T10:00+02:00");
        assertThat(dentist.events())
                .singleElement()
                .satisfies(e -> assertThat(e.description()).contains("Weiß"));
    }

    @Test
    void freeBusyFindsSlotsInsideWorkingHoursOnWeekdays() {
        var tool = new CalendarFreeBusyTool(service(context(args(copy("berlin.ics", dir), false), dir)));

        // Mon 2026-03-23: standup 10:00-10:30; Tue 24th free; Wed/Thu offsite (busy all day)
        var result = tool.run("2026-03-23", "2026-03-27", 60, "09:00-12:00", true, "", 20);

        assertThat(result.free())
                .extracting(CalendarFreeBusyTool.Slot::start, CalendarFreeBusyTool.Slot::minutes)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("2026-03-23T09:00+01:00", 60L),
                        org.assertj.core.groups.Tuple.tuple("2026-03-23T10:30+01:00", 90L),
                        org.assertj.core.groups.Tuple.tuple("2026-03-24T09:00+01:00", 180L),
                        org.assertj.core.groups.Tuple.tuple("2026-03-27T09:00+01:00", 180L));
        assertThat(result.busy())
                .extracting(CalendarFreeBusyTool.Slot::start)
                .contains("2026-03-23T10:00+01:00", "2026-03-25T00:00+01:00");
    }

    @Test
    void freeBusyIgnoresTransparentEventsAndRejectsBadWorkingHours() {
        var tool = new CalendarFreeBusyTool(service(context(args(copy("berlin.ics", dir), false), dir)));

        var goodFriday = tool.run("2026-04-03", "2026-04-03", 30, "", false, "", 20);

        assertThat(goodFriday.free())
                .singleElement()
                .satisfies(s -> assertThat(s.minutes()).isEqualTo(24 * 60));
        assertThatThrownBy(() -> tool.run("", "", 30, "9 to 5", false, "", 20))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("09:00-17:00");
    }

    @Test
    void createRefusesAReadOnlyCalendarAndLeavesTheFileAlone() throws Exception {
        Path file = copy("berlin.ics", dir);
        String before = Files.readString(file);
        var tool = new CalendarCreateEventTool(service(context(args(file, false), dir)));

        assertThatThrownBy(() -> tool.run("Lunch", "2026-03-24T12:00", "", 60, false, "", "", ""))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("writable: true");
        assertThat(Files.readString(file)).isEqualTo(before);
    }

    @Test
    void createWritesAValidEventThatReadsBackAndReportsConflicts() throws Exception {
        Path file = copy("berlin.ics", dir);
        var create = new CalendarCreateEventTool(service(context(args(file, true), dir)));

        var created = create.run("Review with Ünal", "2026-03-30T10:15", "", 45, false, "Room Spree", "Q1 numbers", "");

        assertThat(created.event().start()).isEqualTo("2026-03-30T10:15+02:00");
        assertThat(created.conflicts()).extracting(EventView::title).containsExactly("Team standup");
        var list = new CalendarListEventsTool(service(context(args(file, false), dir)));
        assertThat(list.run("2026-03-30", "2026-03-30", "", 50).events())
                .extracting(EventView::title, EventView::end)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Team standup", "2026-03-30T10:30+02:00"),
                        org.assertj.core.groups.Tuple.tuple("Review with Ünal", "2026-03-30T11:00+02:00"));
        assertThat(Files.readString(file))
                .contains("DTSTART;TZID=Europe/Berlin:20260330T101500")
                .contains("UID:standup@example.org");
        try (var reader = Files.newBufferedReader(file)) {
            var validation =
                    new net.fortuna.ical4j.data.CalendarBuilder().build(reader).validate();
            assertThat(validation.getEntries()).as("RFC 5545 validation").isEmpty();
        }
    }

    @Test
    void createAllDayEventInAFolderAsItsOwnFile() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("cals"));
        var create = new CalendarCreateEventTool(service(context(args(folder, true), dir)));

        var created = create.run("Vacation", "2026-08-03", "2026-08-07", 60, true, "", "", "personal");

        assertThat(created.event().allDay()).isTrue();
        assertThat(Files.list(folder))
                .singleElement()
                .satisfies(f -> assertThat(f.toString()).endsWith(".ics"));
        var list = new CalendarListEventsTool(service(context(args(folder, false), dir)));
        assertThat(list.run("2026-08-07", "2026-08-07", "", 50).events())
                .singleElement()
                .satisfies(e -> assertThat(e.start() + ".." + e.end()).isEqualTo("2026-08-03..2026-08-07"));
    }

    @Test
    void badInputGivesClearErrors() {
        Path file = copy("broken.ics", dir);
        var broken = new CalendarListEventsTool(service(context(args(file, false), dir)));
        var missing = new CalendarListEventsTool(service(context(args(dir.resolve("nope.ics"), false), dir)));

        assertThatThrownBy(() -> broken.run("", "", "", 10))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("broken.ics is not valid iCalendar");
        assertThatThrownBy(() -> missing.run("", "", "", 10)).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> missing.run("next week", "", "", 10)).hasMessageContaining("cannot read the time");
        assertThatThrownBy(() -> missing.run("2026-01-01", "2028-01-01", "", 10))
                .hasMessageContaining("400 days");
        assertThatThrownBy(() -> missing.run("", "", "work", 10)).hasMessageContaining("unknown calendar 'work'");
        assertThatThrownBy(() -> new CalendarListEventsTool(service(context("timezone: UTC", dir))))
                .isInstanceOf(ToolUnavailableException.class)
                .hasMessageContaining("no calendar sources");
    }

    @Test
    void oneFailingSourceIsReportedBesideTheOthers() {
        String args = """
                timezone: Europe/Berlin
                sources:
                  - { name: personal, path: "%s" }
                  - { name: gone, path: "%s" }
                """.formatted(copy("berlin.ics", dir), dir.resolve("gone.ics"));
        var tool = new CalendarListEventsTool(service(context(args, dir)));

        EventList list = tool.run("2026-03-20", "2026-03-20", "", 10);

        assertThat(list.events()).extracting(EventView::title).containsExactly("Call with Lisbon office");
        assertThat(list.errors()).singleElement().asString().contains("calendar 'gone'");
    }

    @Test
    void aChangedFileIsReadAgain() throws Exception {
        Path file = copy("holidays.ics", dir);
        var tool = new CalendarListEventsTool(service(context(args(file, false), dir)));
        assertThat(tool.run("2026-03-22", "2026-03-22", "", 10).events())
                .extracting(EventView::title)
                .containsExactly("Anna's birthday");

        Files.writeString(file, Files.readString(file).replace("Anna's birthday", "Anna's 40th birthday"));
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));

        assertThat(tool.run("2026-03-22", "2026-03-22", "", 10).events())
                .extracting(EventView::title)
                .containsExactly("Anna's 40th birthday");
    }

    @Test
    void anEventWithoutAStartIsSkippedAndTheRestIsListed() throws Exception {
        Path file = dir.resolve("partly.ics");
        Files.writeString(file, """
                BEGIN:VCALENDAR
                VERSION:2.0
                PRODID:-//test//EN
                BEGIN:VEVENT
                UID:nostart@example.org
                DTSTAMP:20260101T000000Z
                SUMMARY:No start
                END:VEVENT
                BEGIN:VEVENT
                UID:ok@example.org
                DTSTAMP:20260101T000000Z
                DTSTART;VALUE=DATE:20260322
                SUMMARY:Fine
                END:VEVENT
                END:VCALENDAR
                """);
        var tool = new CalendarListEventsTool(service(context(args(file, false), dir)));

        assertThat(tool.run("2026-03-22", "2026-03-22", "", 10).events())
                .extracting(EventView::title)
                .containsExactly("Fine");
    }

    @Test
    void anOutlookExportWithAWindowsZoneNameReadsInTheRightZone() {
        var tool = new CalendarListEventsTool(service(context(args(copy("outlook.ics", dir), false), dir)));

        assertThat(tool.run("2026-04-01", "2026-04-01", "", 10).events())
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.title()).isEqualTo("Quartalsplanung");
                    assertThat(e.start()).isEqualTo("2026-04-01T09:30+02:00");
                    assertThat(e.end()).isEqualTo("2026-04-01T11:00+02:00");
                    assertThat(e.description())
                            .startsWith("Quarterly planning with the whole department. Agenda follows in");
                });
    }
}
