package dev.tether.toolsets.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.configfile.ConfigException;
import dev.tether.tool.LocalEmbeddings;
import dev.tether.tool.ToolContext;
import dev.tether.toolsets.TestContexts;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code embedder} and {@code embedding.url} choose what the knowledge base embeds with. */
class KbEmbedderSettingsTest {

    /** Two local models by name; these tests never embed, they only choose. */
    private static final LocalEmbeddings TWO_MODELS = new LocalEmbeddings() {
        @Override
        public List<String> models() {
            return List.of("bge-small", "nomic");
        }

        @Override
        public List<float[]> embed(String model, List<String> texts) {
            throw new AssertionError("not called");
        }
    };

    @TempDir
    Path dir;

    private KbSettings settings(String extra, LocalEmbeddings local) {
        ToolContext plain = TestContexts.context("kb", "folders: [\"" + dir + "\"]\n" + extra, dir);
        return KbSettings.from(
                new ToolContext(plain.name(), plain.args(), plain.dataDir(), plain.environment(), local));
    }

    @Test
    void theFirstLocalEmbeddingModelIsTheDefault() {
        KbSettings settings = settings("", TWO_MODELS);
        assertThat(settings.embedding()).hasValueSatisfying(e -> {
            assertThat(e.local()).isPresent();
            assertThat(e.model()).isEqualTo("bge-small");
        });
        assertThat(settings.fingerprint()).contains("embedding=local:bge-small");
    }

    @Test
    void withoutLocalModelsOrAServiceThereIsNoSearchByMeaning() {
        assertThat(settings("", LocalEmbeddings.NONE).embedding()).isEmpty();
    }

    @Test
    void embedderNamesALocalModelOrTurnsItOff() {
        assertThat(settings("embedder: local:nomic", TWO_MODELS).embedding())
                .hasValueSatisfying(e -> assertThat(e.model()).isEqualTo("nomic"));
        assertThat(settings("embedder: none", TWO_MODELS).embedding()).isEmpty();
    }

    @Test
    void aConfiguredServiceWinsOverTheDefault() {
        KbSettings settings = settings(
                "embedding: { url: \"http://127.0.0.1:11434/api/embed\", model: nomic-embed-text }", TWO_MODELS);
        assertThat(settings.embedding()).hasValueSatisfying(e -> {
            assertThat(e.local()).isEmpty();
            assertThat(e.model()).isEqualTo("nomic-embed-text");
        });
    }

    @Test
    void anUnknownModelOrFormIsNamed() {
        assertThatThrownBy(() -> settings("embedder: local:absent", TWO_MODELS))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("embedder")
                .hasMessageContaining("bge-small");
        assertThatThrownBy(() -> settings("embedder: ollama", TWO_MODELS))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("local:<model> or none");
    }
}
