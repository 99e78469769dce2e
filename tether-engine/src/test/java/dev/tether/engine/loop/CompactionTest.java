package dev.tether.engine.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.engine.chat.ChatEvent;
import dev.tether.engine.chat.ChatEvent.ContextCompacted;
import dev.tether.engine.chat.ChatEvent.Done;
import dev.tether.engine.chat.ChatEvent.ErrorEvent;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.ContextStrategy;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Message;
import dev.tether.engine.config.TetherConfig;
import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.model.ModelRouter;
import dev.tether.engine.scripted.ScriptedProvider;
import dev.tether.engine.session.Session;
import dev.tether.engine.session.SessionStore;
import dev.tether.engine.session.SessionUpdate;
import dev.tether.engine.session.SqliteSessionStore;
import dev.tether.engine.session.StoredMessage;
import dev.tether.engine.session.Summary;
import dev.tether.tool.ToolRegistry;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code context.strategy: summarize} through the whole tool loop, on the scripted model with a 1200-character
 * context and a real SQLite store: the note is written, stored, used and reused, edited, and a failed summary trims.
 */
class CompactionTest {

    private static final String SCRIPT = """
            models: [scripted]
            context_chars: 1200
            rules:
              - on: user
                match: "^Transcript to summarize"
                chunks: [%s]
              - on: user
                match: ".*"
                chunks: ["An answer of a modest length, ", "said in two parts."]
            """;
    private static final String NOTE = "\"NOTE: the user asked about ten cities.\"";

    @TempDir
    Path dir;

    private SessionStore store;
    private RecordingProvider provider;
    private Orchestrator orchestrator;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private void start(String summaryChunks) throws Exception {
        start(summaryChunks, TetherConfig.ContextSettings.DEFAULT);
    }

    private void start(String summaryChunks, TetherConfig.ContextSettings context) throws Exception {
        Path file = dir.resolve("script.yml");
        Files.writeString(file, SCRIPT.formatted(summaryChunks));
        provider = new RecordingProvider(
                new ScriptedProvider(Config.just(ConfigSources.create(Map.of("script", file.toString())))));
        store = SqliteSessionStore.open("jdbc:sqlite:" + dir.resolve("tether.db"));
        orchestrator = new Orchestrator(
                store,
                new ModelRouter(List.of(provider)),
                ToolRegistry.builder().build(),
                new Orchestrator.Settings("You are a test.", 5, 4096, 10_000, 2, 2, context));
    }

    /** A session of {@code turns} stored exchanges of about 90 characters each. */
    private Session longSession(int turns) {
        Session session = store.create("long", null);
        for (int i = 0; i < turns; i++) {
            store.append(session.id(), Message.user("question " + i + " about the weather in city number " + i));
            store.append(
                    session.id(),
                    Message.assistant(
                            "answer " + i + ": it is sunny in city number " + i, List.of(), FinishReason.STOP));
        }
        return session;
    }

    private List<ChatEvent> turn(Session session, String prompt) {
        List<ChatEvent> events = new CopyOnWriteArrayList<>();
        try (Turn turn = orchestrator.begin(new TurnRequest(session.id(), prompt, null, ChatOptions.DEFAULT))) {
            turn.run(events::add);
        }
        return events;
    }

    private List<GenerationRequest> summaryCalls() {
        return provider.requests.stream()
                .filter(r -> r.messages().getFirst().content().equals(Summarizer.INSTRUCTION))
                .toList();
    }

