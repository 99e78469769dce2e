package dev.tether.engine.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.engine.chat.ChatEvent;
import dev.tether.engine.chat.ChatEvent.Done;
import dev.tether.engine.chat.ChatEvent.ErrorEvent;
import dev.tether.engine.chat.ChatEvent.MessageStored;
import dev.tether.engine.chat.ChatEvent.Token;
import dev.tether.engine.chat.ChatEvent.ToolCallEvent;
import dev.tether.engine.chat.ChatEvent.ToolResultEvent;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.Role;
import dev.tether.engine.chat.ToolChoice;
import dev.tether.engine.error.EngineException;
import dev.tether.engine.model.ModelRouter;
import dev.tether.engine.scripted.ScriptedProvider;
import dev.tether.engine.session.Session;
import dev.tether.engine.session.SessionStore;
import dev.tether.engine.session.SqliteSessionStore;
import dev.tether.engine.session.StoredMessage;
import dev.tether.tool.ToolRegistry;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrchestratorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private SessionStore store;
    private RecordingProvider provider;
    private Orchestrator orchestrator;
    private LoopTools.Block block;

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    private void start(String script, int maxToolLoops, int running, int queued) throws Exception {
        Path file = dir.resolve("script.yml");
        Files.writeString(file, script);
        provider = new RecordingProvider(
                new ScriptedProvider(Config.just(ConfigSources.create(Map.of("script", file.toString())))));
        store = SqliteSessionStore.open("jdbc:sqlite:" + dir.resolve("tether.db"));
        block = new LoopTools.Block();
        ToolRegistry tools = ToolRegistry.builder()
                .timeout(Duration.ofSeconds(5))
                .add("add", new LoopTools.Add())
                .add("explode", new LoopTools.Explode())
                .add("block", block)
                .build();
        orchestrator = new Orchestrator(
                store,
                new ModelRouter(List.of(provider)),
                tools,
                new Orchestrator.Settings("You are a test.", maxToolLoops, 4096, 1000, running, queued));
    }

    private void start(String script) throws Exception {
        start(script, 5, 4, 4);
    }

    private List<ChatEvent> turn(Session session, String prompt, ChatOptions options) {
        List<ChatEvent> events = new CopyOnWriteArrayList<>();
        try (Turn turn = orchestrator.begin(new TurnRequest(session.id(), prompt, null, options))) {
            turn.run(events::add);
        }
        return events;
    }

    private static final String TWO_TOOLS = """
            models: [scripted]
            rules:
              - on: user
                match: "(?i)sum"
                chunks: ["Adding. ", "<<function_call>> {\\"name\\": \\"add\\", \\"arguments\\": {\\"a\\": 2, \\"b\\": 3}}",
                         " and <<function_call>>", " {\\"name\\": \\"add\\", \\"arguments\\": {\\"a\\": 10, \\"b\\": 20}}"]
              - on: tool
                match: "30"
                chunks: ["The sums are ", "5 and 30."]
            """;

    @Test
    void multiToolTurnStreamsStoresAndSurvivesReopening() throws Exception {
        start(TWO_TOOLS);
        Session session = store.create("sums", null);

        List<ChatEvent> events = turn(session, "two sums please", ChatOptions.DEFAULT);

        assertThat(events)
                .extracting(ChatEvent::type)
                .containsExactly(
                        "message_stored",
                        "token",
                        "tool_call",
                        "token",
                        "tool_call",
                        "message_stored",
                        "tool_result",
                        "tool_result",
                        "token",
                        "token",
                        "message_stored",
                        "done");
        ToolCallEvent first = (ToolCallEvent) events.get(2);
        assertThat(first.name()).isEqualTo("add");
        assertThat(first.id()).startsWith("call_");
        ToolResultEvent result = (ToolResultEvent) events.get(7);
        assertThat(result.error()).isNull();
        List<MessageStored> ids = events.stream()
                .filter(MessageStored.class::isInstance)
                .map(MessageStored.class::cast)
                .toList();
        assertThat(ids).extracting(MessageStored::role).containsExactly(Role.USER, Role.ASSISTANT, Role.ASSISTANT);
        assertThat(ids)
                .extracting(MessageStored::id)
                .containsExactlyElementsOf(store.history(session.id()).stream()
                        .filter(m -> m.message().role() != Role.TOOL)
                        .map(StoredMessage::id)
                        .toList());
        assertThat(result.result().get("sum").asInt()).isEqualTo(30);
        assertThat(((Done) events.getLast()).finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(((Done) events.getLast()).usage().completionTokens()).isEqualTo(6);

        List<Message> stored = store.messages(session.id());
        assertThat(stored)
                .extracting(Message::role)
                .containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL, Role.TOOL, Role.ASSISTANT);
        assertThat(stored.get(1).content()).isEqualTo("Adding.  and ");
        assertThat(stored.get(1).toolCalls())
                .extracting(c -> c.arguments().get("a").asInt())
                .containsExactly(2, 10);
        assertThat(stored.get(2).toolCallId()).isEqualTo(first.id());
        assertThat(JSON.readTree(stored.get(3).content()).get("sum").asInt()).isEqualTo(30);
        assertThat(stored.get(4).content()).isEqualTo("The sums are 5 and 30.");
        assertThat(stored.get(4).finishReason()).isEqualTo(FinishReason.STOP);

        store.close();
        store = SqliteSessionStore.open("jdbc:sqlite:" + dir.resolve("tether.db"));
        assertThat(store.messages(session.id()))
                .usingRecursiveFieldByFieldElementComparatorIgnoringFields("createdAt")
                .isEqualTo(stored);
    }

    @Test
    void tokensConcatenateToTheStoredText() throws Exception {
        start(TWO_TOOLS);
        Session session = store.create("", null);

        List<ChatEvent> events = turn(session, "sum", ChatOptions.DEFAULT);

        String streamed = events.stream()
                .filter(e -> e instanceof Token)
                .map(e -> ((Token) e).text())
                .reduce("", String::concat);
        String stored = store.messages(session.id()).stream()
                .filter(m -> m.role() == Role.ASSISTANT)
                .map(Message::content)
                .reduce("", String::concat);
        assertThat(streamed).isEqualTo(stored);
    }

    @Test
    void everyMessageIsStoredBeforeDone() throws Exception {
        start(TWO_TOOLS);
        Session session = store.create("", null);
        List<Integer> countAtDone = new ArrayList<>();

        try (Turn turn = orchestrator.begin(new TurnRequest(session.id(), "sum", null, ChatOptions.DEFAULT))) {
            turn.run(e -> {
                if (e instanceof Done) {
                    countAtDone.add(store.messages(session.id()).size());
                }
            });
        }

        assertThat(countAtDone).containsExactly(5);
    }

    @Test
    void systemPromptCarriesToolInstructionsAndTheHistory() throws Exception {
        start(TWO_TOOLS);
        Session session = store.create("", "Be brief.");

        turn(session, "sum", ChatOptions.DEFAULT);

        var first = provider.requests.getFirst();
        assertThat(first.messages().getFirst().role()).isEqualTo(Role.SYSTEM);
        assertThat(first.messages().getFirst().content())
                .startsWith("Be brief.")
                .contains("add", "<<function_call>>");
        assertThat(first.tools()).extracting(t -> t.name()).containsExactly("add", "explode", "block");
        var second = provider.requests.get(1);
        assertThat(second.messages())
                .extracting(Message::role)
                .containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.TOOL, Role.TOOL);
        assertThat(second.cacheKey()).isEqualTo(session.id().toString());
    }

    @Test
    void loopStopsAtTheLimitWithEveryCallAnswered() throws Exception {
        start("""
                rules:
                  - on: user
                    chunks: ["<<function_call>>{\\"name\\":\\"add\\",\\"arguments\\":{\\"a\\":1,\\"b\\":1}}"]
                  - on: tool
                    chunks: ["again <<function_call>>{\\"name\\":\\"add\\",\\"arguments\\":{\\"a\\":1,\\"b\\":1}}"]
                """, 3, 4, 4);
        Session session = store.create("", null);

        List<ChatEvent> events = turn(session, "loop forever", ChatOptions.DEFAULT);

        assertThat(((Done) events.getLast()).finishReason()).isEqualTo(FinishReason.TOOL_LOOP_LIMIT);
        assertThat(provider.requests).hasSize(3);
        List<Message> stored = store.messages(session.id());
        assertThat(stored.stream().filter(m -> m.role() == Role.ASSISTANT)).hasSize(3);
        assertThat(stored.stream().filter(m -> m.role() == Role.TOOL)).hasSize(3);
        assertThat(stored.stream().filter(m -> m.role() == Role.ASSISTANT).map(Message::finishReason))
                .as("the last answer is stored with the turn's reason")
                .containsExactly(FinishReason.STOP, FinishReason.STOP, FinishReason.TOOL_LOOP_LIMIT);
    }

    @Test
    void toolFailuresBecomeErrorResultsTheModelSees() throws Exception {
        start("""
                rules:
                  - on: user
                    chunks: ["<<function_call>>{\\"name\\":\\"teleport\\",\\"arguments\\":{}}",
                             "<<function_call>>{\\"name\\":\\"add\\",\\"arguments\\":{\\"a\\":\\"two\\"}}",
                             "<<function_call>>{\\"name\\":\\"explode\\",\\"arguments\\":{}}"]
                  - on: tool
                    match: "error"
                    chunks: ["Sorry, the tools failed."]
                """);
        Session session = store.create("", null);

        List<ChatEvent> events = turn(session, "go", ChatOptions.DEFAULT);

        List<ToolResultEvent> results = events.stream()
                .filter(e -> e instanceof ToolResultEvent)
                .map(e -> (ToolResultEvent) e)
                .toList();
        assertThat(results).hasSize(3).allSatisfy(r -> assertThat(r.error()).isNotBlank());
        assertThat(results.get(0).error()).contains("unknown tool: teleport");
        assertThat(results.get(1).error()).contains("add");
        assertThat(results.get(2).error()).contains("boom");
        assertThat(((Done) events.getLast()).finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(store.messages(session.id()).stream().filter(m -> m.role() == Role.TOOL))
                .allSatisfy(
                        m -> assertThat(JSON.readTree(m.content()).has("error")).isTrue());
    }

    @Test
    void invalidToolMarkupIsAnErrorEventAndTheTurnGoesOn() throws Exception {
        start("""
                rules:
                  - on: user
                    chunks: ["Trying <<function_call>> {\\"name\\": oops} ", "done."]
                """);
        Session session = store.create("", null);

        List<ChatEvent> events = turn(session, "go", ChatOptions.DEFAULT);

        assertThat(events)
                .filteredOn(e -> e instanceof ErrorEvent)
                .singleElement()
                .satisfies(e -> assertThat(((ErrorEvent) e).code()).isEqualTo("invalid_tool_call"));
        assertThat(((Done) events.getLast()).finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void noMatchingRuleEndsWithAnError() throws Exception {
        start("""
                rules:
                  - on: user
                    match: "^hello$"
                    chunks: ["hi"]
                """);
        Session session = store.create("", null);

        List<ChatEvent> events = turn(session, "something else", ChatOptions.DEFAULT);

        assertThat(events)
                .extracting(ChatEvent::type)
                .containsExactly("message_stored", "error", "message_stored", "done");
        assertThat(((ErrorEvent) events.get(1)).code()).isEqualTo("no_script_rule");
        assertThat(((Done) events.getLast()).finishReason()).isEqualTo(FinishReason.ERROR);
    }

    @Test
    void aSinkThatFailsCancelsTheTurnAndThePartialAnswerIsStored() throws Exception {
        start("""
                chunk_delay_ms: 20
                rules:
                  - on: user
                    chunks: ["one ", "two ", "three ", "four ", "five ", "six ", "seven ", "eight"]
                """);
        Session session = store.create("", null);
        List<ChatEvent> seen = new ArrayList<>();

        FinishReason reason;
        try (Turn turn = orchestrator.begin(new TurnRequest(session.id(), "count", null, ChatOptions.DEFAULT))) {
            reason = turn.run(e -> {
                seen.add(e);
                if (seen.stream().filter(ChatEvent.Token.class::isInstance).count() == 2) {
                    throw new IllegalStateException("client went away");
                }
            });
        }

        assertThat(reason).isEqualTo(FinishReason.CANCELLED);
        assertThat(provider.requests.getFirst().cancel().isCancelled()).isTrue();
        Message last = store.messages(session.id()).getLast();
        assertThat(last.finishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(last.content()).startsWith("one two").doesNotContain("eight");
    }

    @Test
    void interruptingTheTurnsThreadCancelsItAndStoresThePartialAnswer() throws Exception {
        start("""
                chunk_delay_ms: 20
                rules:
                  - on: user
                    chunks: ["one ", "two ", "three ", "four ", "five ", "six ", "seven ", "eight"]
                """);
        Session session = store.create("", null);
        java.util.concurrent.CountDownLatch firstToken = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<FinishReason> reason =
                new java.util.concurrent.atomic.AtomicReference<>();

        Thread runner = Thread.ofVirtual().start(() -> {
            try (Turn turn = orchestrator.begin(new TurnRequest(session.id(), "count", null, ChatOptions.DEFAULT))) {
                reason.set(turn.run(e -> {
                    if (e instanceof Token) {
                        firstToken.countDown();
                    }
                }));
            }
        });
        assertThat(firstToken.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        runner.interrupt();
        runner.join(Duration.ofSeconds(10));

        assertThat(reason.get()).isEqualTo(FinishReason.CANCELLED);
        Message last = store.messages(session.id()).getLast();
        assertThat(last.finishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(last.content()).startsWith("one").doesNotContain("eight");
    }

    /** Calls the block tool, which runs until the turn is cancelled. */
    private static final String BLOCK = """
            rules:
              - on: user
                chunks: ["<<function_call>>{\\"name\\":\\"block\\",\\"arguments\\":{}}"]
            """;

    /** Runs a turn of the BLOCK script; once its tool runs, {@code meanwhile} runs, then the turn is cancelled. */
    private FinishReason runBlocked(TurnRequest request, Runnable meanwhile) throws Exception {
        try (Turn turn = orchestrator.begin(request)) {
            Thread stopper = Thread.ofVirtual().start(() -> {
                try {
                    block.started.await();
                } catch (InterruptedException e) {
                    return;
                }
                meanwhile.run();
                turn.cancellation().cancel();
            });
            FinishReason reason = turn.run(e -> {});
            stopper.join();
            return reason;
        }
    }

    @Test
    void cancellingInterruptsARunningTool() throws Exception {
        start(BLOCK);
        Session session = store.create("", null);

        assertThat(runBlocked(new TurnRequest(session.id(), "block", null, ChatOptions.DEFAULT), () -> {}))
                .isEqualTo(FinishReason.CANCELLED);

        assertThat(block.interrupted.await(5, java.util.concurrent.TimeUnit.SECONDS))
                .isTrue();
        assertThat(store.messages(session.id()).getLast().role()).isEqualTo(Role.TOOL);
    }

    @Test
    void aBranchSwitchedToDuringATurnDoesNotTakeItsMessages() throws Exception {
        start(BLOCK);
        Session session = store.create("", null);
        long older = store.append(session.id(), Message.user("an older version"));

        // an edit: the turn's branch is a sibling of the older version, which the user shows while the tool runs
        runBlocked(
                new TurnRequest(session.id(), "block", null, ChatOptions.DEFAULT, new HistoryEdit.Edit(older), false),
                () -> store.activate(session.id(), older));

        // the turn's last write made its own branch active again, and every message of it is on that branch
        List<StoredMessage> path = store.history(session.id());
        assertThat(path).extracting(m -> m.message().role()).containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL);
        assertThat(path.get(0).message().content()).isEqualTo("block");
        assertThat(path.get(1).parentId()).isEqualTo(path.get(0).id());
        assertThat(path.get(2).parentId()).isEqualTo(path.get(1).id());
        assertThat(store.path(session.id(), older)).hasSize(1);
    }

    @Test
    void aSecondTurnIntoABusySessionIsAConflict() throws Exception {
        start(TWO_TOOLS);
        Session session = store.create("", null);

        try (Turn ignored = orchestrator.begin(new TurnRequest(session.id(), "sum", null, ChatOptions.DEFAULT))) {
            assertThatThrownBy(() -> orchestrator.begin(new TurnRequest(session.id(), "sum", null, null)))
                    .isInstanceOfSatisfying(
                            EngineException.class, e -> assertThat(e.code()).isEqualTo("session_busy"));
        }
        try (Turn again = orchestrator.begin(new TurnRequest(session.id(), "sum", null, null))) {
            assertThat(again.model()).isEqualTo("scripted");
        }
    }

    @Test
    void requestsBeyondCapacityAreRefusedBeforeTheStream() throws Exception {
        start(TWO_TOOLS, 5, 1, 0);
        Session a = store.create("", null);
        Session b = store.create("", null);

        try (Turn ignored = orchestrator.begin(new TurnRequest(a.id(), "sum", null, null))) {
            assertThatThrownBy(() -> orchestrator.begin(new TurnRequest(b.id(), "sum", null, null)))
                    .isInstanceOfSatisfying(EngineException.class, e -> {
                        assertThat(e.code()).isEqualTo("overloaded");
                        assertThat(e.kind()).isEqualTo(EngineException.Kind.UNAVAILABLE);
                    });
            assertThat(orchestrator.activeTurns()).isEqualTo(1);
        }
        try (Turn ok = orchestrator.begin(new TurnRequest(b.id(), "sum", null, null))) {
            assertThat(ok).isNotNull();
        }
    }

    @Test
    void preStreamChecksNameTheProblem() throws Exception {
        start(TWO_TOOLS);
        Session session = store.create("", null);

        assertThatThrownBy(() -> orchestrator.begin(new TurnRequest(java.util.UUID.randomUUID(), "x", null, null)))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.code()).isEqualTo("session_not_found"));
        assertThatThrownBy(() -> orchestrator.begin(new TurnRequest(session.id(), "  ", null, null)))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.code()).isEqualTo("empty_prompt"));
        assertThatThrownBy(() -> orchestrator.begin(new TurnRequest(session.id(), "x".repeat(1001), null, null)))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.code()).isEqualTo("prompt_too_long"));
        assertThatThrownBy(() -> orchestrator.begin(new TurnRequest(session.id(), "x", "gpt-9", null)))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.code()).isEqualTo("model_not_found"));
        ChatOptions badTools = new ChatOptions(null, null, null, null, null, List.of("nope"), null);
        assertThatThrownBy(() -> orchestrator.begin(new TurnRequest(session.id(), "x", null, badTools)))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.code()).isEqualTo("unknown_tool"));
        assertThat(orchestrator.activeTurns()).isZero();
    }

    @Test
    void toolChoiceNoneOffersNoToolsAndRefusesCalls() throws Exception {
        start(TWO_TOOLS);
        Session session = store.create("", null);

        List<ChatEvent> events = turn(session, "sum", ChatOptions.DEFAULT.withToolChoice(ToolChoice.NONE));

        assertThat(provider.requests.getFirst().tools()).isEmpty();
        assertThat(provider.requests.getFirst().messages().getFirst().content()).doesNotContain("<<function_call>>");
        assertThat(events)
                .filteredOn(e -> e instanceof ToolResultEvent)
                .allSatisfy(e -> assertThat(((ToolResultEvent) e).error()).contains("not available"));
    }

    @Test
    void namedToolChoiceOffersOnlyThatTool() throws Exception {
        start(TWO_TOOLS);
        Session session = store.create("", null);

        turn(session, "sum", ChatOptions.DEFAULT.withToolChoice(ToolChoice.named("add")));

        assertThat(provider.requests.getFirst().tools())
                .extracting(t -> t.name())
                .containsExactly("add");
        assertThat(provider.requests.getFirst().messages().getFirst().content()).contains("must call the tool add");
    }

    @Test
    void aForcedToolChoiceForcesOnlyTheTurnsFirstCall() throws Exception {
        start(TWO_TOOLS);
        Session session = store.create("", null);

        turn(session, "sum", ChatOptions.DEFAULT.withToolChoice(ToolChoice.named("add")));

        assertThat(provider.requests)
                .extracting(r -> r.options().toolChoice().mode())
                .containsExactly(ToolChoice.Mode.NAMED, ToolChoice.Mode.AUTO);
        assertThat(provider.requests.get(1).tools()).extracting(t -> t.name()).containsExactly("add");
    }

    @Test
    void requiredToolChoiceWithoutACallIsReported() throws Exception {
        start("""
                rules:
                  - on: user
                    chunks: ["No tools for you."]
                """);
        Session session = store.create("", null);

        List<ChatEvent> events = turn(session, "hi", ChatOptions.DEFAULT.withToolChoice(ToolChoice.REQUIRED));

        assertThat(events)
                .filteredOn(e -> e instanceof ErrorEvent)
                .singleElement()
                .satisfies(e -> assertThat(((ErrorEvent) e).code()).isEqualTo("tool_call_missing"));
    }

    @Test
    void maxTokensEndsWithLength() throws Exception {
        start(TWO_TOOLS);
        Session session = store.create("", null);
        ChatOptions options = new ChatOptions(1, null, null, null, null, null, null);

        List<ChatEvent> events = turn(session, "sum", options);

        assertThat(((Done) events.getLast()).finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(store.messages(session.id()).getLast().finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    /** The store, with every write of a user message passed through {@code userWrite} first. */
    private SessionStore withUserWrite(Runnable userWrite) {
        SessionStore real = store;
        return (SessionStore) java.lang.reflect.Proxy.newProxyInstance(
                SessionStore.class.getClassLoader(), new Class<?>[] {SessionStore.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("append")
                            && args[args.length - 1] instanceof Message m
                            && m.role() == Role.USER) {
                        userWrite.run();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private Orchestrator over(SessionStore wrapped) {
        ToolRegistry tools =
                ToolRegistry.builder().add("add", new LoopTools.Add()).build();
        return new Orchestrator(
                wrapped,
                new ModelRouter(List.of(provider)),
                tools,
                new Orchestrator.Settings("You are a test.", 5, 4096, 1000, 4, 4));
    }

    @Test
    void thePromptIsWrittenWhileTheModelReadsItAndEveryEventWaitsForTheWrite() throws Exception {
        start(TWO_TOOLS);
        Session session = store.create("overlap", null);
        boolean[] modelBeforeWriteEnded = {false};
        Orchestrator overlapping = over(withUserWrite(() -> {
            try { // the write ends only once the model has been called, or after 10 s
                modelBeforeWriteEnded[0] = provider.called.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        List<Boolean> storedAtEachEvent = new CopyOnWriteArrayList<>();

        try (Turn turn =
                overlapping.begin(new TurnRequest(session.id(), "two sums please", null, ChatOptions.DEFAULT))) {
            turn.run(event -> storedAtEachEvent.add(store.messages(session.id()).stream()
                    .anyMatch(m -> m.role() == Role.USER && m.content().equals("two sums please"))));
        }

        assertThat(modelBeforeWriteEnded[0])
                .as("the model was called while the prompt was being written")
                .isTrue();
        assertThat(storedAtEachEvent).hasSize(12).containsOnly(true);
        assertThat(store.messages(session.id()))
                .extracting(Message::role)
                .containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL, Role.TOOL, Role.ASSISTANT);
    }

    @Test
    void aPromptThatCannotBeWrittenEndsTheTurnWithAStoreErrorBeforeAnythingIsShown() throws Exception {
        start(TWO_TOOLS);
        Session session = store.create("broken", null);
        Orchestrator failing = over(withUserWrite(() -> {
            throw new EngineException(dev.tether.engine.error.ErrorCode.STORE_ERROR, "disk full");
        }));
        List<ChatEvent> events = new CopyOnWriteArrayList<>();

        try (Turn turn = failing.begin(new TurnRequest(session.id(), "two sums please", null, ChatOptions.DEFAULT))) {
            turn.run(events::add);
        }

        assertThat(events).extracting(ChatEvent::type).containsExactly("error", "done");
        assertThat(((ErrorEvent) events.get(0)).code()).isEqualTo("store_error");
        assertThat(((Done) events.getLast()).finishReason()).isEqualTo(FinishReason.ERROR);
        assertThat(store.messages(session.id())).isEmpty();
    }
}
