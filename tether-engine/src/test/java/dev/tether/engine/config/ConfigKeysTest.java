package dev.tether.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.configfile.ConfigException;
import dev.tether.configfile.ConfigKeys;
import dev.tether.configfile.ConfigLayers;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigKeysTest {

    private static final Config DEFAULTS = Config.just(ConfigSources.classpath(ConfigLayers.DEFAULTS_RESOURCE));

    @TempDir
    Path dir;

    private static List<String> unknown(String yaml) {
        return ConfigKeys.of(DEFAULTS)
                .unknown(Config.just(
                        ConfigSources.create(yaml, io.helidon.common.media.type.MediaTypes.APPLICATION_X_YAML)));
    }

    @Test
    void namesAMisspeltKeyWithTheNearestKnownOne() {
        assertThat(unknown("tools:\n  enabeld: [weather]\n"))
                .containsExactly("unknown key 'tools.enabeld' (did you mean 'tools.enabled'?)");
        assertThat(unknown("limits: { max_tool_loop: 3 }\nprot: 9000\n"))
                .containsExactlyInAnyOrder(
                        "unknown key 'limits.max_tool_loop' (did you mean 'limits.max_tool_loops'?)",
                        "unknown key 'prot' (did you mean 'port'?)");
    }

    @Test
    void aKeyInTheWrongPlaceSuggestsWhereItBelongs() {
        assertThat(unknown("llama_server_args: []\n"))
                .containsExactly(
                        "unknown key 'llama_server_args' (did you mean 'providers.model.args.llama_server_args'?)");
    }

    @Test
    void aKeyFarFromAnyKnownOnePointsAtTheExample() {
        assertThat(unknown("completely_different: 1\n"))
                .containsExactly(
                        "unknown key 'completely_different' (the keys are listed in config/tether.example.yml)");
    }

    @Test
    void providerAndToolArgsAndKnownKeysPass() {
        assertThat(unknown("""
                port: 0
                providers:
                  model: { impl: ollama, args: { base_url: "http://127.0.0.1:11434", anything: 1 } }
                  extra: [ { impl: openai, args: { base_url: "http://x" } } ]
                tools:
                  registry: [ { name: clock, impl: x.Clock, args: { zone: UTC } } ]
                  enabled: [clock]
                server: { cors: { allowed_origins: ["http://localhost:3000"] } }
                """)).isEmpty();
    }

    @Test
    void loadingAFileLogsEachUnknownKey() throws Exception {
        Path file = dir.resolve("my.yml");
        Files.writeString(file, "tools:\n  enabeld: [weather]\n");
        List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger logger = Logger.getLogger(ConfigLayers.class.getName());
        logger.addHandler(handler);
        try {
            TetherConfig.load(Optional.of(file), Map.of(), k -> null);
        } finally {
            logger.removeHandler(handler);
        }
        assertThat(logged).containsExactly(file + ": unknown key 'tools.enabeld' (did you mean 'tools.enabled'?)");
    }

    @Test
    void yamlErrorsGiveLineAndColumn() throws Exception {
        Path file = dir.resolve("bad.yml");
        Files.writeString(file, "port: 8080\nserver:\n  api_key: \"unclosed\n");
        Path twice = dir.resolve("twice.yml");
        Files.writeString(twice, "port: 8080\nhost: 127.0.0.1\nport: 9090\n");

        assertThatThrownBy(() -> TetherConfig.load(Optional.of(file), Map.of(), k -> null))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageMatching("(?s).*malformed YAML at line \\d+, column \\d+: .*");
        assertThatThrownBy(() -> TetherConfig.load(Optional.of(twice), Map.of(), k -> null))
                .hasMessageContaining("malformed YAML at line 3, column 1")
                .hasMessageContaining("duplicate key port");
    }

    @Test
    void theExampleConfigParsesHasEveryDefaultKeyAndNoUnknownOne() {
        Path example = Path.of("..", "config", "tether.example.yml");
        Config parsed = Config.just(ConfigSources.file(example).build());

        assertThat(ConfigKeys.of(parsed).unknown(DEFAULTS))
                .as("default.yml keys missing from the example")
                .isEmpty();
        assertThat(ConfigKeys.of(DEFAULTS).unknown(parsed))
                .as("example keys Tether does not know")
                .isEmpty();
        TetherConfig fromExample = TetherConfig.load(Optional.of(example), Map.of(), k -> null);
        TetherConfig defaults = TetherConfig.load(Optional.empty(), Map.of(), k -> null);
        assertThat(fromExample)
                .usingRecursiveComparison()
                .comparingOnlyFields(
                        "server",
                        "systemPrompt",
                        "maxToolChars",
                        "storeUrl",
                        "dataDir",
                        "limits",
                        "mcpHttpEnabled",
                        "mcpSessionIdleSec",
                        "pull")
                .isEqualTo(defaults);
        assertThat(fromExample.tools().enabled()).isEqualTo(defaults.tools().enabled());
    }
}
