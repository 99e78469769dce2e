package dev.tether.toolsets.calendar;

import static dev.tether.toolsets.calendar.CalendarFixtures.context;
import static dev.tether.toolsets.calendar.CalendarFixtures.copy;
import static dev.tether.toolsets.calendar.CalendarFixtures.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.tool.ToolException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code .ics} file or CalDAV answer is anyone's: one bigger than {@code max_ics_bytes} is refused before it is
 * parsed (ical4j's parse is linear, so the cap bounds its memory and time), and the other sources still answer.
 */
class CalendarSizeCapTest {

    @TempDir
    Path dir;

    /** A valid calendar of {@code events} events: about 80 bytes each. */
    private static Path hugeCalendar(Path file, int events) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\n");
            for (int i = 0; i < events; i++) {
                out.write("BEGIN:VEVENT\r\nUID:e" + i
                        + "\r\nDTSTART:20260320T080000Z\r\nSUMMARY:flood\r\nEND:VEVENT\r\n");
            }
            out.write("END:VCALENDAR\r\n");
        }
        return file;
    }

    @Test
    void aFileOverTheDefaultCapIsRefusedAndTheOtherSourcesAnswer() throws IOException {
        Path huge = hugeCalendar(dir.resolve("huge.ics"), 160_000);
        assertThat(Files.size(huge)).isGreaterThan(CalendarSettings.DEFAULT_MAX_ICS_BYTES);
        String args = """
                timezone: Europe/Berlin
                sources:
                  - { name: personal, path: "%s" }
                  - { name: hostile, path: "%s" }
                """.formatted(copy("berlin.ics", dir), huge);
        var tool = new CalendarListEventsTool(service(context(args, dir)));

        EventList list = tool.run("2026-03-20", "2026-03-20", "", 10);

        assertThat(list.events()).extracting(EventView::title).containsExactly("Call with Lisbon office");
        assertThat(list.errors())
                .singleElement()
                .asString()
                .contains("calendar 'hostile'", "huge.ics", "max_ics_bytes");
    }

    @Test
    void theCapIsConfigurable() throws IOException {
        Path file = hugeCalendar(dir.resolve("small.ics"), 100);
        String args = """
                timezone: Europe/Berlin
                max_ics_bytes: 1000
                sources:
                  - { name: personal, path: "%s" }
                """.formatted(file);
        var tool = new CalendarListEventsTool(service(context(args, dir)));

        assertThatThrownBy(() -> tool.run("2026-03-20", "2026-03-20", "", 10))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("larger than 1000 bytes (max_ics_bytes)");
    }

    @Test
    void aCalDavAnswerOverTheCapIsRefused() throws IOException {
        try (CalDavServer server = new CalDavServer("anna", "pw-123456789")) {
            try (InputStream in = getClass().getResourceAsStream("/calendar/berlin.ics")) {
                server.put("berlin.ics", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            String args = """
                    timezone: Europe/Berlin
                    max_ics_bytes: %d
                    sources:
                      - { name: work, url: "%s", username_env: U, password_env: P }
                    """;
            Map<String, String> env = Map.of("U", "anna", "P", "pw-123456789");
            var capped =
                    new CalendarListEventsTool(service(context(args.formatted(200, server.collection()), dir, env)));
            var roomy = new CalendarListEventsTool(
                    service(context(args.formatted(1_000_000, server.collection()), dir, env)));

            assertThatThrownBy(() -> capped.run("2026-03-20", "2026-03-20", "", 10))
                    .isInstanceOf(ToolException.class)
                    .hasMessageContaining("more than 200 bytes (max_ics_bytes)");
            assertThat(roomy.run("2026-03-20", "2026-03-20", "", 10).events()).isNotEmpty();
        }
    }
}
