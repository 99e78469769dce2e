package dev.tether.engine.llamacpp;

import static dev.tether.engine.llamacpp.LlamaCppProviderTest.args;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.Message;
import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.model.PromptRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code max_loaded_models}: three models, room for two. Using the third unloads the least recently used one (its
 * engine process ends), never a fourth engine; rendering a prompt does not start engines past the cap either.
 */
class LoadedModelCapTest {

    @TempDir
    Path dist;

    private static GenerationRequest request(String model) {
        return new GenerationRequest(
                model,
                List.of(Message.user("hi")),
                List.of(),
                new ChatOptions(2, 0.0, null, 1L, List.of(), null, null),
                new Cancellation(),
                null);
    }

    @Test
    void theLeastRecentlyUsedModelIsUnloadedToMakeRoom() throws Exception {
        for (String name : List.of("a", "b", "c")) {
            Files.copy(TestModels.tiny(), dist.resolve(name + ".gguf"));
        }
        try (LlamaCppProvider provider = new LlamaCppProvider(args(Map.of(
                "engine",
                "embedded",
                "dist_root",
                dist.toString(),
                "max_loaded_models",
                "2",
                "threads",
                "1",
                "n_ctx",
                "256")))) {
            provider.generate(request("a"), e -> {});
            provider.generate(request("b"), e -> {});
            provider.generate(request("a"), e -> {}); // b is now the least recently used
            long b = provider.workerPid("b").orElseThrow();

            provider.generate(request("c"), e -> {});
            provider.renderPrompt("a", new PromptRequest(List.of(Message.user("hi")), List.of(), true));

            assertThat(provider.workerPid("b")).as("b was unloaded").isEmpty();
            assertThat(provider.workerPid("a")).isPresent();
            assertThat(provider.workerPid("c")).isPresent();
            ProcessHandle.of(b).ifPresent(p -> p.onExit().join());
            assertThat(ProcessHandle.current()
                            .children()
                            .filter(ProcessHandle::isAlive)
                            .count())
                    .as("engine processes")
                    .isLessThanOrEqualTo(2);
        }
    }

    @Test
    void theDefaultComesFromMemory() {
        int byMemory = LoadedModelCap.fromMemory();

        assertThat(byMemory).isBetween(1, 3);
        assertThat(LoadedModelCap.from(args(Map.of())).max()).isEqualTo(byMemory);
        assertThat(LoadedModelCap.from(args(Map.of("max_loaded_models", "5"))).max())
                .isEqualTo(5);
    }
}
