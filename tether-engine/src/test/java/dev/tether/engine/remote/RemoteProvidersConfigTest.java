package dev.tether.engine.remote;

import static dev.tether.engine.remote.FakeRemote.json;
import static dev.tether.engine.remote.FakeRemote.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.tether.configfile.ConfigException;
import dev.tether.engine.ProviderFactory;
import dev.tether.engine.chat.ChatEvent;
import dev.tether.engine.chat.ChatEvent.Token;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.config.TetherConfig;
import dev.tether.engine.model.ModelInfo;
import dev.tether.engine.model.ModelProvider;
import dev.tether.engine.model.ModelRouter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemoteProvidersConfigTest {

    @TempDir
    Path dir;

    private final FakeRemote ollama;
    private final FakeRemote vllm;

    RemoteProvidersConfigTest() throws Exception {
        ollama = new FakeRemote();
        vllm = new FakeRemote();
    }

    @AfterEach
    void close() {
        ollama.close();
        vllm.close();
    }

    private TetherConfig config(String yaml) throws Exception {
        Path file = dir.resolve("tether.yml");
        Files.writeString(file, yaml);
        return TetherConfig.load(Optional.of(file), Map.of(), k -> null);
    }

    @Test
    void severalProvidersServeTogetherAndTheModelNamePicksOne() throws Exception {
        ollama.on("/api/tags", json(200, "{\"models\":[{\"name\":\"qwen3:8b\"}]}"));
        ollama.on(
                "/api/chat",
                stream(
                        "application/x-ndjson",
                        "{\"message\":{\"role\":\"assistant\",\"content\":\"from ollama\"},\"done\":false}\n",
                        "{\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\"}\n"));
        vllm.on("/v1/models", json(200, "{\"data\":[{\"id\":\"mistral-small\"}]}"));
        vllm.on(
                "/v1/chat/completions",
                stream(
                        "text/event-stream",
                        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"from vllm\"}}]}\n\n",
                        "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n",
                        "data: [DONE]\n\n"));
        TetherConfig config = config("""
                providers:
                  model: { impl: scripted, args: { models: [demo], rules: [] } }
                  extra:
                    - { impl: ollama, args: { base_url: "%s" } }
                    - { impl: openai, args: { base_url: "%s/v1" } }
                """.formatted(ollama.baseUrl(), vllm.baseUrl()));

        try (ModelRouter router = ProviderFactory.create(config.providers())) {
            assertThat(router.models())
                    .extracting(ModelInfo::name, ModelInfo::provider)
                    .containsExactly(
                            tuple("demo", "scripted"), tuple("qwen3:8b", "ollama"), tuple("mistral-small", "openai"));
            assertThat(router.providerFor("qwen3:8b")).isInstanceOf(OllamaProvider.class);
            assertThat(router.providerFor("mistral-small")).isInstanceOf(OpenAiProvider.class);
        }
        try (LoopHarness loop = new LoopHarness(
                dir, ProviderFactory.create(config.providers()).providers().toArray(new ModelProvider[0]))) {
            assertThat(text(loop.turn("hi", "qwen3:8b", ChatOptions.DEFAULT))).isEqualTo("from ollama");
            assertThat(text(loop.turn("hi", "mistral-small", ChatOptions.DEFAULT)))
                    .isEqualTo("from vllm");
        }
    }

    @Test
    void aBadRemoteSettingStopsStartUpNamingTheProvidersKey() throws Exception {
        TetherConfig config = config("""
                providers:
                  model: { impl: scripted, args: { models: [demo], rules: [] } }
                  extra:
                    - { impl: openai, args: { base_url: "http://127.0.0.1:1/v1", read_timeout_ms: 0 } }
                """);

        assertThatThrownBy(() -> ProviderFactory.create(config.providers()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("providers.extra[0]")
                .hasMessageContaining("args.read_timeout_ms: must be a positive number of milliseconds");
    }

    private static String text(List<ChatEvent> events) {
        return events.stream()
                .filter(e -> e instanceof Token)
                .map(e -> ((Token) e).text())
                .reduce("", String::concat);
    }
}
