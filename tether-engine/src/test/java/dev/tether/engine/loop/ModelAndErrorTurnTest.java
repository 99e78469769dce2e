package dev.tether.engine.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.engine.chat.ChatEvent;
import dev.tether.engine.chat.ChatEvent.Done;
import dev.tether.engine.chat.ChatEvent.ErrorEvent;
import dev.tether.engine.chat.ChatEvent.MessageStored;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.Role;
import dev.tether.engine.chat.TurnError;
import dev.tether.engine.chat.Usage;
import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.model.GenerationResult;
import dev.tether.engine.model.ModelEvent;
import dev.tether.engine.model.ModelInfo;
import dev.tether.engine.model.ModelProvider;
import dev.tether.engine.model.ModelRouter;
import dev.tether.engine.session.Session;
import dev.tether.engine.session.SessionStore;
import dev.tether.engine.session.SqliteSessionStore;
import dev.tether.tool.ToolRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #25 in the tool loop, on a real SQLite store: each answer keeps the model that wrote it and the session
 * follows it; a failed answer is stored with its error (never as content); a context overflow says what to do; a
 * shutdown ends a running answer with {@code server_stopping}, not as the user's Stop.
 */
class ModelAndErrorTurnTest {

    @TempDir
    Path dir;

    private SessionStore store;
    private Orchestrator orchestrator;
    private final Models models = new Models();

    @BeforeEach
    void start() {
        store = SqliteSessionStore.open("jdbc:sqlite:" + dir.resolve("tether.db"));
        orchestrator = new Orchestrator(
                store,
                new ModelRouter(List.of(models)),
                ToolRegistry.builder().timeout(Duration.ofSeconds(5)).build(),
                new Orchestrator.Settings("You are a test.", 5, 4096, 1000, 4, 4));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void eachAnswerKeepsItsModelAndTheSessionContinuesOnIt() {
        Session session = store.create("models", null);

        List<ChatEvent> first = turn(session.id(), "hello", "beta");
        List<ChatEvent> second = turn(session.id(), "again", null); // names no model: the chat's own

        assertThat(stored(first)).extracting(MessageStored::model).containsExactly(null, "beta");
        assertThat(stored(second)).extracting(MessageStored::model).containsExactly(null, "beta");
        assertThat(models.asked).containsExactly("beta", "beta");
        assertThat(store.find(session.id()).orElseThrow().model()).isEqualTo("beta");
        assertThat(store.messages(session.id()))
                .extracting(Message::role, Message::model)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Role.USER, null),
                        org.assertj.core.groups.Tuple.tuple(Role.ASSISTANT, "beta"),
                        org.assertj.core.groups.Tuple.tuple(Role.USER, null),
                        org.assertj.core.groups.Tuple.tuple(Role.ASSISTANT, "beta"));

