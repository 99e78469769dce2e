package dev.tether.configfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLayersTest {

    @TempDir
    Path dir;

    private ConfigLayers load(String yaml, Map<String, String> overrides) throws Exception {
        Path file = dir.resolve("tether.yml");
        Files.writeString(file, yaml);
        return ConfigLayers.load(Optional.of(file), overrides);
    }

    @Test
    void aBlockTheUserGivesIsMergedWithTheDefaultBlockKeyByKey() throws Exception {
        ConfigLayers layers = load("providers:\n  model:\n    args:\n      n_ctx: 2048\n", Map.of());

        assertThat(layers.layer("providers.model").get("impl").asString().get()).isEqualTo("llamacpp");
        assertThat(layers.layer("providers.model").get("args.n_ctx").asInt().get())
                .isEqualTo(2048);
        assertThat(layers.layer("providers.model")
                        .get("args.dist_root")
                        .asString()
                        .get())
                .isEqualTo("dist");
        assertThat(layers.string("providers.model.args.engine")).isEqualTo("auto");
    }

    @Test
    void theUsersKeyWinsOverTheDefaultOneInAMergedBlock() throws Exception {
        ConfigLayers layers = load("providers:\n  model:\n    impl: scripted\n", Map.of());

        assertThat(layers.layer("providers.model").get("impl").asString().get()).isEqualTo("scripted");
        assertThat(layers.layer("providers.model").get("args.engine").asString().get())
                .isEqualTo("auto");
    }

    @Test
    void aListTheUserGivesReplacesTheDefaultListWhole() throws Exception {
        ConfigLayers layers = load("port: 1\n", Map.of());

        assertThat(layers.stringList("tools.enabled")).isNotEmpty(); // the default list, untouched
        ConfigLayers user = load("tools:\n  enabled: [weather]\n", Map.of());
        assertThat(user.stringList("tools.enabled")).containsExactly("weather");
        assertThat(user.layer("tools").get("enabled").asList(String.class).get())
                .containsExactly("weather");
    }

    @Test
    void aWordWhereAWholeNumberBelongsIsToldInPlainWords() throws Exception {
        ConfigLayers layers = load("limits:\n  max_tool_loops: lots\n", Map.of());

        assertThatThrownBy(() -> layers.positive("limits.max_tool_loops"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("limits.max_tool_loops: must be a whole number, such as 10, was 'lots'");
        assertThatThrownBy(
                        () -> load("limits:\n  max_tool_loops: 2.5\n", Map.of()).integer("limits.max_tool_loops"))
                .hasMessageContaining("must be a whole number");
    }

    @Test
    void aCommandLineOverrideWinsOverTheFileAndTheDefaults() throws Exception {
        ConfigLayers layers = load("port: 9000\n", Map.of("port", "9100"));

        assertThat(layers.integer("port")).isEqualTo(9100);
    }
}
