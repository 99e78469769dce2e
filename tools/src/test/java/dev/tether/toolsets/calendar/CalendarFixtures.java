package dev.tether.toolsets.calendar;

import dev.tether.tool.ToolContext;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** Fixture files, tool contexts from YAML args, and services on a fixed clock (Friday 2026-03-20, 09:00 in Berlin). */
final class CalendarFixtures {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-20T08:00:00Z"), ZoneOffset.UTC);

    private CalendarFixtures() {}

    static Path copy(String fixture, Path dir) {
        try (InputStream in = CalendarFixtures.class.getResourceAsStream("/calendar/" + fixture)) {
            Path target = dir.resolve(fixture);
            Files.createDirectories(dir);
            Files.copy(in, target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ToolContext context(String yamlArgs, Path dataDir) {
        return context(yamlArgs, dataDir, Map.of());
    }

    static ToolContext context(String yamlArgs, Path dataDir, Map<String, String> env) {
        Config args = Config.just(ConfigSources.create(yamlArgs, MediaTypes.APPLICATION_X_YAML));
        return new ToolContext("calendar", args, dataDir, env::get);
    }

    /** The service the calendar toolset would open on {@code context}, on the fixed clock. */
    static CalendarService service(ToolContext context) {
        return new CalendarService(CalendarSettings.from(context), CLOCK);
    }

    /** Args with one source at {@code path}, Berlin time. */
    static String args(Path path, boolean writable) {
        return """
                timezone: Europe/Berlin
                sources:
                  - { name: personal, path: "%s", writable: %s }
                """.formatted(path, writable);
    }
}
