package dev.tether.engine.loop;

/** How a turn's prompt joins the session's stored history. */
public sealed interface HistoryEdit {

    /** The usual turn: the prompt goes after everything stored. */
    HistoryEdit APPEND = new Append();

    /** The prompt goes after everything stored. */
    record Append() implements HistoryEdit {}

    /** The newest user message is asked again: it and everything after it are replaced by this turn. */
    record Regenerate() implements HistoryEdit {}

    /** The user message {@code messageId} is replaced by this turn's prompt; everything after it goes too. */
    record Edit(long messageId) implements HistoryEdit {}
}
