package dev.tether.toolsets.calendar;

import dev.tether.tool.ToolContext;
import dev.tether.tool.ToolException;
import dev.tether.tool.ToolUnavailableException;
import io.helidon.config.Config;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code args} every calendar tool reads: the sources, the user's time zone, and the limits. Each tool parses
 * its own copy (the registry builds tools one by one); a bad value makes the tool unavailable with the reason.
 */
record CalendarSettings(
        List<CalendarSource> sources,
        ZoneId zone,
        int maxEvents,
        int maxRangeDays,
        int maxDescriptionChars,
        Duration connectTimeout,
        Duration requestTimeout,
        long maxIcsBytes) {

    static final long DEFAULT_MAX_ICS_BYTES = 10L << 20;

    static CalendarSettings from(ToolContext context) {
        Config args = context.args();
        List<CalendarSource> sources = new ArrayList<>();
        for (Config node : args.get("sources").asNodeList().orElse(List.of())) {
            sources.add(source(node, context));
        }
        if (sources.isEmpty()) {
            throw new ToolUnavailableException("no calendar sources configured (args.sources)");
        }
        ZoneId zone;
        try {
            zone = args.get("timezone").asString().map(ZoneId::of).orElse(ZoneId.systemDefault());
        } catch (RuntimeException e) {
            throw new ToolUnavailableException("args.timezone is not a time zone: " + e.getMessage());
        }
        return new CalendarSettings(
                List.copyOf(sources),
                zone,
                args.get("max_events").asInt().orElse(100),
                args.get("max_range_days").asInt().orElse(400),
                args.get("max_description_chars").asInt().orElse(500),
                Duration.ofMillis(args.get("connect_timeout_ms").asLong().orElse(5_000L)),
                Duration.ofMillis(args.get("request_timeout_ms").asLong().orElse(15_000L)),
                maxIcsBytes(args));
    }

    /** The largest iCalendar file or CalDAV answer parsed: parsing is linear, so this bounds its memory and time. */
    private static long maxIcsBytes(Config args) {
        long max = args.get("max_ics_bytes").asLong().orElse(DEFAULT_MAX_ICS_BYTES);
        if (max < 1) {
            throw new ToolUnavailableException("args.max_ics_bytes must be at least 1, not " + max);
        }
        return max;
    }

    private static CalendarSource source(Config node, ToolContext context) {
        String name = node.get("name").asString().orElse("calendar" + node.name());
        Optional<Path> path = node.get("path").asString().asOptional().map(CalendarSettings::expandHome);
        Optional<URI> url = node.get("url").asString().asOptional().map(URI::create);
        Optional<String> user = node.get("username_env").asString().asOptional().flatMap(context::env);
        Optional<String> password =
                node.get("password_env").asString().asOptional().flatMap(context::env);
        if (node.get("password_env").exists() && password.isEmpty()) {
            throw new ToolUnavailableException("calendar source '" + name + "': environment variable "
                    + node.get("password_env").asString().get() + " is not set");
        }
        Optional<CalendarSource.Credentials> credentials =
                password.map(p -> new CalendarSource.Credentials(user.orElse(""), p));
        try {
            return new CalendarSource(
                    name, path, url, node.get("writable").asBoolean().orElse(false), credentials);
        } catch (IllegalArgumentException e) {
            throw new ToolUnavailableException(e.getMessage());
        }
    }

    private static Path expandHome(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return Path.of(System.getProperty("user.home")).resolve(path.substring(Math.min(2, path.length())));
        }
        return Path.of(path);
    }

    /** The named source, or the only/first writable one when {@code name} is blank. */
    CalendarSource source(String name) {
        return sources.stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new ToolException("unknown calendar '" + name + "'; configured: "
                        + sources.stream().map(CalendarSource::name).toList()));
    }

    /** The sources to read: all of them, or just the named one. */
    List<CalendarSource> selected(String name) {
        return name == null || name.isBlank() ? sources : List.of(source(name));
    }
}
