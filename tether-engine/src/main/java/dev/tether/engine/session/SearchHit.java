package dev.tether.engine.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A session that search found: its title with the matching words marked (empty when only a message matched), and a
 * snippet of its best-matching message with the words marked (empty when only the title matched).
 */
public record SearchHit(Session session, List<Marked> title, List<Marked> snippet) {

    /** One piece of a text; {@code match}: it is a word the search matched. */
    public record Marked(String text, boolean match) {}

    /** Where SQLite's {@code highlight()} and {@code snippet()} open and close a match (private-use characters). */
    static final char OPEN = '\uE000';

    static final char CLOSE = '\uE001';

    public SearchHit {
        Objects.requireNonNull(session, "session");
        title = List.copyOf(title);
        snippet = List.copyOf(snippet);
    }

    /** The pieces of text marked with {@link #OPEN} and {@link #CLOSE}; empty for null or a text with no match. */
    static List<Marked> parse(String marked) {
        if (marked == null || marked.indexOf(OPEN) < 0) {
            return List.of();
        }
        List<Marked> parts = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        boolean inMatch = false;
        for (int i = 0; i < marked.length(); i++) {
            char c = marked.charAt(i);
            if (c == OPEN || c == CLOSE) {
                if (!piece.isEmpty()) {
                    parts.add(new Marked(piece.toString(), inMatch));
                    piece.setLength(0);
                }
                inMatch = c == OPEN;
            } else {
                piece.append(c);
            }
        }
        if (!piece.isEmpty()) {
            parts.add(new Marked(piece.toString(), inMatch));
        }
        return List.copyOf(parts);
    }
}
