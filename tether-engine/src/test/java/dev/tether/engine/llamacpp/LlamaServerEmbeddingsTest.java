package dev.tether.engine.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.Message;
import dev.tether.engine.error.EngineException;
import dev.tether.engine.model.Embeddings;
import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.model.ModelInfo;
import dev.tether.engine.model.ModelRouter;
import dev.tether.engine.model.PromptRequest;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An embedding GGUF (a random-weight BERT) on the real llama-server: its own child with {@code --embeddings}. */
class LlamaServerEmbeddingsTest {

    @TempDir
    static Path dist;

    @TempDir
    static Path logs;

    private static LlamaCppProvider provider;

    @BeforeAll
    static void start() throws Exception {
        Files.copy(TestModels.bertEmbedder(), dist.resolve("bert.gguf"));
        Files.copy(TestModels.qwen3(), dist.resolve("qwen3.gguf"));
        provider = new LlamaCppProvider(args(Map.of()));
    }

    @AfterAll
    static void stop() {
        if (provider != null) {
            provider.close();
        }
    }

    private static Config args(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(Map.of(
                "dist_root",
                dist.toString(),
                "engine",
                "llama-server",
                "llama_server",
                LlamaCppBuild.server().toString(),
                "log_dir",
                logs.toString(),
                "n_ctx",
                "512",
                "threads",
                "1"));
        values.putAll(extra);
        return Config.just(ConfigSources.create(values));
    }

    @Test
    void anEncoderIsListedAsAnEmbeddingModelAndIsNeverTheDefaultChatModel() {
        ModelInfo bert = provider.model("bert").orElseThrow();
        assertThat(bert.details()).containsEntry("kind", "embedding").containsEntry("pooling", "mean");
        assertThat(bert.embedding()).isTrue();
        assertThat(provider.model("qwen3").orElseThrow().details()).containsEntry("kind", "chat");

        ModelRouter router = new ModelRouter(List.of(provider));
        assertThat(router.models().getFirst().name()).isEqualTo("bert");
        assertThat(router.defaultModel()).isEqualTo("qwen3");
        assertThat(router.embeddingModels()).extracting(ModelInfo::name).containsExactly("bert");
    }

    @Test
    void vectorsHaveTheModelsWidthAreNormalisedAndDeterministic() {
        Embeddings first = provider.embed("bert", List.of("the cat sat on the mat", "quarterly tax report"));
        assertThat(first.vectors()).hasSize(2);
        assertThat(first.promptTokens()).isGreaterThan(4);
        for (float[] vector : first.vectors()) {
            assertThat(vector).hasSize(TestModels.BERT_WIDTH);
            assertThat(norm(vector)).isCloseTo(1.0, within(1e-4));
        }
        assertThat(first.vectors().get(0)).isNotEqualTo(first.vectors().get(1));

        Embeddings again = provider.embed("bert", List.of("the cat sat on the mat"));
        assertThat(again.vectors().getFirst()).containsExactly(first.vectors().getFirst(), within(1e-5f));
        assertThat(provider.model("bert").orElseThrow().details()).containsEntry("state", "ready");
    }

    @Test
    void anEmbeddingModelNeverChatsAndAChatModelMakesNoEmbeddings() {
        GenerationRequest chat = new GenerationRequest(
                "bert", List.of(Message.user("hi")), List.of(), ChatOptions.DEFAULT, new Cancellation(), null);
        assertThatThrownBy(() -> provider.generate(chat, e -> {}))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.code()).isEqualTo("not_a_chat_model"))
                .hasMessageContaining("embedding model");
        assertThatThrownBy(() ->
                        provider.renderPrompt("bert", new PromptRequest(List.of(Message.user("hi")), List.of(), true)))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.code()).isEqualTo("not_a_chat_model"));
        assertThatThrownBy(() -> provider.embed("qwen3", List.of("hi")))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.code()).isEqualTo("not_an_embedding_model"));
        assertThat(provider.workerPid("qwen3")).isEmpty();
    }

    @Test
    void aModelNamedInEmbeddingModelsIsOneWhateverItsHeader() {
        try (LlamaCppProvider named = new LlamaCppProvider(args(Map.of("embedding_models.0", "qwen3")))) {
            assertThat(named.model("qwen3").orElseThrow().details())
                    .containsEntry("kind", "embedding")
                    .containsEntry("pooling", "mean");
        }
    }

    @Test
    void theEmbeddedEngineSaysItComputesNoEmbeddings() {
        try (LlamaCppProvider embedded = new LlamaCppProvider(args(Map.of("engine", "embedded")))) {
            assertThatThrownBy(() -> embedded.embed("bert", List.of("hi")))
                    .isInstanceOfSatisfying(
                            EngineException.class, e -> assertThat(e.code()).isEqualTo("embeddings_unsupported"))
                    .hasMessageContaining("embedded engine");
        }
    }

    private static double norm(float[] vector) {
        double sum = 0;
        for (float v : vector) {
            sum += v * v;
        }
        return Math.sqrt(sum);
    }
}
