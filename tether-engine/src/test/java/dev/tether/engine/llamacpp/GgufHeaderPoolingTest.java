package dev.tether.engine.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which headers are embedding models, and with what pooling. */
class GgufHeaderPoolingTest {

    private static GgufHeader header(String architecture, Long pooling) {
        Map<String, Object> metadata = new HashMap<>(Map.of("general.architecture", architecture));
        if (pooling != null) {
            metadata.put(architecture + ".pooling_type", pooling);
        }
        return new GgufHeader(3, metadata, List.of(), 1, 1);
    }

    @Test
    void thePoolingTypeKeyNamesThePooling() {
        assertThat(header("qwen3", 1L).pooling()).hasValue("mean");
        assertThat(header("bert", 2L).pooling()).hasValue("cls");
        assertThat(header("qwen3", 3L).pooling()).hasValue("last");
        assertThat(header("bert", 4L).pooling()).hasValue("rank");
    }

    @Test
    void anEncoderWithoutTheKeyPoolsByMean() {
        assertThat(header("nomic-bert", null).pooling()).hasValue("mean");
        assertThat(header("jina-bert-v2", null).pooling()).hasValue("mean");
    }

    @Test
    void aDecoderWithoutPoolingIsAChatModel() {
        assertThat(header("qwen3", null).pooling()).isEmpty();
        assertThat(header("llama", 0L).pooling()).isEmpty();
    }
}
