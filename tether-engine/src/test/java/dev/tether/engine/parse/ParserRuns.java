package dev.tether.engine.parse;

import dev.tether.engine.model.ModelEvent;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: feed a parser in given chunks and merge adjacent text so chunkings can be compared. */
final class ParserRuns {

    private ParserRuns() {}

    static List<ModelEvent> run(ToolCallParser parser, List<String> chunks) {
        List<ModelEvent> events = new ArrayList<>();
        for (String chunk : chunks) {
            events.addAll(parser.feed(chunk));
        }
        events.addAll(parser.finish());
        return merge(events);
    }

    static List<ModelEvent> oneCharAtATime(ToolCallParser parser, String output) {
        List<String> chunks = new ArrayList<>();
        output.codePoints().forEach(cp -> chunks.add(new String(Character.toChars(cp))));
        return run(parser, chunks);
    }

    static List<ModelEvent> merge(List<ModelEvent> events) {
        List<ModelEvent> merged = new ArrayList<>();
        for (ModelEvent e : events) {
            ModelEvent last = merged.isEmpty() ? null : merged.getLast();
            if (e instanceof ModelEvent.Text t && last instanceof ModelEvent.Text l) {
                merged.set(merged.size() - 1, new ModelEvent.Text(l.text() + t.text()));
            } else if (e instanceof ModelEvent.Thinking t && last instanceof ModelEvent.Thinking l) {
                merged.set(merged.size() - 1, new ModelEvent.Thinking(l.text() + t.text()));
            } else {
                merged.add(e);
            }
        }
        return merged;
    }
}
