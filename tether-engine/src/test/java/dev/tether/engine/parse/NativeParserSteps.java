package dev.tether.engine.parse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Feeds parsers step by step and compares what they emit, for the native-format parser tests. */
final class NativeParserSteps {

    private static final ObjectMapper JSON = new ObjectMapper();

    private NativeParserSteps() {
    }

    /** Feeds every chunk, then finishes; returns all events with adjacent text merged. */
    static List<ParseEvent> run(ToolCallParser parser, List<String> chunks) {
        List<ParseEvent> events = new ArrayList<>();
        for (String chunk : chunks) {
            events.addAll(parser.feed(chunk));
        }
        events.addAll(parser.finish());
        return merge(events);
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

    /** Joins adjacent Text and adjacent Thinking events: how text is split into events carries no meaning. */
    static List<ParseEvent> merge(List<ParseEvent> events) {
        List<ParseEvent> out = new ArrayList<>();
        for (ParseEvent event : events) {
            ParseEvent last = out.isEmpty() ? null : out.getLast();
            if (last instanceof ParseEvent.Text a && event instanceof ParseEvent.Text b) {
                out.set(out.size() - 1, new ParseEvent.Text(a.text() + b.text()));
            } else if (last instanceof ParseEvent.Thinking a && event instanceof ParseEvent.Thinking b) {
                out.set(out.size() - 1, new ParseEvent.Thinking(a.text() + b.text()));
            } else {
                out.add(event);
            }
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
