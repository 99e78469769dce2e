package dev.tether.engine.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Message;
import dev.tether.engine.session.StoredMessage;
import dev.tether.engine.session.Summary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which note applies to a history, and the prompt built from it. */
class PromptHistoryTest {

    private static final Message SYSTEM = Message.system("Be brief.");

    /** Three exchanges stored as ids 10 to 15. */
    private static List<StoredMessage> stored() {
        List<StoredMessage> stored = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            stored.add(new StoredMessage(10 + 2 * i, Message.user("q" + i)));
            stored.add(new StoredMessage(11 + 2 * i, Message.assistant("a" + i, List.of(), FinishReason.STOP)));
        }
        return stored;
    }

    private static Summary note(long id, long through, int messages, String text) {
        return new Summary(id, through, messages, 50, text, Instant.now(), null);
    }

    private static List<String> contents(List<Message> messages) {
        return messages.stream().map(Message::content).toList();
    }

    @Test
    void withoutANoteThePromptIsTheWholeHistory() {
        PromptHistory history = PromptHistory.of(SYSTEM, stored(), List.of());
        history.add(Message.user("new"));

        assertThat(contents(history.prompt())).containsExactly("Be brief.", "q0", "a0", "q1", "a1", "q2", "a2", "new");
        assertThat(history.note()).isEmpty();
    }

    @Test
    void theNoteJoinsTheSystemMessageAndTheMessagesItCoversLeaveThePrompt() {
        PromptHistory history = PromptHistory.of(SYSTEM, stored(), List.of(note(1, 13, 4, "they asked twice")));
        history.add(Message.user("new"));

        assertThat(contents(history.prompt()))
                .containsExactly(
                        "Be brief.\n\n" + PromptHistory.NOTE_HEADING + "\nthey asked twice", "q2", "a2", "new");
        assertThat(contents(history.all())).hasSize(8);
    }

    @Test
    void ofSeveralNotesTheOneCoveringTheMostOfThisHistoryApplies() {
        List<Summary> notes = List.of(note(1, 11, 2, "first"), note(2, 13, 4, "second"), note(3, 99, 9, "elsewhere"));

        PromptHistory history = PromptHistory.of(SYSTEM, stored(), notes);

        assertThat(history.note()).hasValueSatisfying(n -> assertThat(n.id()).isEqualTo(2));
    }

    @Test
    void aNoteWhoseLastMessageThisHistoryLacksDoesNotApply() {
        PromptHistory history = PromptHistory.of(SYSTEM, stored(), List.of(note(1, 99, 4, "another branch")));

        assertThat(history.note()).isEmpty();
        assertThat(history.prompt().getFirst()).isEqualTo(SYSTEM);
    }

    @Test
    void theOldestSpanCountsFromAfterTheNoteAndNeedsStoredMessages() {
        PromptHistory history = PromptHistory.of(SYSTEM, stored(), List.of(note(1, 11, 2, "first")));
        history.add(Message.user("new"));

        assertThat(history.oldest(2)).hasValueSatisfying(span -> {
            assertThat(contents(span.messages())).containsExactly("q1", "a1");
            assertThat(span.throughId()).isEqualTo(13);
            assertThat(span.turns()).isEqualTo(1);
        });
        assertThat(history.oldest(5)).as("reaches the unstored prompt").isEmpty();
        assertThat(history.oldest(0)).isEmpty();
    }

    @Test
    void transcriptHoldsTheEarlierNoteAndEachMessage() {
        String transcript = Summarizer.transcript(
                "before", List.of(Message.user("hi"), Message.tool("call_1", "weather", "sunny")));

        assertThat(transcript)
                .startsWith("Transcript to summarize:")
                .contains("Summary of what came before: before")
                .contains("User: hi")
                .contains("Tool weather returned: sunny")
                .endsWith("Write the note now.");
    }
}
