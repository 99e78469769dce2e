package dev.tether.engine.parse;

import java.util.ArrayList;
import java.util.List;

/** Test helpers: feed a parser in given chunks and merge adjacent text so chunkings can be compared. */
final class ParseEvents {

    private ParseEvents() {
    }

    static List<ParseEvent> run(ToolCallParser parser, List<String> chunks) {
        List<ParseEvent> events = new ArrayList<>();
        for (String chunk : chunks) {
            events.addAll(parser.feed(chunk));
        }
        events.addAll(parser.finish());
        return merge(events);
    }

    static List<ParseEvent> oneCharAtATime(ToolCallParser parser, String output) {
        List<String> chunks = new ArrayList<>();
        output.codePoints().forEach(cp -> chunks.add(new String(Character.toChars(cp))));
        return run(parser, chunks);
    }

    static List<ParseEvent> merge(List<ParseEvent> events) {
        List<ParseEvent> merged = new ArrayList<>();
        for (ParseEvent e : events) {
            ParseEvent last = merged.isEmpty() ? null : merged.getLast();
            if (e instanceof ParseEvent.Text t && last instanceof ParseEvent.Text l) {
                merged.set(merged.size() - 1, new ParseEvent.Text(l.text() + t.text()));
            } else if (e instanceof ParseEvent.Thinking t && last instanceof ParseEvent.Thinking l) {
                merged.set(merged.size() - 1, new ParseEvent.Thinking(l.text() + t.text()));
            } else {
                merged.add(e);
            }
        }
        return merged;
    }
}
