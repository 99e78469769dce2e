package dev.tether.engine.parse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Chunkings and expected events for the native-format parser tests (running them: {@link ParseEvents}). */
final class NativeParserSteps {

    private static final ObjectMapper JSON = new ObjectMapper();

    private NativeParserSteps() {
    }

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
    static List<ParseEvent> anyInvalid(List<ParseEvent> events) {
        return events.stream()
                .map(e -> e instanceof ParseEvent.Invalid ? (ParseEvent) new ParseEvent.Invalid("*") : e)
                .toList();
    }

    static ParseEvent text(String text) {
        return new ParseEvent.Text(text);
    }

    static ParseEvent thinking(String text) {
        return new ParseEvent.Thinking(text);
    }

    static ParseEvent invalid() {
        return new ParseEvent.Invalid("*");
    }

    static ParseEvent call(String name, String arguments) {
        return call(null, name, arguments);
    }

    static ParseEvent call(String id, String name, String arguments) {
        try {
            return new ParseEvent.Call(id, name, (ObjectNode) JSON.readTree(arguments));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
