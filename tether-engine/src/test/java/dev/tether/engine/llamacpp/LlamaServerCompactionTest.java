package dev.tether.engine.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.engine.chat.ChatEvent;
import dev.tether.engine.chat.ChatEvent.ContextCompacted;
import dev.tether.engine.chat.ChatEvent.Done;
import dev.tether.engine.chat.ChatEvent.ErrorEvent;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.ContextStrategy;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Message;
import dev.tether.engine.config.TetherConfig;
import dev.tether.engine.loop.Orchestrator;
import dev.tether.engine.loop.Turn;
import dev.tether.engine.loop.TurnRequest;
import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.model.GenerationResult;
import dev.tether.engine.model.ModelEvent;
import dev.tether.engine.model.ModelInfo;
import dev.tether.engine.model.ModelProvider;
import dev.tether.engine.model.ModelRouter;
import dev.tether.engine.session.Session;
import dev.tether.engine.session.SessionStore;
import dev.tether.engine.session.SqliteSessionStore;
import dev.tether.engine.session.Summary;
import dev.tether.tool.ToolRegistry;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compaction end to end on the real llama-server with the random-weight qwen3 and a 512-token context: a long
 * session's oldest turns are summarized by the model into a stored note, the next prompt holds the note and not
 * those turns, an edited note is what the next turn reads, and a summary that cannot be written trims instead.
 */
class LlamaServerCompactionTest {

    private static final String NOTE_START = "Summary of the earlier conversation";

    @TempDir
    static Path dir;

    private static SessionStore store;
    private static Recording provider;
    private static ModelRouter models;
    private static Orchestrator orchestrator;

    /** The real provider, keeping what each call was asked. */
    private static final class Recording implements ModelProvider {
        final ModelProvider inner;
        final List<GenerationRequest> requests = new CopyOnWriteArrayList<>();

        Recording(ModelProvider inner) {
            this.inner = inner;
        }

        @Override
        public List<ModelInfo> models() {
            return inner.models();
        }

        @Override
        public GenerationResult generate(GenerationRequest request, Consumer<ModelEvent> events) {
            requests.add(request);
            return inner.generate(request, events);
        }

        @Override
        public void close() {
            inner.close();
        }

        /** The newest call that answered the user (not a summary). */
        GenerationRequest lastAnswer() {
            return requests.stream()
                    .filter(r -> r.cacheKey() != null)
                    .reduce((a, b) -> b)
                    .orElseThrow();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        Files.copy(TestModels.qwen3(), dir.resolve("qwen3.gguf"));
        store = SqliteSessionStore.open("jdbc:sqlite:" + dir.resolve("tether.db"));
        provider = new Recording(new LlamaCppProvider(Config.just(ConfigSources.create(Map.of(
                "dist_root",
                dir.toString(),
                "engine",
                "llama-server",
                "llama_server",
                LlamaCppBuild.server().toString(),
                "n_ctx",
                "512",
                "parallel",
                "1",
                "threads",
                "1",
                "log_dir",
                dir.resolve("logs").toString(),
                "data_dir",
                dir.resolve("data").toString())))));
        models = new ModelRouter(List.of(provider));
        orchestrator = new Orchestrator(
                store,
                models,
                ToolRegistry.builder().build(),
                new Orchestrator.Settings(
                        "You are terse.",
                        3,
                        32768,
                        100_000,
                        2,
                        2,
                        new TetherConfig.ContextSettings(ContextStrategy.SUMMARIZE, 24)));
    }

    @AfterAll
    static void stop() {
        models.close();
        store.close();
    }

    private static Session longSession(String firstQuestion) {
        Session session = store.create("long", null);
        store.append(session.id(), Message.user(firstQuestion));
        store.append(session.id(), Message.assistant("answer zero: it is sunny there", List.of(), FinishReason.STOP));
        for (int i = 1; i < 16; i++) {
            store.append(
                    session.id(),
                    Message.user("question " + i + ": what is the weather like in city number " + i + "?"));
            store.append(
                    session.id(),
                    Message.assistant(
                            "answer " + i + ": it is sunny and warm in city number " + i + " today",
                            List.of(),
                            FinishReason.STOP));
        }
        return session;
    }

    private static List<ChatEvent> turn(Session session, String prompt) {
        List<ChatEvent> events = new CopyOnWriteArrayList<>();
        try (Turn turn = orchestrator.begin(new TurnRequest(
                session.id(), prompt, "qwen3", new ChatOptions(8, 0.7, null, 1L, List.of(), null, null)))) {
            turn.run(events::add);
        }
        return events;
    }

