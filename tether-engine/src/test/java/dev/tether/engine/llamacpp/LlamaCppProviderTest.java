package dev.tether.engine.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Message;
import dev.tether.engine.error.EngineException;
import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.model.GenerationResult;
import dev.tether.engine.model.ModelInfo;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provider on a real llama.cpp worker running the generated tiny model; one worker serves the whole class. */
class LlamaCppProviderTest {

    private static final String MODEL = "tether-tiny";
    private static final String OTHER = "tether-tiny-copy";

    @TempDir
    static Path dist;

    private static LlamaCppProvider provider;

    @BeforeAll
    static void start() throws Exception {
        Files.copy(TestModels.tiny(), dist.resolve(MODEL + ".gguf"));
        Files.copy(TestModels.tiny(), dist.resolve(OTHER + ".gguf"));
        provider = new LlamaCppProvider(args(Map.of(
                "engine", "embedded", "dist_root", dist.toString(), "parallel", "2", "n_ctx", "1024", "threads", "1")));
    }

    @AfterAll
    static void stop() {
        provider.close();
    }

    static Config args(Map<String, String> values) {
        return Config.just(ConfigSources.create(values));
    }

    static GenerationRequest request(String prompt, ChatOptions options, Cancellation cancel) {
        return new GenerationRequest(
                MODEL,
                List.of(Message.system("You are terse."), Message.user(prompt)),
                List.of(),
                options,
                cancel,
                "session-1");
    }

    static ChatOptions options(Integer maxTokens, Long seed, List<String> stop) {
        return new ChatOptions(maxTokens, 0.9, 0.95, seed, stop, null, null);
    }

    @Test
    void listsModelsWithHeaderDetailsBeforeLoadingThem() {
        ModelInfo info = provider.model(MODEL).orElseThrow();

        assertThat(info.provider()).isEqualTo("llamacpp");
        assertThat(info.details())
                .containsEntry("architecture", "llama")
                .containsEntry("quantization", "F32")
                .containsEntry("context_length", 4096L)
                .containsEntry("parameters", GgufWriter.Spec.tiny().parameterCount())
                .containsKey("file_size");
    }

    @Test
    void streamsTextWithRealTokenCounts() {
        StringBuilder text = new StringBuilder();
        GenerationResult result = provider.generateText(
                request("hello world", options(40, 1L, List.of()), new Cancellation()), text::append);

        assertThat(result.finishReason()).isIn(FinishReason.STOP, FinishReason.LENGTH);
        assertThat(result.usage().promptTokens()).isGreaterThan(10);
        assertThat(result.usage().completionTokens()).isBetween(1, 40);
        assertThat(provider.model(MODEL).orElseThrow().loaded()).isTrue();
    }

    @Test
    void sameSeedAndPromptGiveTheSameText() {
        String first = generate("tell me about the weather", options(60, 1234L, List.of()));
        String second = generate("tell me about the weather", options(60, 1234L, List.of()));

        assertThat(second).isEqualTo(first).isNotEmpty();
    }

    @Test
    void maxTokensEndsWithLength() {
        GenerationResult result = provider.generateText(
                request("what time is it", options(3, 99L, List.of("\u0000")), new Cancellation()), c -> {});

        assertThat(result.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(result.usage().completionTokens()).isBetween(1, 3);
    }

    @Test
    void stopSequenceEndsTheTextBeforeIt() {
        ChatOptions open = options(80, 7L, List.of());
        String full = generate("the tool call", open);
        assertThat(full.length()).isGreaterThan(12);
        String stop = full.substring(8, 11);

        StringBuilder text = new StringBuilder();
        GenerationResult result = provider.generateText(
                request("the tool call", options(80, 7L, List.of(stop)), new Cancellation()), text::append);

        assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(text.toString()).isEqualTo(full.substring(0, full.indexOf(stop)));
    }

    @Test
    void cancelStopsDecodingAtOnce() {
        // a random-weight model may write its end-of-text token within a few chunks, and under load the worker
        // can finish before the cancel reaches it: such a run says nothing about cancel (its answer must then be
        // short; one that ignored the cancel would run to 2000 tokens), so the next seed is tried
        int cancelledRuns = 0;
        for (long seed = 5; seed < 35 && cancelledRuns < 2; seed++) {
            Cancellation cancel = new Cancellation();
            AtomicInteger chunks = new AtomicInteger();
            AtomicInteger afterCancel = new AtomicInteger();
            GenerationResult result = provider.generateText(
                    request("write a long story", options(2000, seed, List.of("\u0000")), cancel), c -> {
                        if (cancel.isCancelled()) {
                            afterCancel.incrementAndGet();
                        } else if (chunks.incrementAndGet() == 3) {
                            cancel.cancel();
                        }
                    });
            if (result.finishReason() == FinishReason.STOP) {
                assertThat(result.usage().completionTokens())
                        .as("an answer that ended by itself")
                        .isLessThan(200);
                continue;
            }
            cancelledRuns++;
            assertThat(result.finishReason()).isEqualTo(FinishReason.CANCELLED);
            assertThat(afterCancel).hasValue(0);
            assertThat(result.usage().completionTokens()).isLessThan(2000);
            assertThat(((EmbeddedModel) provider.loadedModel(MODEL).orElseThrow()).lastTokensAfterCancel())
                    .isLessThanOrEqualTo(2);
        }
        assertThat(cancelledRuns)
                .as("runs that lasted long enough to be cancelled")
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void concurrentGenerationsShareOneWorker() throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<GenerationResult> results = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 3; i++) {
            long seed = i;
            threads.add(Thread.ofVirtual()
                    .start(() -> results.add(provider.generateText(
                            request("session " + seed, options(30, seed, List.of()), new Cancellation()), c -> {}))));
        }
        for (Thread t : threads) {
            t.join();
        }

        assertThat(results)
                .hasSize(3)
                .allSatisfy(r -> assertThat(r.usage().completionTokens()).isPositive());
    }

    @Test
    void loadingAnotherModelDoesNotDisturbARunningStream() {
        StringBuilder text = new StringBuilder();
        GenerationResult[] other = new GenerationResult[1];
        GenerationResult result = provider.generateText(
                request("first", options(30, 11L, List.of("\u0000")), new Cancellation()), chunk -> {
                    if (other[0] == null) {
                        other[0] = provider.generateText(
                                new GenerationRequest(
                                        OTHER,
                                        List.of(Message.user("second")),
                                        List.of(),
                                        options(5, 1L, List.of()),
                                        new Cancellation(),
                                        null),
                                c -> {});
                    }
                    text.append(chunk);
                });

        assertThat(other[0].usage().completionTokens()).isPositive();
        assertThat(result.usage().completionTokens()).isPositive();
        assertThat(provider.workerPid(OTHER)).isPresent().isNotEqualTo(provider.workerPid(MODEL));
        assertThat(provider.unload(OTHER)).isTrue();
        assertThat(provider.model(MODEL).orElseThrow().loaded()).isTrue();
    }

    @Test
    void unknownModelIsNotFound() {
        GenerationRequest request =
                new GenerationRequest("nope", List.of(Message.user("hi")), List.of(), null, null, null);

        assertThatThrownBy(() -> provider.generateText(request, c -> {}))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.code()).isEqualTo("model_not_found"));
    }

    private static String generate(String prompt, ChatOptions options) {
        StringBuilder text = new StringBuilder();
        provider.generateText(request(prompt, options, new Cancellation()), text::append);
        return text.toString();
    }
}
