package dev.tether.engine.llamacpp;

import static dev.tether.engine.llamacpp.LlamaCppProviderTest.args;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.configfile.ConfigException;
import dev.tether.engine.model.ModelInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery and settings; nothing here starts a worker. */
class GgufFilesTest {

    @TempDir
    Path dist;

    @Test
    void listsEveryGgufUnderDistRootWithTheChosenOneFirst() throws IOException {
        Files.createDirectories(dist.resolve("sub"));
        Files.copy(TestModels.tiny(), dist.resolve("alpha.gguf"));
        Files.copy(TestModels.tiny(), dist.resolve("sub/beta.gguf"));
        Files.writeString(dist.resolve("broken.gguf"), "junk");
        Files.writeString(dist.resolve("notes.txt"), "not a model");

        try (LlamaCppProvider provider = new LlamaCppProvider(
                args(Map.of("engine", "embedded", "dist_root", dist.toString(), "model_name", "beta")))) {
            assertThat(provider.models()).extracting(ModelInfo::name).containsExactly("beta", "alpha", "broken");
            assertThat(provider.models()).allSatisfy(m -> assertThat(m.loaded()).isFalse());
            assertThat(provider.model("alpha").orElseThrow().details()).containsEntry("architecture", "llama");
            assertThat(provider.model("broken")
                            .orElseThrow()
                            .details()
                            .get("error")
                            .toString())
                    .contains("GGUF");
            assertThat(provider.toolFormat("alpha").name()).isNotBlank();
        }
    }

    @Test
    void aBrokenDefaultModelIsNamedAtStartAndMakesTheProviderNotReady() throws IOException {
        Path text = Files.writeString(dist.resolve("notes.gguf"), "just some text, renamed");
        Files.copy(TestModels.tiny(), dist.resolve("good.gguf"));
        java.util.List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(LlamaCppProvider.class.getName());
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                warnings.add(record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        log.addHandler(handler);
        try (LlamaCppProvider broken = new LlamaCppProvider(args(Map.of("model", text.toString())));
                LlamaCppProvider other =
                        new LlamaCppProvider(args(Map.of("dist_root", dist.toString(), "model_name", "good")))) {
            assertThat(warnings)
                    .anySatisfy(w -> assertThat(w)
                            .startsWith("model notes (" + text + ") cannot be " + "served: unreadable GGUF header"));
            assertThat(broken.ready()).isFalse();
            assertThat(broken.model("notes")
                            .orElseThrow()
                            .details()
                            .get("error")
                            .toString())
                    .contains("GGUF");
            assertThat(other.ready()).as("a broken file beside a good default").isTrue();
        } finally {
            log.removeHandler(handler);
        }
    }

    @Test
    void aModelPathServesJustThatFile() throws IOException {
        Path file = Files.copy(TestModels.tiny(), dist.resolve("only.gguf"));
        Files.copy(TestModels.tiny(), dist.resolve("other.gguf"));

        try (LlamaCppProvider provider = new LlamaCppProvider(
                args(Map.of("engine", "embedded", "model", file.toString(), "dist_root", dist.toString())))) {
            assertThat(provider.models()).extracting(ModelInfo::name).containsExactly("only");
        }
    }

    @Test
    void badSettingsNameTheirKey() {
        assertThatThrownBy(() -> new LlamaCppProvider(
                        args(Map.of("model", dist.resolve("missing.gguf").toString()))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("model");
        assertThatThrownBy(() -> new LlamaCppProvider(args(Map.of("device", "tpu"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("device");
        assertThatThrownBy(() -> new LlamaCppProvider(args(Map.of("keep_alive", "soon"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("keep_alive");
        assertThatThrownBy(() -> new LlamaCppProvider(args(Map.of("tool_format", "smoke-signals"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tool_format");
    }

    @Test
    void keepAliveAcceptsUnits() {
        assertThat(LlamaSettings.keepAlive("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(LlamaSettings.keepAlive("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(LlamaSettings.keepAlive("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(LlamaSettings.keepAlive("90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(LlamaSettings.keepAlive("-1")).isNegative();
    }
}