    /** The record of the session's saved KV cache once it holds {@code messages} messages (saves follow answers). */
    private static SlotFiles.Prefix savedRecord(Session session, int messages) throws Exception {
        String name = SessionCacheFiles.fileName(session.id().toString()) + SessionCacheFiles.RECORD;
        Path kv = dir.resolve("data").resolve("kv");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.isDirectory(kv) ? Files.walk(kv) : Stream.empty()) {
                Optional<Path> record = files.filter(
                                f -> f.getFileName().toString().equals(name))
                        .findFirst();
                if (record.isPresent()) {
                    SlotFiles.Prefix prefix =
                            new ObjectMapper().readValue(Files.readString(record.get()), SlotFiles.Prefix.class);
                    if (prefix.messages() == messages) {
                        return prefix;
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                // replaced while read: look again
            }
            Thread.sleep(10); // not a spin: llama-server needs the other core
        }
        throw new AssertionError("no saved cache of " + messages + " messages appeared");
    }

    private static List<String> codes(List<ChatEvent> events) {
        return events.stream()
                .filter(ErrorEvent.class::isInstance)
                .map(e -> ((ErrorEvent) e).code())
                .toList();
    }

    private static String prompt(GenerationRequest request) {
        return String.join(
                "\n", request.messages().stream().map(Message::content).toList());
    }

    @Test
    void theNoteIsStoredUsedOnTheNextTurnsAndAnEditTakesEffect() throws Exception {
        Session session = longSession("question 0: what is the weather like in city number 0?");

        List<ChatEvent> first = turn(session, "and in city number sixteen?");

        assertThat(codes(first)).isEmpty();
        ContextCompacted compacted = first.stream()
                .filter(ContextCompacted.class::isInstance)
                .map(ContextCompacted.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(compacted.turns()).isPositive();
        assertThat(compacted.tokens()).isPositive();
        assertThat(first.getLast()).isInstanceOfSatisfying(Done.class, d -> {
            assertThat(d.finishReason()).isIn(FinishReason.STOP, FinishReason.LENGTH);
            assertThat(d.usage().promptTokens()).isPositive().isLessThanOrEqualTo(512);
        });
        Summary note = store.summaries(session.id()).getFirst();
        assertThat(note.content()).isEqualTo(compacted.content()).isNotBlank();
        assertThat(store.history(session.id())).hasSize(34);
        assertThat(store.history(session.id()).get(compacted.messages() - 1).id())
                .isEqualTo(note.throughMessageId());
        GenerationRequest answered = provider.lastAnswer();
        assertThat(answered.messages().getFirst().content())
                .contains(NOTE_START)
                .contains(note.content());
        assertThat(prompt(answered)).doesNotContain("question 0:").contains("and in city number sixteen?");

        // the compacted prompt is saved like any other (kv_persist), so the next turn can start from it
        List<Message> firstPrompt = answered.messages();
        SlotFiles.Prefix savedFirst = savedRecord(session, firstPrompt.size());
        assertThat(savedFirst.hash()).isEqualTo(SlotFiles.hash(firstPrompt, firstPrompt.size(), List.of()));

        // the next turn reuses the stored note: no second summary, and no trimming
        int calls = provider.requests.size();
        List<ChatEvent> second = turn(session, "thanks");
        assertThat(codes(second)).isEmpty();
        assertThat(second).noneMatch(ContextCompacted.class::isInstance);
        assertThat(provider.requests).hasSize(calls + 1);
        assertThat(provider.lastAnswer().messages().getFirst().content()).contains(note.content());
        List<Message> secondPrompt = provider.lastAnswer().messages();
        assertThat(SlotFiles.hash(secondPrompt, savedFirst.messages(), List.of()))
                .as("the saved compacted prefix is a prefix of the next prompt")
                .isEqualTo(savedFirst.hash());

        // an edited note is what the next turn reads
        store.editSummary(session.id(), note.id(), "The user asks about the weather in many cities.");
        List<ChatEvent> third = turn(session, "and tomorrow?");
        assertThat(codes(third)).isEmpty();
        assertThat(provider.lastAnswer().messages().getFirst().content())
                .contains("The user asks about the weather in many cities.")
                .doesNotContain(note.content());
        assertThat(third.getLast()).isInstanceOf(Done.class);
    }

    @Test
    void aSummaryThatCannotBeWrittenTrimsTheOldestTurnsAndSaysSo() {
        // the first question alone is longer than the context, so no summary of it can be asked for
        Session session = longSession("question 0: " + "tell me about the weather again and again. ".repeat(60));

        List<ChatEvent> events = turn(session, "and in city number sixteen?");

        assertThat(codes(events)).containsExactly("compaction_failed", "context_trimmed");
        assertThat(events).noneMatch(ContextCompacted.class::isInstance);
        assertThat(store.summaries(session.id())).isEmpty();
        // the answer was asked with trimming allowed, and the engine read a prompt that fits the context
        assertThat(provider.lastAnswer().trimToFit()).isTrue();
        assertThat(events.getLast()).isInstanceOfSatisfying(Done.class, d -> {
            assertThat(d.finishReason()).isIn(FinishReason.STOP, FinishReason.LENGTH);
            assertThat(d.usage().promptTokens()).isPositive().isLessThanOrEqualTo(512);
        });
    }
}
