package dev.tether.toolsets.calendar.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.tool.ToolContext;
import dev.tether.tool.ToolOutcome;
import dev.tether.tool.ToolRegistry;
import dev.tether.tool.Toolset;
import dev.tether.toolsets.calendar.CalendarFreeBusyTool;
import dev.tether.toolsets.calendar.CalendarListEventsTool;
import dev.tether.toolsets.calendar.CalendarSearchTool;
import dev.tether.toolsets.calendar.CalendarToolset;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Calendar tools on a generated year: N weekly meetings (each with an EXDATE and a moved instance) and 4·N single
 * events, Europe/Berlin. Prints the first call (which parses the file) and the median time of each call through the
 * registry (the parsed file is cached until it changes). Args: [weekly events, default 200].
 */
public final class CalendarBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int weekly = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Path dir = Files.createTempDirectory("calendar-bench");
        Path file = dir.resolve("year.ics");
        Files.writeString(file, generate(weekly));
        String yaml =
                "timezone: Europe/Berlin\nmax_events: 500\nsources:\n  - { name: bench, path: \"" + file + "\" }\n";
        Config config = Config.just(ConfigSources.create(yaml, MediaTypes.APPLICATION_X_YAML));
        ToolContext context = new ToolContext("calendar", config, dir, k -> null);
        try (Toolset.Opened calendar = new CalendarToolset().open(context);
                ToolRegistry registry = ToolRegistry.builder()
                        .timeout(Duration.ofMinutes(1))
                        .add("calendar_list_events", calendar.create(CalendarListEventsTool.class))
                        .add("calendar_search", calendar.create(CalendarSearchTool.class))
                        .add("calendar_free_busy", calendar.create(CalendarFreeBusyTool.class))
                        .build()) {
            System.out.printf(
                    Locale.ROOT,
                    "calendar: %d weekly + %d single events, %.1f MB .ics%n",
                    weekly,
                    weekly * 4,
                    Files.size(file) / 1e6);
            long cold = System.nanoTime();
            registry.invoke("calendar_list_events", args("2026-03-23", "2026-03-29"));
            System.out.printf(
                    Locale.ROOT, "%-20s        %5d ms%n", "first call (parse)", (System.nanoTime() - cold) / 1_000_000);
            time(
                    registry,
                    "list one week",
                    "calendar_list_events",
                    args("2026-03-23", "2026-03-29").put("limit", 500));
            time(
                    registry,
                    "list one year",
                    "calendar_list_events",
                    args("2026-01-01", "2026-12-31").put("limit", 500));
            time(
                    registry,
                    "search one year",
                    "calendar_search",
                    args("2026-01-01", "2026-12-31").put("query", "meeting 17"));
            time(
                    registry,
                    "free/busy one week",
                    "calendar_free_busy",
                    args("2026-03-23", "2026-03-29").put("duration_minutes", 30).put("working_hours", "09:00-17:00"));
        }
    }

    private static ObjectNode args(String from, String to) {
        return JSON.createObjectNode().put("from", from).put("to", to);
    }

    private static void time(ToolRegistry registry, String label, String tool, ObjectNode args) {
        int runs = 7;
        long[] millis = new long[runs];
        ToolOutcome last = null;
        for (int i = 0; i < runs + 2; i++) {
            long start = System.nanoTime();
            last = registry.invoke(tool, args);
            if (i >= 2) {
                millis[i - 2] = (System.nanoTime() - start) / 1_000_000;
            }
        }
        Arrays.sort(millis);
        int count =
                last.result().path("events").size() + last.result().path("free").size();
        System.out.printf(
                Locale.ROOT,
                "%-20s median %5d ms  (%d items%s)%n",
                label,
                millis[runs / 2],
                count,
                last.isError() ? ", error: " + last.error() : "");
    }

    private static String generate(int weekly) {
        StringBuilder ics = new StringBuilder("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\n");
        for (int i = 0; i < weekly; i++) {
            int day = 5 + i % 5;
            int hour = 8 + i % 9;
            String uid = "weekly-" + i + "@bench";
            ics.append(event(
                    uid,
                    "202601%02dT%02d0000".formatted(day, hour),
                    "Meeting " + i,
                    "RRULE:FREQ=WEEKLY;UNTIL=20261231T230000Z\r\nEXDATE;TZID=Europe/Berlin:202602%02dT%02d0000\r\n"
                            .formatted(day + 7 - 5 + 2, hour)));
            ics.append(event(
                    uid,
                    "202603%02dT%02d3000".formatted(day + 14, hour),
                    "Meeting " + i + " (moved)",
                    "RECURRENCE-ID;TZID=Europe/Berlin:202603%02dT%02d0000\r\n".formatted(day + 14, hour)));
        }
        for (int i = 0; i < weekly * 4; i++) {
            ics.append(event(
                    "single-" + i + "@bench",
                    "2026%02d%02dT%02d0000".formatted(1 + i % 12, 1 + i % 28, 8 + i % 10),
                    "Appointment " + i,
                    ""));
        }
        return ics.append("END:VCALENDAR\r\n").toString();
    }

    private static String event(String uid, String start, String title, String extra) {
        return "BEGIN:VEVENT\r\nUID:" + uid + "\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;TZID=Europe/Berlin:" + start
                + "\r\nDURATION:PT1H\r\nSUMMARY:" + title + "\r\n" + extra + "END:VEVENT\r\n";
    }
}
