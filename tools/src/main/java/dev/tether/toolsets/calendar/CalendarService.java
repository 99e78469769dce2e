package dev.tether.toolsets.calendar;

import dev.tether.tool.ToolException;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the calendar tools share: the settings, reading the sources, and expanding them into sorted occurrences.
 * A source that fails is reported beside the others' events; only when every source fails is the call an error.
 */
final class CalendarService implements AutoCloseable {

    /** Occurrences in start order, and one message per source that could not be read. */
    record Loaded(List<Occurrence> occurrences, List<String> errors) {}

    private final CalendarSettings settings;
    private final CalendarReader reader;
    private final CalDavClient calDav;
    private final Clock clock;

    CalendarService(CalendarSettings settings, Clock clock) {
        this.settings = settings;
        this.calDav = new CalDavClient(settings.connectTimeout(), settings.requestTimeout(), settings.maxIcsBytes());
        this.reader = new CalendarReader(calDav, settings.zone(), settings.maxIcsBytes());
        this.clock = clock;
    }

    CalendarSettings settings() {
        return settings;
    }

    CalDavClient calDav() {
        return calDav;
    }

    @Override
    public void close() {
        calDav.close();
    }

    TimeRange range(String from, String to, int defaultDays) {
        return TimeRange.parse(from, to, defaultDays, settings.maxRangeDays(), settings.zone(), clock);
    }

    Clock clock() {
        return clock;
    }

    Loaded load(String calendar, ZonedDateTime from, ZonedDateTime to) {
        EventExpander expander = new EventExpander(settings.zone());
        List<Occurrence> occurrences = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        List<CalendarSource> sources = settings.selected(calendar);
        for (CalendarSource source : sources) {
            try {
                occurrences.addAll(expander.expand(source.name(), reader.read(source), from, to));
            } catch (ToolException e) {
                errors.add(e.getMessage());
            } catch (RuntimeException e) {
                errors.add("calendar '" + source.name() + "': cannot expand its events (" + e.getMessage() + ")");
            }
        }
        if (!errors.isEmpty() && errors.size() == sources.size()) {
            throw new ToolException(String.join("; ", errors));
        }
        occurrences.sort(Comparator.comparing(Occurrence::start)
                .thenComparing(Occurrence::end)
                .thenComparing(Occurrence::title));
        return new Loaded(occurrences, errors);
    }
}
