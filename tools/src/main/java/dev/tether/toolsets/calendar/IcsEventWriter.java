package dev.tether.toolsets.calendar;

import dev.tether.tool.ToolException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneId;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.TimeZone;
import net.fortuna.ical4j.model.TimeZoneRegistryFactory;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.component.VTimeZone;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;

/**
 * Adds one VEVENT to a writable source: appended to a single {@code .ics} file (rewritten through a temp file and
 * an atomic rename, so a crash leaves the old file), as a new {@code <uid>.ics} in a folder, or PUT to CalDAV.
 */
final class IcsEventWriter {

    private final CalDavClient calDav;

    IcsEventWriter(CalDavClient calDav) {
        this.calDav = calDav;
    }

    /** Where the event went (a file name or URL). */
    String write(CalendarSource source, VEvent event, String uid, ZoneId zone) {
        if (!source.writable()) {
            throw new ToolException("calendar '" + source.name() + "' is read-only (set writable: true on the "
                    + "source in the tool's args to allow new events)");
        }
        if (source.isCalDav()) {
            return calDav.put(
                            source, uid, text(withTimeZone(newCalendar(), zone).add(event)))
                    .toString();
        }
        Path path = source.path().orElseThrow();
        try {
            if (Files.isDirectory(path)) {
                Path file = path.resolve(uid.replaceAll("[^A-Za-z0-9._-]", "_") + ".ics");
                Files.writeString(
                        file,
                        text(withTimeZone(newCalendar(), zone).add(event)),
                        StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE_NEW);
                return file.toString();
            }
            Calendar calendar = Files.exists(path) ? read(source, path) : newCalendar();
            calendar = withTimeZone(calendar, zone).add(event);
            replace(path, text(calendar));
            return path.toString();
        } catch (IOException e) {
            throw new ToolException("calendar '" + source.name() + "': cannot write " + path.getFileName() + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static Calendar read(CalendarSource source, Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return CalendarReader.parse(source, reader, file.getFileName().toString());
        }
    }

    private static Calendar newCalendar() {
        Calendar calendar = new Calendar();
        calendar.add(new ProdId("-//Tether//Tether calendar tools//EN"));
        calendar.add(ImmutableVersion.VERSION_2_0);
        calendar.add(ImmutableCalScale.GREGORIAN);
        return calendar;
    }

    /** Adds the VTIMEZONE the new event's TZID refers to, unless the calendar has it already. */
    private static Calendar withTimeZone(Calendar calendar, ZoneId zone) {
        boolean present = calendar.<VTimeZone>getComponents(Component.VTIMEZONE).stream()
                .anyMatch(tz -> tz.getProperty(Property.TZID)
                        .map(Property::getValue)
                        .filter(zone.getId()::equals)
                        .isPresent());
        if (present) {
            return calendar;
        }
        TimeZone timeZone =
                TimeZoneRegistryFactory.getInstance().createRegistry().getTimeZone(zone.getId());
        return timeZone == null ? calendar : calendar.add(timeZone.getVTimeZone());
    }

    private static String text(Calendar calendar) {
        try {
            StringWriter out = new StringWriter();
            new CalendarOutputter(false).output(calendar, out);
            return out.toString();
        } catch (IOException e) {
            throw new ToolException("cannot write the event: " + e.getMessage());
        }
    }

    private static void replace(Path file, String content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
