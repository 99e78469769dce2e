package dev.tether.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ModelRouterTest {

    @Test
    void aChatRunsOnAServedChatModelNeverOnAnEmbeddingModel() {
        ModelProvider provider = new ModelProvider() {
            @Override
            public List<ModelInfo> models() {
                return List.of(
                        new ModelInfo("qwen3", "llamacpp", false, Map.of()),
                        new ModelInfo("bge", "llamacpp", false, Map.of("kind", ModelInfo.EMBEDDING)));
            }

            @Override
            public GenerationResult generate(GenerationRequest request, Consumer<ModelEvent> events) {
                throw new UnsupportedOperationException();
            }
        };
        ModelRouter router = new ModelRouter(List.of(provider));

        assertThat(router.chats("qwen3")).isTrue();
        assertThat(router.chats("bge")).as("an embedding model").isFalse();
        assertThat(router.chats("gone")).isFalse();
    }
}
