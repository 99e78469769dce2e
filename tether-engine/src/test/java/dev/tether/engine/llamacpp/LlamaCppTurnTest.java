package dev.tether.engine.llamacpp;

import static dev.tether.engine.llamacpp.LlamaCppProviderTest.args;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.engine.chat.ChatEvent;
import dev.tether.engine.chat.ChatEvent.Done;
import dev.tether.engine.chat.ChatEvent.ErrorEvent;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.ContextStrategy;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Message;
import dev.tether.engine.loop.Orchestrator;
import dev.tether.engine.loop.Turn;
import dev.tether.engine.loop.TurnRequest;
import dev.tether.engine.model.ModelRouter;
import dev.tether.engine.session.Session;
import dev.tether.engine.session.SessionStore;
import dev.tether.engine.session.SessionUpdate;
import dev.tether.engine.session.SqliteSessionStore;
import dev.tether.tool.ToolRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole turns through the tool loop on the llama.cpp provider: a long session is trimmed and the client told. */
class LlamaCppTurnTest {

    @TempDir
    static Path dir;

    private static SessionStore store;
    private static ModelRouter models;
    private static Orchestrator orchestrator;

    @BeforeAll
    static void start() throws Exception {
        Files.copy(TestModels.tiny(), dir.resolve("tiny.gguf"));
        GgufWriter.write(
                GgufWriter.Spec.tiny()
                        .withChatTemplate(GgufWriter.CHATML_TEMPLATE.replace(
                                "'<|im_start|>assistant\\n'", "'<|im_start|>assistant\\n<think>\\n'")),
                dir.resolve("reasoner.gguf"));
        store = SqliteSessionStore.open("jdbc:sqlite:" + dir.resolve("tether.db"));
        models = new ModelRouter(List.of(new LlamaCppProvider(args(Map.of(
                "engine", "embedded", "dist_root", dir.toString(), "n_ctx", "256", "parallel", "1", "threads", "1")))));
        orchestrator = new Orchestrator(
                store,
                models,
                ToolRegistry.builder().build(),
                new Orchestrator.Settings("You are terse.", 3, 32768, 100_000, 4, 4));
    }

    @AfterAll
    static void stop() {
        models.close();
        store.close();
    }

    private static List<ChatEvent> turn(Session session, String prompt) {
        return turn(session, prompt, "tiny");
    }

    private static List<ChatEvent> turn(Session session, String prompt, String model) {
        List<ChatEvent> events = new CopyOnWriteArrayList<>();
        try (Turn turn = orchestrator.begin(new TurnRequest(
                session.id(), prompt, model, new ChatOptions(8, 0.7, null, 1L, List.of(), null, null)))) {
            turn.run(events::add);
        }
        return events;
    }

    @Test
    void aSessionLongerThanTheContextIsTrimmedAndTheClientIsTold() {
        Session session = store.create("long", null);
        store.update(session.id(), new SessionUpdate(null, null, null, ContextStrategy.TRIM, false));
        for (int i = 0; i < 12; i++) {
            store.append(session.id(), Message.user("an earlier question about the weather, number " + i));
            store.append(
                    session.id(),
                    Message.assistant(
                            "an earlier answer about the weather, number " + i, List.of(), FinishReason.STOP));
        }

        List<ChatEvent> events = turn(session, "and now?");

        assertThat(events)
                .filteredOn(ErrorEvent.class::isInstance)
                .extracting(e -> ((ErrorEvent) e).code())
                .containsExactly("context_trimmed");
        assertThat(events.getLast()).isInstanceOfSatisfying(Done.class, done -> {
            assertThat(done.finishReason()).isIn(FinishReason.STOP, FinishReason.LENGTH);
            assertThat(done.usage().promptTokens()).isPositive().isLessThanOrEqualTo(256);
        });
        assertThat(store.messages(session.id())).hasSize(26);
    }

    @Test
    void aPromptThatOpensThinkingMakesTheAnswerStartAsThinking() {
        Session session = store.create("reasoning", null);

        List<ChatEvent> events = turn(session, "think first", "reasoner");

        assertThat(events).filteredOn(ChatEvent.Think.class::isInstance).isNotEmpty();
        assertThat(events)
                .filteredOn(ChatEvent.Token.class::isInstance)
                .noneMatch(t -> ((ChatEvent.Token) t).text().contains("<think>"));
    }

    @Test
    void aShortSessionIsNotTrimmed() {
        Session session = store.create("short", null);

        List<ChatEvent> events = turn(session, "hello");

        assertThat(events).noneMatch(ErrorEvent.class::isInstance);
        assertThat(events.getLast()).isInstanceOf(Done.class);
    }
}
