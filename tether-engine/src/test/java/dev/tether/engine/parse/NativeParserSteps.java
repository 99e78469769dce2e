package dev.tether.engine.parse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.model.ModelEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Chunkings and expected events for the native-format parser tests (running them: {@link ParserRuns}). */
final class NativeParserSteps {

    private static final ObjectMapper JSON = new ObjectMapper();

    private NativeParserSteps() {}

    /** One code point per chunk. */
    static List<String> characters(String text) {
        return text.codePoints().mapToObj(Character::toString).toList();
    }

    /** Chunks of the given sizes in turn (cycled), cut anywhere, even inside a surrogate pair. */
    static List<String> chunks(String text, List<Integer> sizes) {
        List<String> out = new ArrayList<>();
        int at = 0;
        for (int i = 0; at < text.length(); i++) {
            int end = Math.min(text.length(), at + sizes.get(i % sizes.size()));
            out.add(text.substring(at, end));
            at = end;
        }
        return out;
    }

    /** Replaces every Invalid's message with "*", for tables that only care that the markup was rejected. */
    static List<ModelEvent> anyInvalid(List<ModelEvent> events) {
        return events.stream()
                .map(e -> e instanceof ModelEvent.InvalidCall ? (ModelEvent) new ModelEvent.InvalidCall("*") : e)
                .toList();
    }

    static ModelEvent text(String text) {
        return new ModelEvent.Text(text);
    }

    static ModelEvent thinking(String text) {
        return new ModelEvent.Thinking(text);
    }

    static ModelEvent invalid() {
        return new ModelEvent.InvalidCall("*");
    }

    static ModelEvent call(String name, String arguments) {
        try {
            return new ModelEvent.Call(name, (ObjectNode) JSON.readTree(arguments));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
