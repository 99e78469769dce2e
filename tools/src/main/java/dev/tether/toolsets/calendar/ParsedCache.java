package dev.tether.toolsets.calendar;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Parsed events of the most recently read calendar files and CalDAV answers, shared by all calendar tools. The key
 * names the content (path, size and modification time, or a digest of the text) and the user's zone, so a changed
 * file is parsed again. Parsing is the slow part, and ical4j registers a zone provider with the JDK on every parse.
 */
final class ParsedCache {

    private static final int MAX_ENTRIES = 64;
    private static final Map<String, List<EventData>> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<EventData>> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    private ParsedCache() {}

    static List<EventData> get(String key, Supplier<List<EventData>> parse) {
        synchronized (CACHE) {
            List<EventData> cached = CACHE.get(key);
            if (cached != null) {
                return cached;
            }
        }
        List<EventData> parsed = List.copyOf(parse.get());
        synchronized (CACHE) {
            CACHE.put(key, parsed);
        }
        return parsed;
    }
}
