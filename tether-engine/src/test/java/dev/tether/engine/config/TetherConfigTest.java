package dev.tether.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.configfile.ConfigException;
import dev.tether.engine.chat.ContextStrategy;
import dev.tether.tool.ToolsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TetherConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaultsLoadWithoutAFile() {
        TetherConfig config = TetherConfig.load(Optional.empty(), Map.of(), k -> null);

        assertThat(config.server().host()).isEqualTo("127.0.0.1");
        assertThat(config.server().port()).isEqualTo(8080);
        assertThat(config.server().hasApiKey()).isFalse();
        assertThat(config.providers())
                .singleElement()
                .satisfies(p -> assertThat(p.impl()).isEqualTo("llamacpp"));
        assertThat(config.tools().enabled()).contains("get_current_time");
        assertThat(config.limits().maxToolLoops()).isEqualTo(5);
        assertThat(config.maxToolChars()).isEqualTo(32768);
        assertThat(config.server().shutdownGraceMs()).isEqualTo(3000);
    }

    @Test
    void theShutdownGraceIsASetting() throws Exception {
        Path file = write("""
                server: { shutdown_grace_ms: 250 }
                """);

        assertThat(TetherConfig.load(Optional.of(file), Map.of(), k -> null)
                        .server()
                        .shutdownGraceMs())
                .isEqualTo(250);
    }

    @Test
    void fileOverridesKeysAndReplacesListsWhole() throws Exception {
        Path file = write("""
                port: 9090
                tools:
                  registry:
                    - { name: clock, impl: dev.tether.toolsets.TimeTool }
                  enabled: [clock]
                """);

        TetherConfig config = TetherConfig.load(Optional.of(file), Map.of(), k -> null);

        assertThat(config.server().port()).isEqualTo(9090);
        assertThat(config.server().host()).isEqualTo("127.0.0.1");
        assertThat(config.tools().registry())
                .extracting(ToolsConfig.ToolEntry::name)
                .containsExactly("clock");
        assertThat(config.tools().enabled()).containsExactly("clock");
    }

    @Test
    void oneProviderArgumentKeepsTheDefaultEngineAndItsOtherArguments() throws Exception {
        Path file = write("providers:\n  model:\n    args:\n      n_ctx: 2048\n");

        TetherConfig.ProviderSettings model = TetherConfig.load(Optional.of(file), Map.of(), k -> null)
                .providers()
                .getFirst();

        assertThat(model.impl()).isEqualTo("llamacpp");
        assertThat(model.args().get("n_ctx").asInt().get()).isEqualTo(2048);
        assertThat(model.args().get("dist_root").asString().get()).isEqualTo("dist");
    }

    @Test
    void anotherEngineGetsOnlyItsOwnArguments() throws Exception {
        Path file =
                write("providers:\n  model:\n    impl: ollama\n    args: { base_url: \"http://127.0.0.1:11434\" }\n");

        TetherConfig.ProviderSettings model = TetherConfig.load(Optional.of(file), Map.of(), k -> null)
                .providers()
                .getFirst();

        assertThat(model.impl()).isEqualTo("ollama");
        assertThat(model.args().get("base_url").asString().get()).isEqualTo("http://127.0.0.1:11434");
        assertThat(model.args().get("dist_root").exists()).isFalse();
    }

    @Test
    void overridesBeatTheFileAndModelPathSelectsLlamaCpp() throws Exception {
        Path file = write("port: 9090\n");

        TetherConfig config =
                TetherConfig.load(Optional.of(file), Map.of("port", "0", "model", "/m/x.gguf"), k -> null);

        assertThat(config.server().port()).isZero();
        assertThat(config.providers().getFirst().impl()).isEqualTo("llamacpp");
        assertThat(config.providers().getFirst().args().get("model").asString().get())
                .isEqualTo("/m/x.gguf");
    }

    @Test
    void apiKeyComesFromTheEnvironment() {
        TetherConfig config =
                TetherConfig.load(Optional.empty(), Map.of(), k -> k.equals("TETHER_API_KEY") ? "s3cret" : null);

        assertThat(config.server().apiKey()).isEqualTo("s3cret");
    }

    @Test
    void malformedYamlNamesTheFile() throws Exception {
        Path file = write("port: [unclosed\n  host: :\n");

        assertThatThrownBy(() -> TetherConfig.load(Optional.of(file), Map.of(), k -> null))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("malformed");
    }

    @Test
    void wrongTypeNamesTheKey() throws Exception {
        Path file = write("limits: { max_tool_loops: lots }\n");

        assertThatThrownBy(() -> TetherConfig.load(Optional.of(file), Map.of(), k -> null))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("limits.max_tool_loops:");
    }

    @Test
    void theContextStrategySummarizesByDefaultAndTheFileCanChooseTrim() throws Exception {
        TetherConfig defaults = TetherConfig.load(Optional.empty(), Map.of(), k -> null);
        TetherConfig trim = TetherConfig.load(
                Optional.of(write("context: { strategy: trim, summary_max_tokens: 100 }\n")), Map.of(), k -> null);

        assertThat(defaults.context()).isEqualTo(new TetherConfig.ContextSettings(ContextStrategy.SUMMARIZE, 256));
        assertThat(trim.context()).isEqualTo(new TetherConfig.ContextSettings(ContextStrategy.TRIM, 100));
        assertThatThrownBy(() ->
                        TetherConfig.load(Optional.of(write("context: { strategy: forget }\n")), Map.of(), k -> null))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("context.strategy:")
                .hasMessageContaining("trim or summarize");
    }

    @Test
    void missingFileIsNamed() {
        assertThatThrownBy(() -> TetherConfig.load(Optional.of(dir.resolve("nope.yml")), Map.of(), k -> null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("nope.yml");
    }

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("tether.yml");
        Files.writeString(file, yaml);
        return file;
    }
}
