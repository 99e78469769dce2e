package dev.tether.engine.loop;

/**
 * How a turn's prompt joins the session's stored history, a tree of messages: an edit or a regenerate starts a
 * sibling branch and keeps the old one.
 */
public sealed interface HistoryEdit {

    /** The usual turn: the prompt goes after everything stored. */
    HistoryEdit APPEND = new Append();

    /** The prompt goes after the session's active leaf. */
    record Append() implements HistoryEdit {}

    /** The newest user message is answered again: the new answer becomes a sibling of the old one. */
    record Regenerate() implements HistoryEdit {}

    /** The user message {@code messageId} gets this turn's prompt as a new sibling, answered on its own branch. */
    record Edit(long messageId) implements HistoryEdit {}

    /** A resolved {@link Regenerate}: the stored user message {@code messageId} is answered on a new branch. */
    record Again(long messageId) implements HistoryEdit {}
}
