package dev.tether.toolsets.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.engine.config.TetherConfig;
import dev.tether.tool.ToolRegistry;
import dev.tether.tool.ToolSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The YAML registry entries from the README build the four calendar tools with generated schemas. */
class CalendarConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void registryEntriesBuildTheToolsAndAToolWithoutSourcesIsUnavailable() throws Exception {
        Path ics = CalendarFixtures.copy("berlin.ics", dir);
        Path config = dir.resolve("tether.yml");
        Files.writeString(config, """
                tools:
                  registry:
                    - name: calendar_list_events
                      impl: dev.tether.toolsets.calendar.CalendarListEventsTool
                      args: &calendar
                        timezone: Europe/Berlin
                        sources:
                          - { name: personal, path: "%s", writable: true }
                    - { name: calendar_search, impl: dev.tether.toolsets.calendar.CalendarSearchTool, args: *calendar }
                    - { name: calendar_free_busy, impl: dev.tether.toolsets.calendar.CalendarFreeBusyTool,
                        args: *calendar }
                    - { name: calendar_create_event, impl: dev.tether.toolsets.calendar.CalendarCreateEventTool,
                        args: *calendar }
                    - { name: calendar_unset, impl: dev.tether.toolsets.calendar.CalendarListEventsTool, args: {} }
                  enabled: [calendar_list_events, calendar_search, calendar_free_busy, calendar_create_event,
                            calendar_unset]
                """.formatted(ics));

        try (ToolRegistry registry = ToolRegistry.fromConfig(
                TetherConfig.load(Optional.of(config), Map.of(), k -> null).tools(), k -> null)) {
            assertThat(registry.specs())
                    .extracting(ToolSpec::name)
                    .containsExactly(
                            "calendar_list_events", "calendar_search", "calendar_free_busy", "calendar_create_event");
            assertThat(registry.unavailable()).containsOnlyKeys("calendar_unset");
            assertThat(registry.specs())
                    .allSatisfy(spec ->
                            assertThat(registry.readsPrivateData(spec.name())).isTrue());
            ToolSpec freeBusy = registry.spec("calendar_free_busy").orElseThrow();
            assertThat(freeBusy.inputSchema().get("properties").fieldNames())
                    .toIterable()
                    .contains("duration_minutes", "working_hours", "weekdays_only");
            assertThat(registry.spec("calendar_create_event")
                            .orElseThrow()
                            .hints()
                            .readOnly())
                    .isFalse();
            assertThat(registry.spec("calendar_create_event")
                            .orElseThrow()
                            .inputSchema()
                            .get("required"))
                    .extracting(n -> n.asText())
                    .containsExactlyInAnyOrder("title", "start");

            var outcome = registry.invoke(
                    "calendar_search",
                    JSON.createObjectNode()
                            .put("query", "offsite")
                            .put("from", "2026-03-01")
                            .put("to", "2026-03-31"));
            assertThat(outcome.error()).isNull();
            assertThat(outcome.result().get("events").get(0).get("all_day").asBoolean())
                    .isTrue();
        }
    }
}
