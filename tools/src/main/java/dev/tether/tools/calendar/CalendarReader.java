package dev.tether.tools.calendar;

import dev.tether.engine.tool.ToolException;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.data.ParserException;
import net.fortuna.ical4j.model.Calendar;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Loads the iCalendar data of a source: one {@code .ics} file, every {@code .ics} in a folder, or a CalDAV URL. */
final class CalendarReader {

    private final CalDavClient calDav;

    CalendarReader(CalDavClient calDav) {
        this.calDav = calDav;
    }

    List<Calendar> read(CalendarSource source) {
        if (source.isCalDav()) {
            List<Calendar> calendars = new ArrayList<>();
            for (String text : calDav.fetch(source)) {
                calendars.add(parse(source, new StringReader(text), source.url().orElseThrow().toString()));
            }
            return calendars;
        }
        Path path = source.path().orElseThrow();
        if (Files.isDirectory(path)) {
            List<Calendar> calendars = new ArrayList<>();
            for (Path file : icsFiles(source, path)) {
                calendars.add(parseFile(source, file));
            }
            return calendars;
        }
        if (!Files.isRegularFile(path)) {
            throw new ToolException("calendar '" + source.name() + "': " + path + " does not exist");
        }
        return List.of(parseFile(source, path));
    }

    private static List<Path> icsFiles(CalendarSource source, Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().toLowerCase().endsWith(".ics"))
                    .filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new ToolException("calendar '" + source.name() + "': cannot list " + folder);
        }
    }

    private static Calendar parseFile(CalendarSource source, Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(source, reader, file.getFileName().toString());
        } catch (IOException e) {
            throw new ToolException("calendar '" + source.name() + "': cannot read " + file.getFileName());
        }
    }

    static Calendar parse(CalendarSource source, Reader reader, String where) {
        try {
            return new CalendarBuilder().build(reader);
        } catch (ParserException e) {
            throw new ToolException("calendar '" + source.name() + "': " + where + " is not valid iCalendar (line "
                    + e.getLineNo() + ")");
        } catch (IOException e) {
            throw new ToolException("calendar '" + source.name() + "': cannot read " + where);
        } catch (RuntimeException e) {
            throw new ToolException("calendar '" + source.name() + "': " + where + " is not valid iCalendar ("
                    + e.getMessage() + ")");
        }
    }
}
