package dev.tether.engine.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Message;
import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.model.ModelEvent;
import dev.tether.engine.remote.OpenAiChatClient;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A session's KV cache saved to {@code data_dir/kv} after each turn and restored into a fresh llama-server, with the
 * real llama-server and the random-weight qwen3: the next turn reads only the new tokens; an edited history or a
 * corrupted file is dropped and the turn reads everything.
 */
class LlamaServerKvPersistTest {

    private static final String MODEL = "qwen3";
    private static final String SESSION = "3f2a7c1e-0000-4000-8000-000000000001";

    @TempDir
    Path dist;

    private Path data() {
        return dist.resolve("data");
    }

    private Config args(boolean persist) throws Exception {
        return args(persist, Map.of());
    }

    private Config args(boolean persist, Map<String, String> extra) throws Exception {
        if (!Files.exists(dist.resolve(MODEL + ".gguf"))) {
            Files.copy(TestModels.qwen3(), dist.resolve(MODEL + ".gguf"));
        }
        Map<String, String> values = new HashMap<>(Map.of(
                "dist_root", dist.toString(),
                "parallel", "1",
                "n_ctx", "2048",
                "threads", "1",
                "log_dir", dist.resolve("logs").toString(),
                "engine", "llama-server",
                "llama_server", LlamaCppBuild.server().toString(),
                "data_dir", data().toString(),
                "kv_persist", String.valueOf(persist)));
        values.putAll(extra);
        return Config.just(ConfigSources.create(values));
    }

    /** A long first message, so the prompt is worth caching. */
    private static List<Message> opening() {
        StringBuilder text = new StringBuilder("You are a careful assistant. Notes follow.\n");
        for (int i = 0; i < 60; i++) {
            text.append("Note ").append(i).append(": the river runs past the old mill at dawn.\n");
        }
        return List.of(Message.system(text.toString()), Message.user("hello"));
    }

    private record Turn(OpenAiChatClient.Answer answer, String text, long firstEventNanos) {}

    private static Turn turn(LlamaServerModel model, List<Message> messages) {
        return turn(model, messages, SESSION);
    }

    private static Turn turn(LlamaServerModel model, List<Message> messages, String session) {
        StringBuilder text = new StringBuilder();
        long start = System.nanoTime();
        long[] first = {-1};
        OpenAiChatClient.Answer answer = model.chat(
                new GenerationRequest(
                        MODEL,
                        messages,
                        List.of(),
                        new ChatOptions(4, null, null, 1L, List.of(), null, null),
                        new Cancellation(),
                        session),
                e -> {
                    if (first[0] < 0) {
                        first[0] = System.nanoTime() - start;
                    }
                    if (e instanceof ModelEvent.Text t) {
                        text.append(t.text());
                    }
                });
        return new Turn(answer, text.toString(), first[0]);
    }

    private static List<Message> next(List<Message> before, Turn turn, String user) {
        List<Message> messages = new ArrayList<>(before);
        messages.add(Message.assistant(turn.text(), List.of(), FinishReason.STOP));
        messages.add(Message.user(user));
        return messages;
    }

    private static LlamaServerModel server(LlamaCppProvider provider) {
        return (LlamaServerModel) provider.engineModel(MODEL);
    }

    /** The session's saved slot file, once its save finished (saves run after the answer). */
    private Path savedFile() throws Exception {
        String name = SessionCacheFiles.fileName(SESSION);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            Optional<Path> found = find(name + SessionCacheFiles.RECORD);
            if (found.isPresent()) {
                return found.get().resolveSibling(name);
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no saved cache appeared under " + data());
    }

    private Optional<Path> find(String name) throws Exception {
        if (!Files.isDirectory(data().resolve("kv"))) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(data().resolve("kv"))) {
            return files.filter(f -> f.getFileName().toString().equals(name)).findFirst();
        } catch (java.io.UncheckedIOException e) {
            return Optional.empty(); // a file renamed while listed: the caller looks again
        }
    }