        turn(session.id(), "switch", "alpha");
        assertThat(store.find(session.id()).orElseThrow().model()).isEqualTo("alpha");
        assertThat(store.messages(session.id()).getLast().model()).isEqualTo("alpha");
    }

    @Test
    void aFailedAnswerIsStoredWithItsErrorAndNeverSentToTheModel() {
        Session session = store.create("failure", null);

        List<ChatEvent> events = turn(session.id(), "overflow", "alpha");

        ErrorEvent error = only(events, ErrorEvent.class);
        assertThat(error.code()).isEqualTo("context_overflow");
        assertThat(error.message())
                .startsWith("the newest message does not fit")
                .contains("turn some tools off", "providers.model.args.n_ctx", "a model with a longer context");
        Message failed = store.messages(session.id()).getLast();
        assertThat(failed.role()).isEqualTo(Role.ASSISTANT);
        assertThat(failed.finishReason()).isEqualTo(FinishReason.ERROR);
        assertThat(failed.error()).isEqualTo(new TurnError("context_overflow", error.message()));
        assertThat(failed.content()).isEmpty();

        turn(session.id(), "hello", null);
        assertThat(models.lastRequest.messages())
                .extracting(Message::content)
                .noneMatch(text -> text.contains("does not fit"));
    }

    @Test
    void aShutdownEndsARunningAnswerWithServerStoppingAndRefusesNewOnes() throws Exception {
        Session session = store.create("shutdown", null);
        List<ChatEvent> events = new CopyOnWriteArrayList<>();
        Turn turn = orchestrator.begin(new TurnRequest(session.id(), "wait", "alpha", ChatOptions.DEFAULT));
        CompletableFuture<FinishReason> ran = runWhileTheModelWaits(turn, events);

        assertThat(orchestrator.stopTurns(Duration.ofSeconds(10))).isTrue();

        assertThat(ran.get(10, TimeUnit.SECONDS)).isEqualTo(FinishReason.ERROR);
        assertThat(only(events, ErrorEvent.class).code()).isEqualTo("server_stopping");
        assertThat(((Done) events.getLast()).finishReason()).isEqualTo(FinishReason.ERROR);
        Message stored = store.messages(session.id()).getLast();
        assertThat(stored.error().code()).isEqualTo("server_stopping");
        assertThat(stored.finishReason()).isEqualTo(FinishReason.ERROR);
        assertThatThrownBy(() -> orchestrator.begin(new TurnRequest(session.id(), "hello", null, ChatOptions.DEFAULT)))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.SERVER_STOPPING));
    }

    /** A turn begun while the shutdown starts is either refused or stopped by it: none escapes and runs on. */
    @Test
    void noTurnBegunDuringAShutdownEscapesIt() throws Exception {
        for (int round = 0; round < 100; round++) {
            Orchestrator stopping = new Orchestrator(
                    store,
                    new ModelRouter(List.of(models)),
                    ToolRegistry.builder().timeout(Duration.ofSeconds(5)).build(),
                    new Orchestrator.Settings("You are a test.", 5, 4096, 1000, 4, 4));
            List<Turn> begun = new CopyOnWriteArrayList<>();
            CyclicBarrier go = new CyclicBarrier(5);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Session session = store.create("race", null);
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        go.await();
                        begun.add(stopping.begin(new TurnRequest(session.id(), "hello", "alpha", ChatOptions.DEFAULT)));
                    } catch (EngineException e) {
                        assertThat(e.errorCode()).isEqualTo(ErrorCode.SERVER_STOPPING);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            go.await();
            stopping.stopTurns(Duration.ZERO);
            for (Thread thread : threads) {
                thread.join();
            }
            for (Turn turn : begun) {
                assertThat(turn.cancellation().isCancelled())
                        .as("round %d", round)
                        .isTrue();
                assertThat(turn.run(e -> {})).isNotEqualTo(FinishReason.STOP);
            }
        }
    }

    @Test
    void theUsersStopIsNoError() throws Exception {
        Session session = store.create("stop", null);
        List<ChatEvent> events = new CopyOnWriteArrayList<>();
        Turn turn = orchestrator.begin(new TurnRequest(session.id(), "wait", "alpha", ChatOptions.DEFAULT));
        CompletableFuture<FinishReason> ran = runWhileTheModelWaits(turn, events);

        turn.cancellation().cancel();

        assertThat(ran.get(10, TimeUnit.SECONDS)).isEqualTo(FinishReason.CANCELLED);
        assertThat(events).noneMatch(ErrorEvent.class::isInstance);
        assertThat(store.messages(session.id()).getLast().error()).isNull();
    }

    /** Runs the turn on another thread; returns once the model is generating (and waits to be cancelled). */
    private CompletableFuture<FinishReason> runWhileTheModelWaits(Turn turn, List<ChatEvent> events)
            throws InterruptedException {
        CompletableFuture<FinishReason> ran = CompletableFuture.supplyAsync(() -> {
            try (turn) {
                return turn.run(events::add);
            }
        });
        assertThat(models.waiting.await(10, TimeUnit.SECONDS)).isTrue();
        return ran;
    }

    private List<ChatEvent> turn(java.util.UUID session, String prompt, String model) {
        List<ChatEvent> events = new CopyOnWriteArrayList<>();
        try (Turn turn = orchestrator.begin(new TurnRequest(session, prompt, model, ChatOptions.DEFAULT))) {
            turn.run(events::add);
        }
        return events;
    }

    private static List<MessageStored> stored(List<ChatEvent> events) {
        return events.stream()
                .filter(MessageStored.class::isInstance)
                .map(MessageStored.class::cast)
                .toList();
    }

    private static <T> T only(List<ChatEvent> events, Class<T> type) {
        List<T> found = events.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).hasSize(1);
        return found.getFirst();
    }

    /**
     * Two models: "overflow" fails as an engine does when the prompt does not fit, "wait" blocks until cancelled,
     * anything else is answered "Hi.".
     */
    static final class Models implements ModelProvider {
        final List<String> asked = new CopyOnWriteArrayList<>();
        final CountDownLatch waiting = new CountDownLatch(1);
        volatile GenerationRequest lastRequest;

        @Override
        public List<ModelInfo> models() {
            return List.of(
                    new ModelInfo("alpha", "test", true, Map.of()), new ModelInfo("beta", "test", true, Map.of()));
        }

        @Override
        public GenerationResult generate(GenerationRequest request, Consumer<ModelEvent> events) {
            asked.add(request.model());
            lastRequest = request;
            String prompt = request.messages().getLast().content();
            if (prompt.equals("overflow")) {
                throw new EngineException(
                        ErrorCode.CONTEXT_OVERFLOW,
                        "the newest message does not fit the model's context (9000 tokens; 4096 available)");
            }
            if (prompt.equals("wait")) {
                CountDownLatch cancelled = new CountDownLatch(1);
                request.cancel().onCancel(cancelled::countDown);
                waiting.countDown();
                try {
                    cancelled.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new GenerationResult(FinishReason.CANCELLED, Usage.ZERO);
            }
            events.accept(new ModelEvent.Text("Hi."));
            return new GenerationResult(FinishReason.STOP, Usage.ZERO);
        }
    }
}
