package dev.tether.engine.loop;

import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.Role;
import dev.tether.engine.session.StoredMessage;
import dev.tether.engine.session.Summary;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A turn's history and what of it the model reads: the system message, with the session's summary note when one
 * applies, then the messages after the last one the note covers. The covered messages stay here (and stored); only
 * the prompt leaves them out. A note applies only to a history that holds the message it covers up to.
 */
final class PromptHistory {

    /** Where the note goes in the system message, before its text. */
    static final String NOTE_HEADING = "Summary of the earlier conversation (those messages are not shown here):";

    /** The oldest messages of a prompt after its system message, all stored, up to the message {@code throughId}. */
    record Span(List<Message> messages, long throughId, int turns) {}

    private final Message system;
    private final List<Message> messages = new ArrayList<>();
    /** The stored id of each message, -1 until it is known. */
    private final List<Long> ids = new ArrayList<>();

    private Summary note;
    private int noteEnd;

    private PromptHistory(Message system) {
        this.system = system;
    }

    /** The history {@code stored} after {@code system}; with {@code notes}, the latest note it holds applies. */
    static PromptHistory of(Message system, List<StoredMessage> stored, List<Summary> notes) {
        PromptHistory history = new PromptHistory(system);
        stored.forEach(m -> history.add(m.message(), m.id()));
        Summary.current(stored, notes).ifPresent(history::use);
        return history;
    }

    void add(Message message) {
        add(message, -1);
    }

    void add(Message message, long id) {
        messages.add(message);
        ids.add(id);
    }

    /** The system message and every message, covered or not. */
    List<Message> all() {
        List<Message> all = new ArrayList<>(List.of(system));
        all.addAll(messages);
        return all;
    }

    /** What the model reads: the system message with the note, then the messages the note does not cover. */
    List<Message> prompt() {
        List<Message> prompt = new ArrayList<>(List.of(note == null ? system : withNote(system, note.content())));
        prompt.addAll(messages.subList(noteEnd, messages.size()));
        return prompt;
    }

    Optional<Summary> note() {
        return Optional.ofNullable(note);
    }

    /** The first {@code count} messages of {@link #prompt()} after its system message; empty if one is unstored. */
    Optional<Span> oldest(int count) {
        if (count <= 0
                || noteEnd + count > messages.size()
                || ids.subList(noteEnd, noteEnd + count).contains(-1L)) {
            return Optional.empty();
        }
        List<Message> span = messages.subList(noteEnd, noteEnd + count);
        int turns = (int) span.stream().filter(m -> m.role() == Role.USER).count();
        return Optional.of(new Span(List.copyOf(span), ids.get(noteEnd + count - 1), Math.max(1, turns)));
    }

    /** From now on {@code summary} stands for the messages up to the one it names. */
    void use(Summary summary) {
        int end = ids.indexOf(summary.throughMessageId()) + 1;
        if (end == 0) {
            throw new IllegalArgumentException("the summary covers a message this history does not hold");
        }
        note = summary;
        noteEnd = end;
    }

    /** {@code system} with the note after its text. */
    static Message withNote(Message system, String note) {
        String own = system.content().isBlank() ? "" : system.content() + "\n\n";
        return Message.system(own + NOTE_HEADING + "\n" + note.strip());
    }
}
