package dev.tether.engine.llamacpp;

import static dev.tether.engine.llamacpp.LlamaCppProviderTest.args;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.chat.ChatEvent.ErrorEvent;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.Message;
import dev.tether.engine.error.EngineException;
import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.model.GenerationResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Worker processes: memory freed on unload, recovery from a killed worker, the bounded line, context trimming,
 * idle expiry, and a native library loaded from {@code native_lib_path}. One slot, a 256-token context.
 */
class WorkerLifecycleTest {

    private static final String MODEL = "tiny";

    @TempDir
    static Path dist;

    @TempDir
    static Path lib;

    private static LlamaCppProvider provider;

    @BeforeAll
    static void start() throws IOException {
        Files.copy(TestModels.tiny(), dist.resolve(MODEL + ".gguf"));
        provider = new LlamaCppProvider(args(Map.of(
                "engine",
                "embedded",
                "dist_root",
                dist.toString(),
                "parallel",
                "1",
                "max_queued",
                "0",
                "n_ctx",
                "256",
                "threads",
                "1",
                "native_lib_path",
                extractNativeLibrary())));
    }

    @AfterAll
    static void stop() {
        provider.close();
    }

    /** The CPU library from the binding's jar, as a user's own GPU build would be given. */
    private static String extractNativeLibrary() throws IOException {
        String resource = "de/kherud/llama/Linux/x86_64/libjllama.so";
        try (InputStream in = WorkerLifecycleTest.class.getClassLoader().getResourceAsStream(resource)) {
            assumeThat(in).as("a Linux x86-64 library in the binding's jar").isNotNull();
            Files.copy(in, lib.resolve("libjllama.so"));
        }
        return lib.toString();
    }

    private static GenerationRequest request(List<Message> history, int maxTokens, Cancellation cancel) {
        List<Message> messages = new ArrayList<>();
        messages.add(Message.system("You are a helpful assistant."));
        messages.addAll(history);
        return new GenerationRequest(
                MODEL,
                messages,
                List.of(),
                new ChatOptions(maxTokens, 0.8, null, 3L, List.of("\u0000"), null, null),
                cancel,
                "s");
    }

    private static GenerationResult generate(String prompt, int maxTokens) {
        return provider.generate(request(List.of(Message.user(prompt)), maxTokens, new Cancellation()), c -> {});
    }

    @Test
    void unloadEndsTheWorkerAndFreesItsMemory() throws IOException {
        long serverBefore = Rss.of(ProcessHandle.current().pid());
        generate("hello", 4);
        long pid = provider.workerPid(MODEL).orElseThrow();
        long workerRss = Rss.of(pid);

        assertThat(provider.unload(MODEL)).isTrue();

        assertThat(workerRss).isGreaterThan(10L << 20);
        assertThat(ProcessHandle.of(pid)).isEmpty();
        assertThat(Path.of("/proc", String.valueOf(pid))).doesNotExist();
        assertThat(Rss.of(ProcessHandle.current().pid()) - serverBefore).isLessThan(64L << 20);
        assertThat(provider.model(MODEL).orElseThrow().loaded()).isFalse();
        assertThat(provider.unload(MODEL)).isFalse();
    }

    @Test
    void aKilledWorkerFailsItsStreamAndTheNextRequestGetsAFreshOne() {
        generate("warm up", 2);
        long first = provider.workerPid(MODEL).orElseThrow();
        Process worker = ((EmbeddedModel) provider.loadedModel(MODEL).orElseThrow())
                .workerProcess()
                .orElseThrow();

        assertThatThrownBy(() -> provider.generate(
                        request(List.of(Message.user("stream")), 200, new Cancellation()),
                        c -> worker.destroyForcibly()))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.code()).isEqualTo("engine_crashed"));

        GenerationResult next = generate("again", 4);
        assertThat(next.usage().completionTokens()).isPositive();
        assertThat(provider.workerPid(MODEL).orElseThrow()).isNotEqualTo(first);
    }

    @Test
    void aCallBeyondTheSlotsAndTheLineIsRefused() throws Exception {
        CountDownLatch streaming = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread first = Thread.ofVirtual()
                .start(() -> provider.generate(request(List.of(Message.user("one")), 50, new Cancellation()), c -> {
                    streaming.countDown();
                    await(release);
                }));
        assertThat(streaming.await(30, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> generate("two", 4)).isInstanceOfSatisfying(EngineException.class, e -> {
            assertThat(e.kind()).isEqualTo(EngineException.Kind.UNAVAILABLE);
            assertThat(e.code()).isEqualTo("overloaded");
        });
        release.countDown();
        first.join();
    }

    @Test
    void aLongHistoryLosesItsOldestTurnsAndSaysSo() {
        List<Message> history = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            history.add(Message.user("question number " + i + " about the weather today"));
            history.add(Message.assistant("answer number " + i + " is that it is sunny", List.of(), null));
        }
        history.add(Message.user("and now?"));

        GenerationResult result = provider.generate(request(history, 16, new Cancellation()), c -> {});

        assertThat(result.notices()).extracting(ErrorEvent::code).containsExactly("context_trimmed");
        assertThat(result.usage().promptTokens()).isLessThanOrEqualTo(256 - 16);
        assertThat(result.usage().completionTokens()).isPositive();
    }

    @Test
    void aNewestMessageLongerThanTheContextIsABadRequest() {
        assertThatThrownBy(() -> generate("weather ".repeat(400), 8))
                .isInstanceOfSatisfying(EngineException.class, e -> {
                    assertThat(e.kind()).isEqualTo(EngineException.Kind.BAD_REQUEST);
                    assertThat(e.code()).isEqualTo("context_overflow");
                });
    }

    @Test
    void anIdleModelIsUnloadedAfterKeepAlive() throws Exception {
        try (LlamaCppProvider quick = new LlamaCppProvider(args(Map.of(
                "engine",
                "embedded",
                "dist_root",
                dist.toString(),
                "keep_alive",
                "1s",
                "threads",
                "1",
                "n_ctx",
                "256")))) {
            quick.generate(request(List.of(Message.user("hi")), 2, new Cancellation()), c -> {});
            long pid = quick.workerPid(MODEL).orElseThrow();

            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (quick.model(MODEL).orElseThrow().loaded() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }

            assertThat(quick.model(MODEL).orElseThrow().loaded()).isFalse();
            // the worker exits on its own once told to: on a busy machine that takes a moment
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .isFalse();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Resident memory of a process, from /proc. */
    static final class Rss {
        static long of(long pid) throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
                }
            }
            throw new IOException("no VmRSS for " + pid);
        }
    }
}
