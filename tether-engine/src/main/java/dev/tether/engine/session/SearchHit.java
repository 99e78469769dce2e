package dev.tether.engine.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A session that search found: its title with the matching words marked (empty when only a message matched), and a
 * snippet of its best-matching message with the words marked (empty when only the title matched), and that message's
 * id ({@link SessionStore#ROOT} when none), which may be on a branch the session does not show.
 */
public record SearchHit(Session session, List<Marked> title, List<Marked> snippet, long snippetMessageId) {

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

    /**
     * A snippet column, {@code <message id>:<marked text>}, as the message's id and the marked pieces; {@code null}
     * (no message matched) gives {@link SessionStore#ROOT} and none.
     */
    static SearchHit of(Session session, String markedTitle, String idAndSnippet) {
        int colon = idAndSnippet == null ? -1 : idAndSnippet.indexOf(':');
        if (colon < 0) {
            return new SearchHit(session, parse(markedTitle), List.of(), SessionStore.ROOT);
        }
        return new SearchHit(
                session,
                parse(markedTitle),
                parse(idAndSnippet.substring(colon + 1)),
                Long.parseLong(idAndSnippet.substring(0, colon)));
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
