package dev.tether.toolsets;

import dev.tether.tool.Param;
import dev.tether.tool.ToolException;
import dev.tether.tool.ToolInfo;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** {@code get_current_time}: the current date and time in a time zone, in one of three formats. */
@ToolInfo(
        name = "get_current_time",
        description = "Returns the current date and time in a time zone (IANA name such as Europe/Berlin, or 'local' "
                + "for this machine's zone).")
public final class TimeTool {

    /** How the time is written. */
    public enum Format {
        ISO,
        RFC2822,
        HUMAN
    }

    private static final DateTimeFormatter HUMAN =
            // zzz: the abbreviation in force at that instant (CEST in summer, JST), not the zone's generic name
            DateTimeFormatter.ofPattern("EEEE, d MMMM uuuu, HH:mm:ss zzz", Locale.ENGLISH);

    private final Clock clock;

    public TimeTool() {
        this(Clock.systemUTC());
    }

    TimeTool(Clock clock) {
        this.clock = clock;
    }

    /** The answer: the formatted time plus the zone and its offset, so the model need not work them out. */
    public record CurrentTime(String time, String timezone, String offset, String format) {}

    public CurrentTime run(
            @Param(
                            description =
                                    "IANA time zone, e.g. UTC, Europe/Berlin, America/New_York; 'local' for this machine",
                            defaultValue = "local")
                    String timezone,
            @Param(
                            description = "iso (ISO-8601), rfc2822 (e-mail style) or human (readable English)",
                            defaultValue = "iso")
                    Format format) {
        ZoneId zone = zone(timezone);
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone)).truncatedTo(ChronoUnit.SECONDS);
        String text = switch (format) {
            case ISO -> now.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            case RFC2822 -> now.format(DateTimeFormatter.RFC_1123_DATE_TIME);
            case HUMAN -> now.format(HUMAN);
        };
        return new CurrentTime(
                text,
                zone.getId(),
                now.getOffset().getId().replace("Z", "+00:00"),
                format.name().toLowerCase(Locale.ROOT));
    }

    private static ZoneId zone(String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.equalsIgnoreCase("local")) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(trimmed);
        } catch (DateTimeException e) {
            throw new ToolException("unknown time zone '" + trimmed + "' (use an IANA name such as Europe/Berlin)");
        }
    }

    /** The call's label on the chat page and in tether chat ({@link dev.tether.tool.ToolLabels}). */
    public String label(
            com.fasterxml.jackson.databind.JsonNode arguments, com.fasterxml.jackson.databind.JsonNode result) {
        return CallLabels.time(arguments, result);
    }
}