    private GenerationRequest lastAnswerCall() {
        return provider.requests.stream()
                .filter(r -> !r.messages().getFirst().content().equals(Summarizer.INSTRUCTION))
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    private static String prompt(GenerationRequest request) {
        return String.join(
                "\n", request.messages().stream().map(Message::content).toList());
    }

    @Test
    void aTurnPastTheContextSummarizesTheOldestTurnsIntoAStoredNoteThatTakesTheirPlace() throws Exception {
        start(NOTE);
        Session session = longSession(16);

        List<ChatEvent> events = turn(session, "and city number nine?");

        ContextCompacted compacted = events.stream()
                .filter(ContextCompacted.class::isInstance)
                .map(ContextCompacted.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(compacted.turns()).isPositive();
        assertThat(compacted.messages()).isEqualTo(2 * compacted.turns());
        assertThat(compacted.covers()).isEqualTo(compacted.messages());
        assertThat(compacted.tokens()).isPositive();
        assertThat(compacted.content()).isEqualTo("NOTE: the user asked about ten cities.");
        assertThat(events).noneMatch(ErrorEvent.class::isInstance);
        assertThat(events.getLast())
                .isInstanceOfSatisfying(
                        Done.class, d -> assertThat(d.finishReason()).isEqualTo(FinishReason.STOP));

        List<StoredMessage> history = store.history(session.id());
        assertThat(history).hasSize(34); // nothing was deleted
        List<Summary> notes = store.summaries(session.id());
        assertThat(notes).singleElement().satisfies(note -> {
            assertThat(note.id()).isEqualTo(compacted.summaryId());
            assertThat(note.throughMessageId())
                    .isEqualTo(history.get(compacted.messages() - 1).id())
                    .isEqualTo(compacted.throughMessageId());
            assertThat(note.messages()).isEqualTo(compacted.messages());
        });

        List<GenerationRequest> summaries = summaryCalls();
        assertThat(summaries).singleElement().satisfies(call -> {
            assertThat(prompt(call)).contains("question 0 about").doesNotContain("and city number nine?");
            assertThat(call.options().maxTokens()).isEqualTo(256);
            assertThat(call.cacheKey()).isNull();
        });
        String answered = prompt(lastAnswerCall());
        assertThat(lastAnswerCall().messages().getFirst().content())
                .startsWith("You are a test.")
                .contains(PromptHistory.NOTE_HEADING)
                .contains("NOTE: the user asked about ten cities.");
        assertThat(answered)
                .doesNotContain("question 0 about")
                .contains("question 15 about")
                .contains("and city number nine?");
    }

    @Test
    void laterTurnsReuseTheStoredNoteSoThePromptPrefixStaysTheSame() throws Exception {
        start(NOTE);
        Session session = longSession(16);
        turn(session, "and city number nine?");
        GenerationRequest first = lastAnswerCall();

        List<ChatEvent> events = turn(session, "thanks");

        assertThat(summaryCalls()).hasSize(1);
        assertThat(events).noneMatch(e -> e instanceof ContextCompacted || e instanceof ErrorEvent);
        // the same text in the same order: what the engine's prompt cache (and a saved KV cache) holds still matches
        List<String> before = first.messages().stream().map(Message::content).toList();
        List<String> next =
                lastAnswerCall().messages().stream().map(Message::content).toList();
        assertThat(next.subList(0, before.size())).isEqualTo(before);
        assertThat(next).hasSize(before.size() + 2);
    }

    @Test
    void anEditedNoteIsWhatTheNextTurnReads() throws Exception {
        start(NOTE);
        Session session = longSession(16);
        turn(session, "and city number nine?");
        Summary note = store.summaries(session.id()).getFirst();

        assertThat(store.editSummary(session.id(), note.id(), "EDITED: only Paris matters."))
                .hasValueSatisfying(s -> assertThat(s.editedAt()).isNotNull());
        turn(session, "thanks");

        assertThat(lastAnswerCall().messages().getFirst().content())
                .contains("EDITED: only Paris matters.")
                .doesNotContain("ten cities");
        assertThat(summaryCalls()).hasSize(1);
    }

    @Test
    void whenTheNoteAndTheRecentTurnsNoLongerFitANewNoteCoversMore() throws Exception {
        start(NOTE);
        Session session = longSession(16);
        turn(session, "and city number nine?");
        for (int i = 0; i < 8 && store.summaries(session.id()).size() < 2; i++) {
            turn(session, "one more question about the weather in city number " + (10 + i));
        }

        List<Summary> notes = store.summaries(session.id());
        assertThat(notes).hasSize(2);
        assertThat(notes.get(1).messages()).isGreaterThan(notes.get(0).messages());
        assertThat(notes.get(1).throughMessageId()).isGreaterThan(notes.get(0).throughMessageId());
        assertThat(prompt(summaryCalls().get(1)))
                .contains("Summary of what came before: NOTE: the user asked about ten cities.")
                .doesNotContain("question 0 about");
    }

    @Test
    void aFailedSummaryTrimsTheOldestTurnsAndSaysSo() throws Exception {
        start(""); // the model writes nothing: an empty summary
        Session session = longSession(16);

        List<ChatEvent> events = turn(session, "and city number nine?");

        assertThat(events)
                .filteredOn(ErrorEvent.class::isInstance)
                .extracting(e -> ((ErrorEvent) e).code())
                .containsExactly("compaction_failed", "context_trimmed");
        assertThat(events).noneMatch(ContextCompacted.class::isInstance);
        assertThat(events.getLast())
                .isInstanceOfSatisfying(
                        Done.class, d -> assertThat(d.finishReason()).isEqualTo(FinishReason.STOP));
        assertThat(store.summaries(session.id())).isEmpty();
        assertThat(store.history(session.id())).hasSize(34);
    }

    @Test
    void aSummaryThatOnlyReasonsUntilItsBudgetRunsOutSaysWhichSettingToRaise() throws Exception {
        start(
                "\"<think>\", \"still \", \"thinking\", \"</think>\", \"a note\"",
                new TetherConfig.ContextSettings(ContextStrategy.SUMMARIZE, 2));
        Session session = longSession(16);

        List<ChatEvent> events = turn(session, "and city number nine?");

        assertThat(events)
                .filteredOn(e -> e instanceof ErrorEvent error && error.code().equals("compaction_failed"))
                .singleElement()
                .satisfies(e -> assertThat(((ErrorEvent) e).message())
                        .contains("reasoned until context.summary_max_tokens (2) ran out"));
        assertThat(summaryCalls())
                .singleElement()
                .satisfies(call -> assertThat(call.options().maxTokens()).isEqualTo(2));
    }

    @Test
    void aSessionThatChoseTrimLeavesTheOldestTurnsOutWithoutASummary() throws Exception {
        start(NOTE);
        Session session = longSession(16);
        assertThat(store.update(session.id(), new SessionUpdate(null, null, null, ContextStrategy.TRIM, false)))
                .hasValueSatisfying(s -> assertThat(s.contextStrategy()).isEqualTo(ContextStrategy.TRIM));

        List<ChatEvent> events = turn(session, "and city number nine?");

        assertThat(events)
                .filteredOn(ErrorEvent.class::isInstance)
                .extracting(e -> ((ErrorEvent) e).code())
                .containsExactly("context_trimmed");
        assertThat(summaryCalls()).isEmpty();
        assertThat(store.summaries(session.id())).isEmpty();
    }

    @Test
    void aNoteAppliesOnlyOnABranchThatHoldsTheMessagesItCovers() throws Exception {
        start(NOTE);
        Session session = longSession(16);
        turn(session, "and city number nine?");
        Summary note = store.summaries(session.id()).getFirst();
        StoredMessage covered = store.history(session.id()).stream()
                .filter(m -> m.id() == note.throughMessageId())
                .findFirst()
                .orElseThrow();

        // an edit before the note's last message: a new branch without the messages the note stands for
        store.appendAfter(session.id(), covered.parentId(), Message.user("a different question"));
        assertThat(Summary.current(store.history(session.id()), store.summaries(session.id())))
                .isEmpty();

        // back on the old branch the note applies again; it was never deleted
        assertThat(store.activate(session.id(), note.throughMessageId())).isTrue();
        assertThat(Summary.current(store.history(session.id()), store.summaries(session.id())))
                .contains(note);
    }
}