    @Test
    void theNextTurnAfterAnUnloadAndARestartReadsOnlyTheNewTokens() throws Exception {
        List<Message> first = opening();
        Turn one;
        Turn two;
        List<Message> second;
        try (LlamaCppProvider provider = new LlamaCppProvider(args(true))) {
            one = turn(server(provider), first);
            Path file = savedFile();
            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.getPosixFilePermissions(file.getParent()))
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));
            int full = one.answer().result().usage().promptTokens();
            assertThat(full).isGreaterThan(500);
            assertThat(one.answer().cachedTokens()).isZero();

            provider.unload(MODEL);
            second = next(first, one, "and then?");
            two = turn(server(provider), second);
            assertThat(two.answer().cachedTokens())
                    .as("restored after the unload")
                    .isGreaterThanOrEqualTo(full - 8);
        }
        savedFile();
        // a new provider (Tether restarted) restores the file the last turn saved
        List<Message> third = next(second, two, "go on");
        try (LlamaCppProvider provider = new LlamaCppProvider(args(true))) {
            Turn three = turn(server(provider), third);
            int prompt = three.answer().result().usage().promptTokens();
            assertThat(three.answer().cachedTokens())
                    .as("restored after a restart")
                    .isGreaterThanOrEqualTo(two.answer().result().usage().promptTokens() - 8);
            assertThat(prompt - three.answer().cachedTokens()).isLessThan(40);
        }
    }

    /** With llama-server's own RAM cache off, only the saved file gives a session its history back. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aSessionWhoseSlotAnotherSessionTookGetsItsCacheBackOnlyFromItsFile(boolean persist) throws Exception {
        List<Message> first = opening();
        Map<String, String> noRamCache = Map.of("llama_server_args.0", "--cache-ram", "llama_server_args.1", "0");
        try (LlamaCppProvider provider = new LlamaCppProvider(args(persist, noRamCache))) {
            Turn one = turn(server(provider), first);
            if (persist) {
                savedFile();
            }
            // one slot: another session's turn takes it over
            turn(server(provider), List.of(Message.user("something else entirely")), "another-session");
            Turn two = turn(server(provider), next(first, one, "and then?"));
            int full = one.answer().result().usage().promptTokens();
            if (persist) {
                assertThat(two.answer().cachedTokens()).isGreaterThanOrEqualTo(full - 8);
            } else {
                assertThat(two.answer().cachedTokens()).isLessThan(full / 2);
            }
        }
    }

    @Test
    void withoutPersistenceTheNextTurnReadsEverythingAndNothingIsWritten() throws Exception {
        List<Message> first = opening();
        try (LlamaCppProvider provider = new LlamaCppProvider(args(false))) {
            Turn one = turn(server(provider), first);
            provider.unload(MODEL);
            Turn two = turn(server(provider), next(first, one, "and then?"));
            assertThat(two.answer().cachedTokens()).isZero();
            assertThat(provider.model(MODEL).orElseThrow().details()).containsEntry("kv_persist", false);
        }
        assertThat(find(SessionCacheFiles.fileName(SESSION))).isEmpty();
    }

    @Test
    void anEditedHistoryDropsTheFileAndReadsFully() throws Exception {
        List<Message> first = opening();
        try (LlamaCppProvider provider = new LlamaCppProvider(args(true))) {
            Turn one = turn(server(provider), first);
            savedFile();
            provider.unload(MODEL);
            List<Message> edited = new ArrayList<>(next(first, one, "and then?"));
            edited.set(
                    0,
                    Message.system(
                            "A different system prompt.\n" + first.getFirst().content()));
            try (Captured log = new Captured()) {
                Turn two = turn(server(provider), edited);
                assertThat(two.answer().cachedTokens()).isZero();
                assertThat(log.messages()).anyMatch(m -> m.contains("its conversation changed"));
            }
            // the save after that turn holds the edited conversation
            assertThat(server(provider).running()).isPresent();
            SlotFiles.Prefix recorded = awaitRecord(edited.size());
            assertThat(recorded.hash()).isEqualTo(SlotFiles.hash(edited, edited.size(), List.of()));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aCorruptedOrTruncatedFileIsDeletedAndTheTurnStillAnswers(boolean truncate) throws Exception {
        List<Message> first = opening();
        try (LlamaCppProvider provider = new LlamaCppProvider(args(true))) {
            Turn one = turn(server(provider), first);
            Path file = savedFile();
            provider.unload(MODEL);
            byte[] saved = Files.readAllBytes(file);
            byte[] broken;
            if (truncate) {
                broken = java.util.Arrays.copyOf(saved, saved.length / 2);
            } else {
                broken = new byte[4096];
                new java.util.Random(7).nextBytes(broken);
            }
            Files.write(file, broken);
            List<Message> second = next(first, one, "and then?");
            try (Captured log = new Captured()) {
                Turn two = turn(server(provider), second);
                assertThat(two.answer().result().finishReason()).isIn(FinishReason.STOP, FinishReason.LENGTH);
                assertThat(two.answer().cachedTokens()).isZero();
                assertThat(log.messages()).anyMatch(m -> m.contains("not the file that was saved"));
            }
            assertThat(awaitRecord(second.size()).messages()).isEqualTo(second.size());
        }
    }

    /**
     * A truncated file whose record was rewritten to match it: llama-server restores it and then stops. The turn fails
     * as a crash, the file is deleted, and the next turn (a new llama-server) answers reading the whole history.
     */
    @Test
    void aFileThatCrashesLlamaServerAfterItsRestoreIsDeleted() throws Exception {
        List<Message> first = opening();
        try (LlamaCppProvider provider = new LlamaCppProvider(args(true))) {
            Turn one = turn(server(provider), first);
            Path file = savedFile();
            provider.unload(MODEL);
            byte[] saved = Files.readAllBytes(file);
            Files.write(file, java.util.Arrays.copyOf(saved, saved.length / 2));
            Path record = file.resolveSibling(file.getFileName() + SessionCacheFiles.RECORD);
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            SlotFiles.Prefix prefix = json.readValue(Files.readString(record), SlotFiles.Prefix.class);
            Files.writeString(
                    record,
                    json.writeValueAsString(new SlotFiles.Prefix(
                            prefix.messages(), prefix.hash(), prefix.tokens(), Files.size(file), SlotFiles.crc(file))));
            List<Message> second = next(first, one, "and then?");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> turn(server(provider), second))
                    .isInstanceOfSatisfying(
                            dev.tether.engine.error.EngineException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(dev.tether.engine.error.ErrorCode.ENGINE_CRASHED));
            assertThat(file).doesNotExist();
            Turn two = turn(server(provider), second);
            assertThat(two.answer().result().finishReason()).isIn(FinishReason.STOP, FinishReason.LENGTH);
            assertThat(two.answer().cachedTokens())
                    .isLessThan(one.answer().result().usage().promptTokens() / 2);
        }
    }

    @Test
    void deletingTheSessionDeletesItsFile() throws Exception {
        try (LlamaCppProvider provider = new LlamaCppProvider(args(true))) {
            turn(server(provider), opening());
            Path file = savedFile();
            SessionCacheFiles caches = new SessionCacheFiles(data(), Long.MAX_VALUE);
            assertThat(caches.size(SESSION)).hasValue(Files.size(file));
            provider.unload(MODEL); // no save in flight
            caches.delete(SESSION);
            assertThat(file).doesNotExist();
            assertThat(caches.size(SESSION)).isEmpty();
        }
    }

    /** Waits for the record of a save of {@code messages} messages. */
    private SlotFiles.Prefix awaitRecord(int messages) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            Optional<Path> record = find(SessionCacheFiles.fileName(SESSION) + SessionCacheFiles.RECORD);
            if (record.isPresent()) {
                try {
                    SlotFiles.Prefix prefix = new com.fasterxml.jackson.databind.ObjectMapper()
                            .readValue(Files.readString(record.get()), SlotFiles.Prefix.class);
                    if (prefix.messages() == messages) {
                        return prefix;
                    }
                } catch (java.io.IOException e) {
                    // replaced while read: look again
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no record of " + messages + " messages appeared");
    }

    /** What {@link SlotFiles} logs while attached. */
    private static final class Captured extends Handler implements AutoCloseable {
        private final Logger logger = Logger.getLogger(SlotFiles.class.getName());
        private final List<String> seen = new CopyOnWriteArrayList<>();

        Captured() {
            logger.addHandler(this);
        }

        List<String> messages() {
            return seen;
        }

        @Override
        public void publish(LogRecord record) {
            seen.add(record.getMessage() == null ? "" : record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }
}
