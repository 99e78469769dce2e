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
import java.util.logging.Level;
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
            if (found.isPresent() && Files.exists(found.get().resolveSibling(name))) {
                return found.get().resolveSibling(name);
            }
            Thread.sleep(10); // not a spin: llama-server needs the other core
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
     * A truncated file whose record was rewritten to match it: llama-server restores it and then stops. The turn does
     * not fail: the file is deleted, a new llama-server starts and the turn reads the whole history.
     */
    @Test
    void aFileThatCrashesLlamaServerAfterItsRestoreCostsOnlyAFullRead() throws Exception {
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
            try (Captured log = new Captured()) {
                Turn two = turn(server(provider), second);
                assertThat(two.answer().result().finishReason()).isIn(FinishReason.STOP, FinishReason.LENGTH);
                assertThat(two.answer().cachedTokens())
                        .isLessThan(one.answer().result().usage().promptTokens() / 2);
                assertThat(log.messages()).anyMatch(m -> m.contains("stopped after restoring it"));
            }
            // the turn's own save replaced the forged file
            assertThat(awaitRecord(second.size()).bytes()).isEqualTo(Files.size(file));
        }
    }

    /** llama-server killed as a restore begins: the turn answers on a new llama-server, reading everything. */
    @Test
    void aChildKilledDuringARestoreCostsOnlyAFullRead() throws Exception {
        List<Message> first = opening();
        try (LlamaCppProvider provider = new LlamaCppProvider(args(true))) {
            Turn one = turn(server(provider), first);
            savedFile();
            provider.unload(MODEL);
            List<Message> second = next(first, one, "and then?");
            long[] killed = {-1};
            try (Captured log = new Captured(record -> {
                if (record.contains("restoring session")) {
                    LlamaServerChild child = server(provider).running().orElseThrow();
                    killed[0] = child.pid();
                    ProcessHandle.of(child.pid()).ifPresent(p -> {
                        p.destroyForcibly();
                        p.onExit().join();
                    });
                }
            })) {
                Turn two = turn(server(provider), second);
                assertThat(killed[0]).as("the restore began").isPositive();
                assertThat(two.answer().result().finishReason()).isIn(FinishReason.STOP, FinishReason.LENGTH);
                assertThat(two.answer().cachedTokens()).isZero();
                assertThat(server(provider).running().orElseThrow().pid()).isNotEqualTo(killed[0]);
                assertThat(log.messages()).anyMatch(m -> m.contains("did not restore"));
            }
            assertThat(awaitRecord(second.size()).messages()).isEqualTo(second.size());
        }
    }

    /**
     * A disk that fills during a save, made real for llama-server alone: it runs with a file size limit
     * ({@code ulimit -f}, SIGXFSZ ignored so a write past it fails with {@code EFBIG} as on a full disk) below the
     * saved file's size: half of it, or all but its last 512-byte block (llama-server does not check the last write
     * of a file, so it reports the whole size for a file cut short). The turn answers, nothing cut short is kept, and
     * the next turn reads everything.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aDiskThatFillsDuringASaveKeepsNoFileAndTheTurnsAnswer(boolean half) throws Exception {
        List<Message> first = opening();
        long size;
        try (LlamaCppProvider provider = new LlamaCppProvider(args(true))) {
            turn(server(provider), first);
            size = Files.size(savedFile());
        }
        new SessionCacheFiles(data(), Long.MAX_VALUE).delete(SESSION);
        Path limited = dist.resolve("llama-server-limited.sh");
        Files.writeString(limited, """
                #!/bin/sh
                trap '' XFSZ
                ulimit -f %d
                exec "%s" "$@"
                """.formatted(half ? size / 2 / 512 : (size - 1) / 512, LlamaCppBuild.server()));
        limited.toFile().setExecutable(true);
        Map<String, String> full = Map.of(
                "llama_server",
                limited.toString(),
                "log_dir",
                dist.resolve("limited-logs").toString());
        try (LlamaCppProvider provider = new LlamaCppProvider(args(true, full))) {
            Turn one;
            try (Captured log = new Captured()) {
                one = turn(server(provider), first);
                assertThat(one.answer().result().finishReason()).isIn(FinishReason.STOP, FinishReason.LENGTH);
                awaitMessage(log, "could not save the cache of session " + SESSION);
                if (!half) {
                    assertThat(log.messages()).anyMatch(m -> m.contains("llama-server wrote " + size));
                }
            }
            assertThat(slotDirectoryFiles()).as("nothing cut short is kept").isEmpty();
            provider.unload(MODEL);
            Turn two = turn(server(provider), next(first, one, "and then?"));
            assertThat(two.answer().result().finishReason()).isIn(FinishReason.STOP, FinishReason.LENGTH);
            assertThat(two.answer().cachedTokens()).isZero();
        }
    }

    /**
     * The next turn of a session starts while the last one's save still runs (two slots, so it gets the other one):
     * it waits for the save and restores it; then two turns of the session at once save side by side, and the file
     * left is whole and restores.
     */
    @Test
    void turnsOfOneSessionRacingItsSaveGetTheNewestFile() throws Exception {
        List<Message> first = opening();
        Map<String, String> twoSlots =
                Map.of("parallel", "2", "llama_server_args.0", "--cache-ram", "llama_server_args.1", "0");
        try (LlamaCppProvider provider = new LlamaCppProvider(args(true, twoSlots))) {
            Turn one = turn(server(provider), first);
            List<Message> second = next(first, one, "and then?");
            Turn two = turn(server(provider), second); // at once: the first turn's slot is still saving
            assertThat(two.answer().cachedTokens())
                    .as("restored from the save it waited for")
                    .isGreaterThanOrEqualTo(one.answer().result().usage().promptTokens() - 8);
            List<Message> third = next(second, two, "go on");
            List<java.util.concurrent.Future<Turn>> racing = new ArrayList<>();
            try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                racing.add(threads.submit(() -> turn(server(provider), third)));
                racing.add(threads.submit(() -> turn(server(provider), third)));
            }
            for (var turn : racing) {
                assertThat(turn.get().answer().result().finishReason()).isIn(FinishReason.STOP, FinishReason.LENGTH);
            }
            awaitRecord(third.size());
            provider.unload(MODEL); // waits for the saves
            Turn four = turn(server(provider), next(third, racing.getFirst().get(), "more"));
            assertThat(four.answer().cachedTokens())
                    .isGreaterThanOrEqualTo(two.answer().result().usage().promptTokens());
            provider.unload(MODEL);
            assertThat(slotDirectoryFiles()).noneMatch(f -> f.endsWith(SessionCacheFiles.TEMPORARY));
        }
    }

    /** Four sessions take turns on two slots (llama-server's RAM cache off): each gets its own history back. */
    @Test
    void fourSessionsSharingTwoSlotsEachGetTheirCacheBack() throws Exception {
        Map<String, String> twoSlots =
                Map.of("parallel", "2", "llama_server_args.0", "--cache-ram", "llama_server_args.1", "0");
        List<String> sessions = List.of("session-a", "session-b", "session-c", "session-d");
        try (LlamaCppProvider provider = new LlamaCppProvider(args(true, twoSlots))) {
            Map<String, List<Message>> seconds = new HashMap<>();
            Map<String, Integer> prompts = new HashMap<>();
            for (String session : sessions) {
                List<Message> first = new ArrayList<>(opening());
                first.set(1, Message.user("hello from " + session));
                Turn one = turn(server(provider), first, session);
                prompts.put(session, one.answer().result().usage().promptTokens());
                seconds.put(session, next(first, one, "and then, " + session + "?"));
            }
            Map<String, java.util.concurrent.Future<Turn>> answers = new HashMap<>();
            try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                for (String session : sessions) {
                    answers.put(session, threads.submit(() -> turn(server(provider), seconds.get(session), session)));
                }
            }
            for (String session : sessions) {
                assertThat(answers.get(session).get().answer().cachedTokens())
                        .as(session + " got its history back")
                        .isGreaterThanOrEqualTo(prompts.get(session) - 8);
            }
        }
    }

    /**
     * {@code kv_cache_max_gb} end to end: with room for one file, a second session's save evicts the first's, whose
     * next turn reads everything; the second's restores.
     */
    @Test
    void theBudgetEvictsTheLeastRecentlyUsedFile() throws Exception {
        List<Message> first = opening();
        long size;
        Turn one;
        try (LlamaCppProvider provider = new LlamaCppProvider(args(true))) {
            one = turn(server(provider), first);
            size = Files.size(savedFile());
        }
        String gb = String.valueOf(size * 1.5 / (1024.0 * 1024 * 1024));
        List<Message> other = List.of(first.get(0), Message.user("another conversation"));
        try (LlamaCppProvider provider = new LlamaCppProvider(args(true, Map.of("kv_cache_max_gb", gb)))) {
            Turn b = turn(server(provider), other, "another-session");
            SessionCacheFiles caches = SessionCacheFiles.under(data());
            // the other session's save evicts this one's file in the same step, after putting its own in place
            long deadline = System.nanoTime() + 60_000_000_000L;
            while ((caches.size(SESSION).isPresent()
                            || caches.size("another-session").isEmpty())
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(caches.size("another-session")).as("saved").isPresent();
            assertThat(caches.size(SESSION))
                    .as("evicted (budget %s GB, the other file %s bytes)", gb, caches.size("another-session"))
                    .isEmpty();
            provider.unload(MODEL);
            assertThat(turn(server(provider), next(other, b, "and?"), "another-session")
                            .answer()
                            .cachedTokens())
                    .isGreaterThanOrEqualTo(b.answer().result().usage().promptTokens() - 8);
            provider.unload(MODEL);
            assertThat(turn(server(provider), next(first, one, "and then?"))
                            .answer()
                            .cachedTokens())
                    .isZero();
        }
    }

    /**
     * Files Tether did not write: another session's file and record put in this session's place are dropped (the
     * record does not match this conversation); stray files in {@code kv/} are left alone and break nothing.
     */
    @Test
    void foreignFilesInTheCacheFolderCostAtMostAFullRead() throws Exception {
        List<Message> first = opening();
        List<Message> other = List.of(first.get(0), Message.user("a different question altogether"));
        try (LlamaCppProvider provider = new LlamaCppProvider(args(true))) {
            Turn one = turn(server(provider), first);
            Path mine = savedFile();
            turn(server(provider), other, "another-session");
            Path theirs = mine.resolveSibling(SessionCacheFiles.fileName("another-session"));
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!Files.exists(theirs.resolveSibling(theirs.getFileName() + SessionCacheFiles.RECORD))
                    && System.nanoTime() < deadline) {
                Thread.sleep(10); // not a spin: llama-server needs the other core
            }
            provider.unload(MODEL);
            Files.copy(theirs, mine, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(
                    theirs.resolveSibling(theirs.getFileName() + SessionCacheFiles.RECORD),
                    mine.resolveSibling(mine.getFileName() + SessionCacheFiles.RECORD),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            byte[] junk = new byte[100_000];
            new java.util.Random(3).nextBytes(junk);
            Files.write(data().resolve("kv").resolve("stray.bin"), junk);
            Files.write(mine.resolveSibling("notes.slot.txt"), junk);
            Files.createDirectories(mine.resolveSibling("folder.slot"));
            try (Captured log = new Captured()) {
                Turn two = turn(server(provider), next(first, one, "and then?"));
                assertThat(two.answer().result().finishReason()).isIn(FinishReason.STOP, FinishReason.LENGTH);
                assertThat(two.answer().cachedTokens()).isZero();
                assertThat(log.messages()).anyMatch(m -> m.contains("its conversation changed"));
            }
            assertThat(data().resolve("kv").resolve("stray.bin")).exists();
            assertThat(mine.resolveSibling("notes.slot.txt")).exists();
        }
    }

    /** An answer that calls a tool is not saved (its turn goes on with the result); the answer after it is. */
    @Test
    void anAnswerThatCallsAToolIsNotSaved() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode params = new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode()
                .put("type", "object");
        params.putObject("properties").putObject("city").put("type", "string");
        List<dev.tether.tool.ToolSpec> tools =
                List.of(new dev.tether.tool.ToolSpec("weather", "the weather", params, null));
        try (LlamaCppProvider provider = new LlamaCppProvider(args(true))) {
            List<ModelEvent> events = new CopyOnWriteArrayList<>();
            server(provider)
                    .chat(
                            new GenerationRequest(
                                    MODEL,
                                    opening(),
                                    tools,
                                    new ChatOptions(160, null, null, 1L, List.of(), null, null)
                                            .withToolChoice(dev.tether.engine.chat.ToolChoice.named("weather")),
                                    new Cancellation(),
                                    SESSION),
                            events::add);
            assertThat(events).anyMatch(e -> e instanceof ModelEvent.Call);
            provider.unload(MODEL); // waits for saves in flight
            assertThat(find(SessionCacheFiles.fileName(SESSION))).isEmpty();
        }
    }

    private List<String> slotDirectoryFiles() throws Exception {
        try (Stream<Path> files = Files.walk(data().resolve("kv"))) {
            return files.filter(Files::isRegularFile)
                    .map(f -> f.getFileName().toString())
                    .toList();
        }
    }

    private static void awaitMessage(Captured log, String part) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (log.messages().stream().noneMatch(m -> m.contains(part))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no log line with '" + part + "' in " + log.messages());
            }
            Thread.sleep(10); // not a spin: llama-server needs the other core
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
            Thread.sleep(10); // not a spin: llama-server needs the other core
        }
        throw new AssertionError("no record of " + messages + " messages appeared");
    }

    /** What {@link SlotFiles} logs while attached. */
    private static final class Captured extends Handler implements AutoCloseable {
        private final Logger logger = Logger.getLogger(SlotFiles.class.getName());
        private final Level before = logger.getLevel();
        private final List<String> seen = new CopyOnWriteArrayList<>();
        private final java.util.function.Consumer<String> onEach;

        Captured() {
            this(m -> {});
        }

        /** Also runs {@code onEach} on each message as it is logged, on the logging thread. */
        Captured(java.util.function.Consumer<String> onEach) {
            this.onEach = onEach;
            logger.setLevel(Level.FINE);
            logger.addHandler(this);
        }

        List<String> messages() {
            return seen;
        }

        @Override
        public void publish(LogRecord record) {
            String message = record.getMessage() == null ? "" : record.getMessage();
            seen.add(message);
            onEach.accept(message);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {
            logger.removeHandler(this);
            logger.setLevel(before);
        }
    }
}
