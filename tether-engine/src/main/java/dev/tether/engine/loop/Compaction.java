package dev.tether.engine.loop;

import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.chat.ChatEvent;
import dev.tether.engine.chat.ChatEvent.ErrorEvent;
import dev.tether.engine.model.ContextFull;
import dev.tether.engine.session.SessionStore;
import dev.tether.engine.session.Summary;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * {@code context.strategy: summarize}: when a prompt does not fit, its oldest messages are summarized into a note
 * that is stored and takes their place from then on; a summary that fails is said so, and the turn trims instead.
 */
record Compaction(SessionStore store, UUID session, Summarizer summarizer) {

    private static final Logger LOG = Logger.getLogger(Compaction.class.getName());

    /** Puts a note in place of the oldest messages {@code full} names; false (and said so) when that failed. */
    boolean compact(PromptHistory history, ContextFull full, Long seed, Emitter out, Cancellation cancel) {
        try {
            PromptHistory.Span span = history.oldest(full.messages())
                    .orElseThrow(() -> new IllegalStateException("the messages to summarize are not all stored"));
            Summary earlier = history.note().orElse(null);
            String text =
                    summarizer.summarize(earlier == null ? null : earlier.content(), span.messages(), seed, cancel);
            int covers =
                    (earlier == null ? 0 : earlier.messages()) + span.messages().size();
            int tokens = (earlier == null ? 0 : earlier.tokens()) + full.tokens();
            Summary note = store.saveSummary(session, new Summary.Draft(span.throughId(), covers, tokens, text));
            history.use(note);
            out.emit(new ChatEvent.ContextCompacted(
                    note.id(),
                    note.throughMessageId(),
                    span.turns(),
                    span.messages().size(),
                    full.tokens(),
                    covers,
                    text));
            return true;
        } catch (RuntimeException e) {
            if (cancel.isCancelled()) {
                return false; // the user's Stop, not a failed summary
            }
            LOG.warning("session " + session + ": the oldest " + full.messages()
                    + " messages could not be summarized, so they are left out instead: " + e.getMessage());
            out.emit(new ErrorEvent(
                    "the oldest " + full.messages() + " messages could not be summarized (" + e.getMessage()
                            + "); they are left out of this answer instead",
                    "compaction_failed"));
            return false;
        }
    }
}
