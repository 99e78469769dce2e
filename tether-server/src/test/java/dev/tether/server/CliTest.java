package dev.tether.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CliTest {

    @Test
    void readsConfigPortAndModel() {
        Cli cli = Cli.parse(new String[] {"--config", "my.yml", "--port=0", "--model", "dist/m.gguf"}, k -> null);
        assertThat(cli.config()).contains(Path.of("my.yml"));
        assertThat(cli.overrides()).isEqualTo(Map.of("port", "0", "model", "dist/m.gguf"));
    }

    @Test
    void takesTheConfigFromTheEnvironmentWhenNotGiven() {
        assertThat(Cli.parse(new String[0], k -> k.equals("TETHER_CONFIG") ? "env.yml" : null)
                        .config())
                .contains(Path.of("env.yml"));
        assertThat(Cli.parse(new String[] {"--config", "arg.yml"}, k -> "env.yml")
                        .config())
                .contains(Path.of("arg.yml"));
        assertThat(Cli.parse(new String[0], k -> null).config()).isEqualTo(Optional.empty());
        assertThat(Cli.parse(new String[0], k -> null).overrides()).isEmpty();
    }

    @Test
    void refusesUnknownOptionsAndBadValues() {
        assertThatThrownBy(() -> Cli.parse(new String[] {"--prot", "1"}, k -> null))
                .hasMessageContaining("unknown option --prot");
        assertThatThrownBy(() -> Cli.parse(new String[] {"--port", "http"}, k -> null))
                .hasMessageContaining("--port must be a number");
        assertThatThrownBy(() -> Cli.parse(new String[] {"--port", "70000"}, k -> null))
                .hasMessageContaining("--port must be a number");
        assertThatThrownBy(() -> Cli.parse(new String[] {"--config"}, k -> null))
                .hasMessageContaining("--config needs a value");
    }

    @Test
    void asksForHelp() {
        assertThat(Cli.parse(new String[] {"--help"}, k -> null).help()).isTrue();
    }
}
