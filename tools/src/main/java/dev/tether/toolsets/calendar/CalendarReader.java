package dev.tether.toolsets.calendar;

import dev.tether.tool.ToolException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Logger;
import java.util.stream.Stream;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.data.ParserException;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.util.CompatibilityHints;

/**
 * Loads the events of a source: one {@code .ics} file, every {@code .ics} in a folder, or a CalDAV URL; unchanged
 * content comes from {@link ParsedCache}.
 */
record CalendarReader(CalDavClient calDav, ZoneId zone, long maxBytes) {

    private static final Logger LOG = Logger.getLogger(CalendarReader.class.getName());

    static {
        // real-world exports (Outlook, Google, old clients) bend the folding and naming rules
        CompatibilityHints.setHintEnabled(CompatibilityHints.KEY_RELAXED_UNFOLDING, true);
        CompatibilityHints.setHintEnabled(CompatibilityHints.KEY_RELAXED_PARSING, true);
        CompatibilityHints.setHintEnabled(CompatibilityHints.KEY_OUTLOOK_COMPATIBILITY, true);
    }

    List<EventData> read(CalendarSource source) {
        if (source.isCalDav()) {
            List<EventData> events = new ArrayList<>();
            String where = source.url().orElseThrow().toString();
            for (String text : calDav.fetch(source)) {
                events.addAll(ParsedCache.get(
                        "caldav|" + zone.getId() + "|" + digest(text),
                        () -> events(parse(source, new StringReader(text), where))));
            }
            return events;
        }
        Path path = source.path().orElseThrow();
        if (Files.isDirectory(path)) {
            List<EventData> events = new ArrayList<>();
            for (Path file : icsFiles(source, path)) {
                events.addAll(readFile(source, file));
            }
            return events;
        }
        if (!Files.isRegularFile(path)) {
            throw new ToolException("calendar '" + source.name() + "': " + path + " does not exist");
        }
        return readFile(source, path);
    }

    private List<EventData> readFile(CalendarSource source, Path file) {
        String key;
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            key = "file|" + zone.getId() + "|" + file.toAbsolutePath() + "|" + attributes.size() + "|"
                    + attributes.lastModifiedTime().toMillis();
        } catch (IOException e) {
            throw new ToolException("calendar '" + source.name() + "': cannot read " + file.getFileName());
        }
        return ParsedCache.get(key, () -> events(parseFile(source, file, maxBytes)));
    }

    /** The calendar's events; a VEVENT without a usable start is skipped rather than failing the whole file. */
    private List<EventData> events(Calendar calendar) {
        List<EventData> events = new ArrayList<>();
        for (VEvent event : calendar.<VEvent>getComponents(Component.VEVENT)) {
            try {
                events.add(EventData.of(event, zone));
            } catch (RuntimeException e) {
                LOG.fine(() -> "skipping a VEVENT without a usable start: " + e.getMessage());
            }
        }
        return events;
    }

    private static List<Path> icsFiles(CalendarSource source, Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().toLowerCase().endsWith(".ics"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ToolException("calendar '" + source.name() + "': cannot list " + folder);
        }
    }

    /** At most {@code maxBytes} of the file are read: a bigger one is refused before it is parsed. */
    private static Calendar parseFile(CalendarSource source, Path file, long maxBytes) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (IOException e) {
            throw new ToolException("calendar '" + source.name() + "': cannot read " + file.getFileName());
        }
        if (bytes.length > maxBytes) {
            throw new ToolException("refused: calendar '" + source.name() + "': " + file.getFileName()
                    + " is larger than " + maxBytes + " bytes (max_ics_bytes)");
        }
        try (Reader reader = new StringReader(new String(bytes, StandardCharsets.UTF_8))) {
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
            throw new ToolException(
                    "calendar '" + source.name() + "': " + where + " is not valid iCalendar (" + e.getMessage() + ")");
        }
    }

    private static String digest(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
